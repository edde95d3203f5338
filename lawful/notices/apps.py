from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "lawful.notices"
    label = "notices"
