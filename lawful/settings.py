"""Settings, all from environment variables with safe defaults.

A bad value fails loudly (ImproperlyConfigured) rather than being guessed at.
DEBUG is off unless LAWFUL_DEBUG=True (for development only: gunicorn with whitenoise
serves the static files without it, `make demo` included).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LAWFUL_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: str = "False") -> bool:
    value = os.environ.get(name, default)
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")
    return value == "True"


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}")
    return number


def envsecret(name: str) -> str | None:
    """A secret from NAME, or from the file that NAME_FILE points at."""
    if name in os.environ:
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return None


DEBUG = envbool("LAWFUL_DEBUG")
# No default: with none set, Django refuses anything that signs (sessions, logins), while
# the command-line jobs that need no key (register check, deadline) still run.
# `make demo` generates a key of its own in var/.
SECRET_KEY = envsecret("SECRET_KEY") or ""
# The key that seals the audit log (HMAC): kept outside the database and its backups, so
# that whoever can write to the database cannot rewrite the log unnoticed. No default:
# without it nothing that writes or verifies the log runs (lawful.audit.seals.audit_key).
LAWFUL_AUDIT_KEY = envsecret("LAWFUL_AUDIT_KEY") or ""
# The key of the do-not-contact list's hashes (lawful.suppression): separate from
# SECRET_KEY so that rotating that one does not forget who asked to be erased. Needed
# only once something is put on the list; `make demo` generates one in var/.
LAWFUL_SUPPRESSION_KEY = envsecret("LAWFUL_SUPPRESSION_KEY") or ""
# The master key(s) of the encryption at rest (lawful.crypto): Fernet keys, comma-separated,
# newest first. Kept outside the database and its backups: whoever has a dump but not this
# key reads no case note, correspondence or attachment. Checked at first use (and by
# `lawful check`); `make demo` generates one in var/.
LAWFUL_MASTER_KEY = envsecret("LAWFUL_MASTER_KEY") or ""
# How long a process trusts the active data key it read (a rotation waits as long before
# its final check): seconds.
LAWFUL_ACTIVE_KEY_SECONDS = envint("LAWFUL_ACTIVE_KEY_SECONDS", 5)
# Where encrypted files (attachments, scanned letters) are kept.
LAWFUL_FILES_ROOT = Path(os.environ.get("LAWFUL_FILES_ROOT", VAR_DIR / "files"))

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "lawful.security",
    "lawful.staff",
    "lawful.organisations",
    "lawful.crypto",
    "lawful.audit",
    "lawful.people",
    "lawful.consent",
    "lawful.suppression",
    "lawful.disclosures",
    "lawful.notices",
    "lawful.rights",
    "lawful.casework",
    "lawful.surveys",
    "lawful.public",
    "lawful.jobs",
    "lawful.geography",
    "lawful.campaigns",
    "axes",
    # Two-factor sign-in: authenticator apps (TOTP) and recovery codes (lawful.staff.two_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "lawful.api",
    # django-ninja: its templates and static files serve the API docs without a CDN.
    "ninja",
]

MIDDLEWARE = [
    # First, so that every response carries the headers, static files' and errors' too.
    "lawful.security.middleware.ContentSecurityPolicyMiddleware",
    "lawful.security.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, straight from gunicorn
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether the session gave its second factor.
    "django_otp.middleware.OTPMiddleware",
    "lawful.security.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a locked-out sign-in into the workspace's own lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lawful.urls"
WSGI_APPLICATION = "lawful.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite (WAL) is the embedded default; PostgreSQL is the production engine.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'lawful.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # secure_delete: deleted data is overwritten, not left in free pages (an erased
        # person's name must not be readable from the file; see lawful.security.sqlite).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    # No JIT: Lawful's queries are short, and on the few large ones (an audience over a
    # million supporters) compiling took longer than running (seconds, bench/RESULTS.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "staff.StaffUser"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff sign in to the workspace; Django's admin (superusers only) uses the same session.
LOGIN_URL = "staff:sign-in"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:sign-in"
# django-axes checks every sign-in (the workspace's and the admin's) before the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, marking the request a password was checked on (for the audit).
    "lawful.staff.signin.PasswordBackend",
]
# Five wrong passwords for one username from one address lock that pair out for 15
# minutes. Locking the pair, not the account, means someone guessing from elsewhere
# cannot lock the clerk out of their own desk; a wrong try while locked does not
# extend the lock, so the lock ends 15 minutes after it began.
AXES_FAILURE_LIMIT = int(os.environ.get("LAWFUL_SIGN_IN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LAWFUL_SIGN_IN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "lawful.staff.signin.locked_out"
# Sign-ins are recorded in the audit log (lawful.staff.signin); axes keeps only the
# failed attempts it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Two-factor sign-in (django-otp): the name an authenticator app shows for the account;
# each wrong code in a row doubles the wait before the next try (1, 2, 4... seconds).
OTP_TOTP_ISSUER = os.environ.get("LAWFUL_OTP_ISSUER", "Lawful")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("LAWFUL_STATIC_ROOT", VAR_DIR / "static"))
# `lawful collectstatic` compresses the files and names them by content, so they can be
# cached for ever; whitenoise serves them from the WSGI process (no separate web server).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background work (django-tasks): queued in the database, run by `lawful worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Errors to stderr (the service manager keeps them), without personal data: Django's request
# logger names the path and the error, never a request's body or query string.
LOG_LEVEL = os.environ.get("LAWFUL_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"level": "INFO"},
        "django.request": {"level": "ERROR"},  # 500s; 404s and 403s are not errors
        "django.server": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
        "django_tasks": {"level": LOG_LEVEL},
        "django_tasks_db": {"level": LOG_LEVEL},
        "lawful": {"level": LOG_LEVEL},
    },
}

# --- Web hardening (lawful.security) ----------------------------------------------------
# LAWFUL_HTTPS=True: Lawful is served over HTTPS by a TLS proxy (README, Production
# deployment). Django trusts the proxy's X-Forwarded-Proto, redirects plain HTTP to
# HTTPS, sends HSTS and sets cookies for HTTPS only. The proxy must set (not pass on)
# X-Forwarded-Proto, and gunicorn must listen only where the proxy reaches it.
# Deprecated names, still read (`lawful check --deploy` warns): LAWFUL_BEHIND_TLS_PROXY
# means LAWFUL_HTTPS; LAWFUL_SECURE_COOKIES alone only makes the cookies secure.
if "LAWFUL_HTTPS" in os.environ:
    HTTPS = envbool("LAWFUL_HTTPS")
else:
    HTTPS = envbool("LAWFUL_BEHIND_TLS_PROXY", "False")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = envint("LAWFUL_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("LAWFUL_HSTS_INCLUDE_SUBDOMAINS", "True")
    # Preloading is a promise about the whole domain that its owner makes by submitting
    # it to the browsers' list: off unless asked for.
    SECURE_HSTS_PRELOAD = envbool("LAWFUL_HSTS_PRELOAD", "False")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = HTTPS or envbool("LAWFUL_SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
LAWFUL_PERMISSIONS_DENIED = (
    "camera", "microphone", "geolocation", "payment", "usb", "display-capture",
)  # fmt: skip

# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere, no
# framing. Pages that need more (e.g. an API's documentation page) get it per path in
# LAWFUL_CSP_PATH_UPDATES, {path prefix: {directive: [extra sources]}}, and only there.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
LAWFUL_CSP_PATH_UPDATES: dict[str, dict[str, list[str]]] = {}

# Days an access pack is kept after its request is closed, then deleted by the daily job.
# Where the public reaches this installation, for the links in emails (preferences,
# unsubscribe, confirming a sign-up): https://lawful.example.org. No trailing slash.
LAWFUL_PUBLIC_URL = os.environ.get("LAWFUL_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# How long a signed link in an email works: the preferences page, and a sign-up's
# confirmation (days). Unsubscribe links in sent mail work for LAWFUL_UNSUBSCRIBE_DAYS.
LAWFUL_PREFERENCES_LINK_DAYS = envint("LAWFUL_PREFERENCES_LINK_DAYS", 90)
LAWFUL_CONFIRM_LINK_DAYS = envint("LAWFUL_CONFIRM_LINK_DAYS", 7)
LAWFUL_UNSUBSCRIBE_DAYS = envint("LAWFUL_UNSUBSCRIBE_DAYS", 730)
LAWFUL_PACK_RETENTION_DAYS = envint("LAWFUL_PACK_RETENTION_DAYS", 90)

# Staff sessions end after a working day, and after idle time (the middleware signs
# out; the cookie's age is the outer limit).
SESSION_COOKIE_AGE = envint("LAWFUL_SESSION_HOURS", 9) * 3600
LAWFUL_SESSION_IDLE_SECONDS = envint("LAWFUL_SESSION_IDLE_MINUTES", 30) * 60
# Messages ("The person ... was changed") name records: kept in the signed cookie of the
# browser that made the change, never in the sessions table.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# Outgoing email (confirmations, sends): over SMTP once EMAIL_HOST names a server (the
# organisation's mail provider or a relay); printed to the console until then (the
# deploy check warns). EMAIL_BACKEND names another of Django's backends outright.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True" if EMAIL_PORT == 587 else "False")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "True" if EMAIL_PORT == 465 else "False")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lawful@localhost")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
# LAWFUL_EMAIL_DIR: every outgoing message is written to a file in this directory by
# Django's file-based backend instead of being sent (the demo, trying a send out).
LAWFUL_EMAIL_DIR = os.environ.get("LAWFUL_EMAIL_DIR", "")
if LAWFUL_EMAIL_DIR:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = LAWFUL_EMAIL_DIR
