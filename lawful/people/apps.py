from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lawful.people"
    label = "people"

    def ready(self):
        from lawful.registry import register_source

        from .personal_data import PeopleSource

        register_source(PeopleSource())
