from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lawful.people"
    label = "people"
