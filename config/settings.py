"""Settings for Netwerkregie.

This is the one place that reads the environment (django-environ). Development defaults are
explicit and only apply when ``DEBUG`` is on; with ``DEBUG`` off a ``SECRET_KEY`` is required and
the security settings default to what ``manage.py check --deploy`` expects.

Environment variables (see docs/configuration.md):

DEBUG, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, DATABASE_URL, REDIS_URL,
CELERY_BROKER_URL, EMAIL_URL, DEFAULT_FROM_EMAIL, SITE_URL, SESSION_IDLE_MINUTES,
SESSION_VERVERSEN_SECONDEN, SIGNALEN_KOPPELSLEUTEL, SIGNALEN_BEWAARTERMIJN_JAREN,
MELDINGEN_BEDENKTIJD_SECONDEN, VERTROUWDE_PROXIES, SECURE_SSL_REDIRECT, SECURE_COOKIES,
SECURE_HSTS_SECONDS, USE_X_FORWARDED_PROTO, LOG_LEVEL.
"""

import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env(
        "SECRET_KEY", default="django-insecure-alleen-voor-ontwikkeling-niet-in-productie"
    )
elif "SECRET_KEY" not in env.ENVIRON and sys.argv[1:2] == ["makemigrations"]:
    # Writing or checking migrations signs nothing; any machine may do it without a secret.
    SECRET_KEY = "alleen-voor-makemigrations"
else:
    # No default: production must bring its own secret.
    SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The name of the installation's first gemeente (regio.models.EERSTE_GEMEENTE), set when the
# database is made; a region adds more with ``manage.py gemeente_toevoegen`` (docs/regio.md).
GEMEENTE_NAAM = env("GEMEENTE_NAAM", default="Gemeente")
# Which gemeente a request works in (regio.middleware): the account's own, or for a partner of
# several gemeenten the one it chose (docs/regio.md).
REGIO_GEMEENTE_VAN_VERZOEK = "netwerk.toegang.actieve_gemeente"

# --- Applications -------------------------------------------------------------------------------

INSTALLED_APPS = [
    "config.apps.RegieAdminConfig",  # replaces django.contrib.admin with the /beheer/ site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "guardian",
    "csp",
    "phonenumber_field",
    "import_export",
    "auditlog",
    # Netwerkregie
    "regio",
    "kern",
    "accounts",
    "berichten",
    "netwerk",
    "signalen",
    "bijeenkomsten",
    "trainingen",
    "meldingen",
    "casusoverleg",
    "weging",
]

# What each app contributes (dashboard panels, yearly figures, demo data, pages in /beheer/,
# periodic tasks) is declared on its AppConfig and collected by kern.bijdragen.

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise: every page but the static files is sent with no-store.
    "config.middleware.GeenOpslagMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware, reading the user with their roles and second factor.
    "accounts.middleware.RegieAuthenticationMiddleware",
    # Everything after this runs in the scope of the user's gemeente (regio.scope).
    "regio.middleware.GemeenteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Instead of allauth's UserSessionsMiddleware and SESSION_SAVE_EVERY_REQUEST: activity keeps
    # the session alive and allauth's session records current, written at most once a minute.
    "accounts.middleware.SessieActiviteitMiddleware",
    "accounts.middleware.MFAVerplichtMiddleware",
    # Records who made a change, and from where, in the change log of signals.
    "kern.clientadres.RegieAuditlogMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigatie",
                "netwerk.context_processors.gemeente",
            ],
            "libraries": {"regie": "config.templatetags.regie"},
        },
    },
]

# --- Data ---------------------------------------------------------------------------------------

if "DATABASE_URL" not in env.ENVIRON:
    VAR_DIR.mkdir(exist_ok=True)  # development default: SQLite under var/
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend plus the second wall of tenancy: the active gemeente on the connection,
    # for PostgreSQL's row-level security (regio.postgresql, docs/regio.md).
    DATABASES["default"]["ENGINE"] = "regio.postgresql"
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Redis with short timeouts; while Redis cannot be reached, a reserve table in the
            # database keeps rate limits and used TOTP codes, so logging in keeps working.
            "BACKEND": "config.cache.RedisMetReserve",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "netwerkregie",
            # Each key carries the active gemeente (docs/regio.md).
            "KEY_FUNCTION": "regio.cache.sleutel_maken",
            "OPTIONS": {
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
                # Longer than allauth's cache lock (10 s): see config/cache.py.
                "STORING_SECONDEN": 30,
                # A spreadsheet being imported holds personal data: never in the database.
                "ALLEEN_REDIS": ["netwerk-import-"],
            },
        }
    }
else:
    # Shared between the web process and the workers on one machine, no server needed.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_FUNCTION": "regio.cache.sleutel_maken",
        }
    }

