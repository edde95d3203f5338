from django.apps import AppConfig


class CryptoTestAppConfig(AppConfig):
    name = "tests.crypto_app"
    label = "crypto_tests"
    default_auto_field = "django.db.models.BigAutoField"
