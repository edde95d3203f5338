from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "lawful.organisations"
    label = "organisations"
    verbose_name = "organisations"
