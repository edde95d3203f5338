"""With LAWFUL_HTTPS=True Lawful redirects to HTTPS, sends HSTS, trusts its TLS proxy's
X-Forwarded-Proto and sets cookies for HTTPS only; `lawful check --deploy` is clean in
a production-like configuration. The old names still work, with a warning."""

import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from tests.security.envsettings import ROOT, clean_env, settings_in_env

# Evaluated among the settings' names; those only set with HTTPS may be missing.
HTTPS_SETTINGS = (
    "[globals().get('SECURE_SSL_REDIRECT', False), globals().get('SECURE_PROXY_SSL_HEADER'),"
    " globals().get('SECURE_HSTS_SECONDS'), globals().get('SECURE_HSTS_INCLUDE_SUBDOMAINS'),"
    " SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE]"
)
ALL_ON = [True, ["HTTP_X_FORWARDED_PROTO", "https"], 31536000, True, True, True]
ALL_OFF = [False, None, None, None, False, False]


def test_plain_http_by_default():
    assert settings_in_env({}, HTTPS_SETTINGS) == ALL_OFF


def test_lawful_https_turns_on_the_redirect_hsts_the_proxy_header_and_secure_cookies():
    assert settings_in_env({"LAWFUL_HTTPS": "True"}, HTTPS_SETTINGS) == ALL_ON
    assert settings_in_env({"LAWFUL_HTTPS": "False"}, HTTPS_SETTINGS) == ALL_OFF


def test_the_old_names_keep_their_meaning():
    assert settings_in_env({"LAWFUL_BEHIND_TLS_PROXY": "True"}, HTTPS_SETTINGS) == ALL_ON
    cookies_only = [False, None, None, None, True, True]
    assert settings_in_env({"LAWFUL_SECURE_COOKIES": "True"}, HTTPS_SETTINGS) == cookies_only


def test_a_bad_value_is_refused_by_name():
    with pytest.raises(AssertionError, match="LAWFUL_HTTPS must be True or False, not 'yes'"):
        settings_in_env({"LAWFUL_HTTPS": "yes"}, HTTPS_SETTINGS)


@pytest.mark.django_db
def test_behind_the_proxy_http_is_redirected_and_https_gets_hsts(settings, org):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()

    plain = client.get(f"/o/{org.slug}/privacy", headers={"X-Forwarded-Proto": "http"})
    secure = client.get(f"/o/{org.slug}/privacy", headers={"X-Forwarded-Proto": "https"})

    assert plain.status_code == 301
    assert plain["Location"] == f"https://testserver/o/{org.slug}/privacy"
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    production = {
        "LAWFUL_DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "lawful.example.org",
        "LAWFUL_VAR_DIR": str(tmp_path),
        # Encryption at rest: production needs its master key (lawful.crypto, crypto.E002).
        "LAWFUL_MASTER_KEY": Fernet.generate_key().decode(),
        # Email leaves the machine (lawful.W004 otherwise).
        "EMAIL_HOST": "smtp.example.org",
        "DEFAULT_FROM_EMAIL": "clerk@example.org",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(production | env),
        capture_output=True,
        text=True,
    )


def test_the_deploy_check_is_clean_in_production(tmp_path):
    done = deploy_check(tmp_path, LAWFUL_HTTPS="True")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_the_deploy_check_names_a_missing_master_key(tmp_path):
    done = deploy_check(tmp_path, LAWFUL_HTTPS="True", LAWFUL_MASTER_KEY="")
    assert done.returncode == 1
    assert "crypto.E002" in done.stderr and "LAWFUL_MASTER_KEY" in done.stderr


def test_the_deploy_check_names_what_is_missing_without_https(tmp_path):
    done = deploy_check(tmp_path)
    assert done.returncode == 1
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in done.stderr


def test_the_deploy_check_warns_of_the_deprecated_name(tmp_path):
    done = deploy_check(tmp_path, LAWFUL_BEHIND_TLS_PROXY="True")
    assert done.returncode == 1
    assert "lawful.W001" in done.stderr and "set LAWFUL_HTTPS=True" in done.stderr


def test_the_deploy_check_warns_that_email_would_only_be_printed(tmp_path):
    done = deploy_check(tmp_path, LAWFUL_HTTPS="True", EMAIL_HOST="")
    assert done.returncode == 1
    assert "lawful.W004" in done.stderr and "EMAIL_HOST" in done.stderr


def test_email_goes_over_smtp_to_the_server_named(tmp_path):
    """EMAIL_HOST and friends reach Django's SMTP backend, TLS on the submission port."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL,"
        " s.EMAIL_HOST_PASSWORD, s.DEFAULT_FROM_EMAIL)"
    )
    secret = tmp_path / "smtp-password"
    secret.write_text("s3cret\n")
    env = {
        "DJANGO_SETTINGS_MODULE": "lawful.settings",
        "LAWFUL_VAR_DIR": str(tmp_path),
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_HOST_PASSWORD_FILE": str(secret),
        "DEFAULT_FROM_EMAIL": "clerk@example.org",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env(env), capture_output=True, text=True
    )
    assert done.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "587",
        "True",
        "False",
        "s3cret",
        "clerk@example.org",
    ], done.stderr
