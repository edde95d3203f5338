from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StaffConfig(AppConfig):
    name = "lawful.staff"
    label = "staff"

    def ready(self):
        from .roles import sync_role_groups
        from .signin import connect_signals

        connect_signals()

        # After the last app migrates, so that every app's permissions exist.
        post_migrate.connect(sync_role_groups, dispatch_uid="lawful.staff.sync_role_groups")