# --- Accounts, authentication and sessions ------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]

# Guardian: no anonymous user; object permissions are never granted to anonymous visitors.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "accounts.adapter.RegieAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
# Confirming who you are before a sensitive change (new recovery codes, another authenticator)
# takes the password. allauth also offers a code by e-mail or the authenticator alone: either
# would let whoever holds the session and the mailbox, or the phone, skip the password.
ACCOUNT_REAUTHENTICATION_METHODS = ("password",)
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_CHANGE_EMAIL = False
# The address is set by whoever created the account; users do not add or swap addresses.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Netwerkregie] "
# Links in allauth's e-mails use the scheme of the public address.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if SITE_URL.startswith("http://") else "https"
ACCOUNT_RATE_LIMITS = {
    # Failed logins: five per account *from one address* per five minutes (the key is account
    # and client address, accounts.adapter), twenty per minute from one address. No cap per
    # account alone: from elsewhere nobody can lock the regisseur out (docs/architecture.md).
    "login_failed": "20/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
MFA_ADAPTER = "accounts.adapter.RegieMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Netwerkregie")
# One 30-second step either side, for a phone clock that is a little off and a code typed just
# as it changes (RFC 6238 §5.2); a used code is remembered, so it cannot be replayed.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10
# The "Sessies" page shows when each session was last used. allauth's own middleware would write
# that on every request; accounts.middleware.SessieActiviteitMiddleware does, once a minute.
USERSESSIONS_TRACK_ACTIVITY = True

# Sessions in PostgreSQL (Django's database sessions, kern.sessies): shared by every web node,
# untouched by a Redis outage, ended at once by accounts.services.sessies_beeindigen.
SESSION_ENGINE = "kern.sessies"
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
# Idle timeout: each write of a session moves its expiry to now plus this many seconds.
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Not written on every request: a session is written when its data changes and, for activity,
# when its last write is more than this many seconds old (accounts.middleware). An idle session
# thus ends between SESSION_IDLE_MINUTES minus this and SESSION_IDLE_MINUTES after its last
# request, never later. 0: written on every request. Default: a minute (a tenth of the idle time
# when that is shorter than ten minutes).
SESSION_VERVERSEN_SECONDEN = env.int(
    "SESSION_VERVERSEN_SECONDEN", default=min(60, SESSION_COOKIE_AGE // 10)
)
if not 0 <= SESSION_VERVERSEN_SECONDEN < SESSION_COOKIE_AGE / 2:
    raise ImproperlyConfigured(
        "SESSION_VERVERSEN_SECONDEN moet 0 of meer zijn en kleiner dan de helft van "
        "SESSION_IDLE_MINUTES (in seconden)."
    )
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = None
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = None
# How many months without a contact moment before a person shows as "stil".
NETWERK_STIL_NA_MAANDEN = env.int("NETWERK_STIL_NA_MAANDEN", default=6)

# --- Signalen -----------------------------------------------------------------------------------

# The key of the HMAC that links signals about the same person (signalen.koppelen). Kept out of
# the database on purpose; changing it means existing signals no longer match new ones.
if DEBUG or SECRET_KEY == "alleen-voor-makemigrations":
    SIGNALEN_KOPPELSLEUTEL = env(
        "SIGNALEN_KOPPELSLEUTEL", default="alleen-voor-ontwikkeling-koppelsleutel"
    )
else:
    SIGNALEN_KOPPELSLEUTEL = env("SIGNALEN_KOPPELSLEUTEL")
    if len(SIGNALEN_KOPPELSLEUTEL) < 32 or SIGNALEN_KOPPELSLEUTEL == SECRET_KEY:
        raise ImproperlyConfigured(
            "SIGNALEN_KOPPELSLEUTEL moet een eigen geheim van minstens 32 tekens zijn "
            "(niet gelijk aan SECRET_KEY)."
        )
# Closed signals are anonymised this many years after closing (signalen.services).
SIGNALEN_BEWAARTERMIJN_JAREN = env.int("SIGNALEN_BEWAARTERMIJN_JAREN", default=5)

# Notifications (meldingen.services): a partner's and a reporter's notice waits this long, so a
# share revoked or a step corrected at once sends nothing.
MELDINGEN_BEDENKTIJD_SECONDEN = env.int("MELDINGEN_BEDENKTIJD_SECONDEN", default=120)

# Meetings (bijeenkomsten.services): how far ahead a series is planned, invitations are sent
# and reminders go out.
BIJEENKOMSTEN_PLANNEN_DAGEN = env.int("BIJEENKOMSTEN_PLANNEN_DAGEN", default=120)
BIJEENKOMSTEN_UITNODIGEN_DAGEN = env.int("BIJEENKOMSTEN_UITNODIGEN_DAGEN", default=14)
BIJEENKOMSTEN_HERINNEREN_DAGEN = env.int("BIJEENKOMSTEN_HERINNEREN_DAGEN", default=2)

# Trainings (trainingen.services): how far ahead terugkomdagen are made, the months they fall in
# (twice a year), on which weekday of which week of the month, when everyone who completed the
# basic training is invited, and the defaults for a new terugkomdag.
TRAININGEN_PLANNEN_DAGEN = env.int("TRAININGEN_PLANNEN_DAGEN", default=240)
TRAININGEN_TERUGKOMDAG_MAANDEN = [
    int(m) for m in env.list("TRAININGEN_TERUGKOMDAG_MAANDEN", default=["3", "10"])
]
TRAININGEN_TERUGKOMDAG_WEEKDAG = env.int("TRAININGEN_TERUGKOMDAG_WEEKDAG", default=1)  # dinsdag
TRAININGEN_TERUGKOMDAG_WEEK = env.int("TRAININGEN_TERUGKOMDAG_WEEK", default=2)
TRAININGEN_TERUGKOMDAG_BEGIN = env("TRAININGEN_TERUGKOMDAG_BEGIN", default="13:30")
TRAININGEN_TERUGKOMDAG_EINDE = env("TRAININGEN_TERUGKOMDAG_EINDE", default="17:00")
TRAININGEN_TERUGKOMDAG_LOCATIE = env(
    "TRAININGEN_TERUGKOMDAG_LOCATIE", default="Stadskantoor (zaal volgt)"
)
TRAININGEN_TERUGKOMDAG_CAPACITEIT = env.int("TRAININGEN_TERUGKOMDAG_CAPACITEIT", default=40)
TRAININGEN_TERUGKOMDAG_UITNODIGEN_DAGEN = env.int(
    "TRAININGEN_TERUGKOMDAG_UITNODIGEN_DAGEN", default=42
)
if not TRAININGEN_TERUGKOMDAG_MAANDEN or any(
    not 1 <= m <= 12 for m in TRAININGEN_TERUGKOMDAG_MAANDEN
):
    raise ImproperlyConfigured("TRAININGEN_TERUGKOMDAG_MAANDEN: maanden 1 tot en met 12, bv. 3,10")

# Sent e-mails are deleted from the outbox after this many days (berichten.services).
BERICHTEN_BEWAREN_DAGEN = env.int("BERICHTEN_BEWAREN_DAGEN", default=30)

PHONENUMBER_DEFAULT_REGION = "NL"
PHONENUMBER_DB_FORMAT = "E164"
# Shown as a Dutch user writes them ("06 12345678"); stored as E.164.
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

# Messages name persons ("Jan Jansen gewijzigd"): keep them server-side, not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"


# --- Security -----------------------------------------------------------------------------------

_secure_default = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_secure_default)
# Health checks from the load balancer or docker-compose talk plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=_secure_default)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if not DEBUG else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "config.views.csrf_mislukt"
CSRF_COOKIE_HTTPONLY = True
# How many proxies in front of gunicorn append to X-Forwarded-For (config/clientadres.py).
VERTROUWDE_PROXIES = env.int("VERTROUWDE_PROXIES", default=0)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-csp 4: no inline scripts or styles anywhere; everything comes from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Internationalisation -----------------------------------------------------------------------

