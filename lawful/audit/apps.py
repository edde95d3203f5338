from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lawful.audit"
    label = "audit"
