from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "lawful.disclosures"
    label = "disclosures"
    verbose_name = "Disclosures to recipients"

    def ready(self):
        from lawful.registry import register_source

        from .personal_data import DisclosureSource

        register_source(DisclosureSource())
