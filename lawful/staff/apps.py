from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StaffConfig(AppConfig):
    name = "lawful.staff"
    label = "staff"

    def ready(self):
        from .roles import sync_role_groups
        from .signin import connect_signals

        connect_signals()
        _unregister_device_admins()

        # After the last app migrates, so that every app's permissions exist.
        post_migrate.connect(sync_role_groups, dispatch_uid="lawful.staff.sync_role_groups")


def _unregister_device_admins() -> None:
    """django-otp's own admin pages would let a second factor be changed unaudited: a
    reset is `lawful staff reset-2fa` (lawful.staff.two_factor.reset_second_factor).
    Django's admin registered them already: it is the first app, and its ready() runs first."""
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