LANGUAGE_CODE = "nl"
# Dutch only, whatever the browser asks: the UI goes through gettext so that an English
# translation can be added later (then add LocaleMiddleware and "en" here).
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# --- E-mail -------------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Netwerkregie <netwerkregie@gemeente.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    # Embedded broker for development: messages are files under var/, no server needed.
    _broker_dir = VAR_DIR / "celery-broker"
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Every Redis command of a publish, the worker and beat waits at most two seconds: a frozen
    # broker must not hang the request that queues a message after its commit (the outbox row
    # is the truth; the sweep sends it). The worker's long-poll is not cut short: its event loop
    # reads the BRPOP reply without a socket timeout, and the server answers BRPOP within
    # kombu's 1 s anyway (tests/config/test_broker_storing.py).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2}
# A publish that fails is not tried again in the request: the sweep sends the row within a
# minute. (Celery's default retries three times, each waiting for the socket timeout.)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The beat schedule is not here: every app declares its periodic tasks on its AppConfig
# (kern.bijdragen), and config/celery.py builds the schedule from them.

# --- Logging ------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        # Personal links (tokens) in paths are masked in every record (config/logboek.py).
        "tokens": {"()": "config.logboek.TokensMaskeren"},
        # One line per refused or failed request; tracebacks only for real server errors.
        "verzoeken": {"()": "config.logboek.Verzoeken"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stdout",
            "filters": ["verzoeken", "tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Only the console handler above (Django's own defaults would write unfiltered).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # runserver's access log (make run): through the same filtered handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
