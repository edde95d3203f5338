"""Settings for the test run: every outside integration neutralised."""

import tempfile
from pathlib import Path

from lawful.settings import *  # noqa: F403

SECRET_KEY = "tests-only-not-a-secret"
LAWFUL_AUDIT_KEY = "tests-only-audit-key-not-a-secret-0123456789"
LAWFUL_SUPPRESSION_KEY = "tests-only-suppression-key"
# A fixed Fernet master key (tests only); encrypted files go to a directory of the run's own
# (tests/conftest.py gives each test a fresh one).
LAWFUL_MASTER_KEY = "dGVzdHMtb25seS1tYXN0ZXIta2V5LW5vdC1zZWNyZXQ="
# Read the active key at every encryption (a test's organisation ids recur after rollbacks);
# tests/crypto/test_field.py switches the cache on where it tests it.
LAWFUL_ACTIVE_KEY_SECONDS = 0
LAWFUL_FILES_ROOT = Path(tempfile.mkdtemp(prefix="lawful-test-files-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Argon2 is the production hasher (see settings.py); the tests use a fast one so that
# creating a hundred staff accounts does not dominate the run.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
# Tasks run at once, in the test's own transaction, unless a test switches TASKS to the
# database backend (tests/jobs: the `database_tasks` fixture) to run the real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# No collectstatic before the tests: the manifest storage is exercised by scripts/demo.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# django-axes refuses authenticate() without a request, which the test client's login()
# calls; the sign-in tests (tests/staff/test_sign_in_views.py) switch it on where they test it.
AXES_ENABLED = False
# A model with encrypted fields that belongs to no feature (tests of lawful.crypto).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.crypto_app"]  # noqa: F405
