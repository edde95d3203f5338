from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "lawful.rights"
    label = "rights"
    verbose_name = "Rights requests and complaints"

    def ready(self):
        from lawful.registry import register_source

        from .personal_data import RightsSource

        register_source(RightsSource())
        # --- rights-core: the dashboard panel -----------------------------------------
        from .panel import register_requests_panel

        register_requests_panel()
        # --- rights-pack / rights-erase: add your ready() hooks below, in your own block
        # --- rights-pack: access packs and letters in the registry ----------------------
        from .pack_personal_data import AccessPackSource

        register_source(AccessPackSource())
