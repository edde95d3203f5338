from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "lawful.staff"
    label = "staff"
