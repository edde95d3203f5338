from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "lawful.casework"
    label = "casework"

    def ready(self):
        from lawful.crypto.services import register_rekeyer
        from lawful.registry import register_source

        from .panel import register_cases_panel
        from .personal_data import CaseworkSource
        from .search import rekey_batch

        register_source(CaseworkSource())
        register_cases_panel()
        register_rekeyer("casework search tokens", rekey_batch)
