from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "lawful.public"
    label = "public"
