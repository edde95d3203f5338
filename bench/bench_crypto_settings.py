"""Settings of bench_crypto.py: Lawful's own, with the tests' model of encrypted notes
(tests.crypto_app) to have a table to encrypt, and bench-only keys."""

import os

from cryptography.fernet import Fernet

os.environ.setdefault("LAWFUL_AUDIT_KEY", "bench-only-audit-key-" + "0" * 32)
os.environ.setdefault("LAWFUL_MASTER_KEY", Fernet.generate_key().decode())

from lawful.settings import *  # noqa: E402, F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.crypto_app"]  # noqa: F405
