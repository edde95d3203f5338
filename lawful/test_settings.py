"""Settings for the test run: every outside integration neutralised."""

from lawful.settings import *  # noqa: F403

SECRET_KEY = "tests-only-not-a-secret"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Argon2 is the production hasher (see settings.py); the tests use a fast one so that
# creating a hundred staff accounts does not dominate the run.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
# django-axes refuses authenticate() without a request, which the test client's login()
# calls; the sign-in tests (tests/staff/test_sign_in.py) switch it on where they test it.
AXES_ENABLED = False
