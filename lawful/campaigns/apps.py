from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "lawful.campaigns"
    label = "campaigns"
    verbose_name = "Campaigns: imports, audiences and sends"

    def ready(self):
        from lawful.registry import register_source

        from .personal_data import DeliverySource

        register_source(DeliverySource())
