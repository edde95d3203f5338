from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "lawful.crypto"
    label = "crypto"
    verbose_name = "Protection at rest (envelope encryption)"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
