from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lawful.api"
    label = "api"
    verbose_name = "API"
