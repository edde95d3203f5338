from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lawful.audit"
    label = "audit"

    def ready(self):
        from lawful.registry import register_source

        from .personal_data import AuditSource

        register_source(AuditSource())
