from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "lawful.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
