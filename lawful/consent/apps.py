from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "lawful.consent"
    label = "consent"
    verbose_name = "Consent and subscriptions"

    def ready(self):
        from lawful.registry import register_source

        from .personal_data import ConsentSource

        register_source(ConsentSource())
