from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "lawful.casework"
    label = "casework"

    def ready(self):
        from lawful.registry import register_source

        from .panel import register_cases_panel
        from .personal_data import CaseworkSource

        register_source(CaseworkSource())
        register_cases_panel()
