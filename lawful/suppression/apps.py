from django.apps import AppConfig


class SuppressionConfig(AppConfig):
    name = "lawful.suppression"
    label = "suppression"
    verbose_name = "Do-not-contact (suppression) list"
