from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "lawful.security"
    label = "security"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 (registers the checks)
        from .middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="lawful.security.session")
