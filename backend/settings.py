"""Settings for Dienst-DNA, read from environment variables (documented in docs/configuration.md).

The embedded default (no environment at all) is a development installation on SQLite.
Set ``DIENST_DNA_ENV=production`` for a real deployment: it then demands a SECRET_KEY and
ALLOWED_HOSTS and switches on every transport-security setting that ``check --deploy`` asks for.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from backend.storage_settings import (
    StorageSettingsError,
    default_storage_from_env,
    uses_local_storage,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("DIENST_DNA_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

ENVIRONMENT = env.str("DIENST_DNA_ENV", default="development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("DIENST_DNA_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env.bool("DEBUG", default=False)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # raises ImproperlyConfigured when missing
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="development-only-key-not-for-production-5b8f0a3c9e2d4f7a1b6c"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "backend.admin_config.DienstDnaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "corsheaders",
    "backend.organisations",
    "backend.outbox",
    "backend.audit",
    "microlessons",
    "campaigns.compliments",
    "campaigns.rule_reports",
    "mobile_api",
]

MIDDLEWARE = [
    "backend.common.request_ids.RequestIdMiddleware",  # first: every log line of a request
    "mobile_api.middleware.ApiVersionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mobile_api.middleware.ApiSecurityHeadersMiddleware",
    "mobile_api.middleware.ProblemJsonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "mobile_api.middleware.NulCharacterQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"
APPEND_SLASH = False  # /core/no-trailing-slash: a trailing slash is a 404, never a redirect

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "backend" / "templates"],
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

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dienst-dna.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and immediate transactions let the API workers and the scheduler share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # Prepared statements: a query run a fifth time on a connection is prepared, and PostgreSQL
    # stops planning it again on every request (planning the API's joins costs more than
    # running them: docs/performance.md, "Load"). Django leaves them off for PgBouncer in
    # transaction mode; behind such a pooler (before PgBouncer 1.21), set this to false.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5}
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state (throttle counters, lockouts) must hold across workers: the database cache by
# default, Redis when CACHE_URL says so (e.g. redis://127.0.0.1:6379/0).
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://dienst_dna_cache")}

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "backend.organisations.permissions.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The client's address for lockouts and rate limits: the socket address, or with N proxies of
# our own in front, the Nth address from the right in X-Forwarded-For (docs/configuration.md).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# Brute-force protection for password sign-in (API and admin), counted in the shared cache.
# Keyed on the combination of username and client address: someone elsewhere cannot lock a
# colleague out by failing with their username.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "mobile_api.problems.lockout_response"
AXES_CLIENT_IP_CALLABLE = "backend.common.client_address.client_ip_address"
AXES_VERBOSE = False

API_TOKEN_LIFETIME = timedelta(days=env.int("API_TOKEN_LIFETIME_DAYS", default=30))
# Revoked and expired tokens are kept this long (for audit), then purged by the scheduler.
API_TOKEN_RETENTION = timedelta(days=env.int("API_TOKEN_RETENTION_DAYS", default=90))

# Firebase: the project whose ID tokens we accept, and the service account for FCM later on.
FIREBASE_PROJECT_ID = env.str("FIREBASE_PROJECT_ID", default="")
FIREBASE_CREDENTIALS_FILE = env.str("FIREBASE_CREDENTIALS_FILE", default="")

# --- Push (mobile_api/push) -------------------------------------------------------------------
# FCM when a Firebase service account is configured; otherwise every push goes to the log.
PUSH_BACKEND = env.str(
    "PUSH_BACKEND",
    default="mobile_api.push.fcm.FcmPushBackend"
    if FIREBASE_CREDENTIALS_FILE
    else "mobile_api.push.backends.LogPushBackend",
)
# A loopback stand-in for FCM (tests, benchmarks); refused in production.
FCM_ENDPOINT_OVERRIDE = env.str("FCM_ENDPOINT_OVERRIDE", default="")
PUSH_HTTP_TIMEOUT_SECONDS = env.int("PUSH_HTTP_TIMEOUT_SECONDS", default=10)
PUSH_SEND_CHUNK = env.int("PUSH_SEND_CHUNK", default=500)  # messages per send_each call
PUSH_CLAIM_BATCH = env.int("PUSH_CLAIM_BATCH", default=500)  # notifications per claim
PUSH_LEASE_SECONDS = env.int("PUSH_LEASE_SECONDS", default=120)  # a claim's lifetime
PUSH_RETRY_DELAYS = [60, 300, 900]  # seconds between attempts after a transient failure
PUSH_DEVICE_STALE_DAYS = 60  # no refresh from the app for this long: no more pushes


# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True  # stored in UTC, shown in local time

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded files (lesson images, campaign logos): the local folder MEDIA_ROOT by default (one
# machine), or with S3_BUCKET a private S3-compatible bucket that every machine shares, handing
# out signed URLs that work S3_SIGNED_URL_SECONDS (backend/storage_settings.py).
try:
    _uploads = default_storage_from_env(env)
except StorageSettingsError as exc:
    raise ImproperlyConfigured(str(exc)) from exc
STORAGES = {
    "default": _uploads,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Local uploads have unguessable names; production serves them from the proxy, the app serves
# them itself unless told otherwise. Never with a bucket: /media/ would be the wrong folder.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not PRODUCTION and uses_local_storage(STORAGES))
if SERVE_MEDIA and not uses_local_storage(STORAGES):
    raise ImproperlyConfigured("SERVE_MEDIA serves the local media folder: not with S3_BUCKET.")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Transport security (/core/transport/*) -------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin: the admin's form posts carry an Origin that Django's CSRF check accepts (with
# no-referrer a browser sends "Origin: null"). API responses say no-referrer themselves.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^health/"]  # the load balancer probes over plain HTTP

# --- API ------------------------------------------------------------------------------------
API_VERSION = "1.5.1"
API_MAX_JSON_BYTES = env.int("API_MAX_JSON_BYTES", default=2 * 1024 * 1024)
PUBLIC_API_URL = "https://api.dienst-dna.example/api/v1"  # server URL in the committed document

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mobile_api.authentication.ApiTokenAuthentication",
        "mobile_api.authentication.FirebaseIdTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["mobile_api.permissions.IsEmployee"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["mobile_api.parsers.SizeLimitedJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "mobile_api.negotiation.JsonWhateverIsAccepted",
    "DEFAULT_PAGINATION_CLASS": "mobile_api.pagination.DutchPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "mobile_api.schema.ProblemAwareAutoSchema",
    "EXCEPTION_HANDLER": "mobile_api.problems.exception_handler",
    "NON_FIELD_ERRORS_KEY": "nonFieldErrors",
    "DEFAULT_THROTTLE_RATES": {
        "tokens": env.str("TOKEN_THROTTLE_RATE", default="20/minute"),
        # Citizens' compliments, per client address, counted in the shared cache.
        "publiek": env.str("PUBLIC_COMPLIMENT_THROTTLE_RATE", default="5/hour"),
        "publiek_lezen": env.str("PUBLIC_READ_THROTTLE_RATE", default="60/minute"),
    },
    # 0, never None: None would make DRF trust any X-Forwarded-For a client sends.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DATETIME_FORMAT": "iso-8601",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Dienst-DNA API",
    "DESCRIPTION": (
        "De API van Dienst-DNA voor de mobiele app van gemeentemedewerkers: aanmelden, het "
        "eigen profiel, collega's, afdelingen en vestigingen, microlessen met herhaling, "
        "reeksen en offline gebruik, simulaties, de kennistoets, inzichten, "
        "complimentcampagnes, de ontregelknop, notificaties en je gegevens (AVG). Fouten "
        "volgen RFC 9457 (application/problem+json); alle tijden zijn UTC. Tekst in een "
        "verzoek mag geen NUL-teken, losse surrogaat of teken dat de schrijfrichting omkeert "
        "(U+061C, U+200E, U+200F, U+202A tot U+202E, U+2066 tot U+2069) bevatten: 400."
    ),
    "VERSION": API_VERSION,
    "CONTACT": {
        "name": "Team Dienst-DNA",
        "url": "https://api.dienst-dna.example/contact",
        "email": "team-api@dienst-dna.example",
    },
    "LICENSE": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
    "SERVERS": [{"url": PUBLIC_API_URL, "description": "Productie"}],
    "OAS_VERSION": "3.0.3",  # ADR 2.1.0 (the adopted standard) requires 3.0.x
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    # Several fields are named "soort" or "status"; each set of values gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "NotificatieSoortEnum": "mobile_api.serializers.notificaties.KIND_CHOICES",
        "BlokSoortEnum": "microlessons.models.lessons.Block.Kind",
        "VraagSoortEnum": "microlessons.models.lessons.Question.Kind",
        "StapSoortEnum": "microlessons.models.simulations.SimulationStep.Kind",
        "ToetspogingSoortEnum": "microlessons.models.knowledge_tests.KnowledgeTestAttempt.Kind",
        "SynchronisatieStatusEnum": ["verwerkt", "dubbel", "afgewezen"],
        "SimulatiepogingStatusEnum": ["bezig", "afgerond"],
        "MeldingStatusEnum": [
            "ingediend",
            "vraag_aan_melder",
            "in_behandeling",
            "voorstel_afhandeling",
            "doorgezet",
            "heropenen_gevraagd",
            "afgerond",
        ],
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mobile_api.schema.document_api_version_header",
        "mobile_api.schema.nullable_references_for_oas30",
    ],
    "TAGS": [
        {"name": "aanmelden", "description": "Tokens voor de mobiele app: aanmelden en afmelden."},
        {"name": "profiel", "description": "De aangemelde medewerker."},
        {"name": "organisatie", "description": "Collega's, afdelingen en vestigingen."},
        {
            "name": "leren",
            "description": "Microlessen: de sessie van vandaag, lessen, antwoorden, offline "
            "gebruik en synchronisatie.",
        },
        {"name": "redactie", "description": "Voor redacteuren: afbeeldingen en inhoudspakketten."},
        {
            "name": "simulaties",
            "description": "Gesprekssimulaties: spelen, keuzes, offline gespeelde gesprekken "
            "en de resultaten op vier dimensies.",
        },
        {
            "name": "kennistoets",
            "description": "De kennistoets: oefenen, en meten binnen het meetvenster van de "
            "organisatie.",
        },
        {
            "name": "inzichten",
            "description": "Voor wie inzichten bekijkt: alleen groepen, kleine groepen onderdrukt.",
        },
        {
            "name": "complimenten",
            "description": "Complimentcampagnes: versturen, ontvangen en bedanken, beoordelen, "
            "uitreiken door vrijwilligers, drukwerk per vestiging en statistieken.",
        },
        {
            "name": "regelmeldingen",
            "description": "De ontregelknop: regels melden die goede dienstverlening in de weg "
            "staan, meldingen volgen, en de stappen van de ontregelcoaches.",
        },
        {"name": "triage", "description": "De wekelijkse triagesessie van de ontregelcoaches."},
        {
            "name": "notificaties",
            "description": "Notificaties op je telefoon: toestellen, voorkeuren (tijdstip, "
            "stille uren, soorten) en de lijst van ontvangen notificaties.",
        },
        {
            "name": "publiek",
            "description": "Zonder aanmelding: complimenten van inwoners via de website van de "
            "gemeente.",
        },
        {"name": "api", "description": "Dit document zelf, als JSON en als YAML."},
    ],
}

# --- CORS -----------------------------------------------------------------------------------
# Only the public compliment door answers browsers of other sites, and only for the origins an
# organisation configured (mobile_api.cors asks the database; no origin is allowed here).
CORS_URLS_REGEX = r"^/api/v1/publiek/.*$"
CORS_ALLOWED_ORIGINS: list[str] = []
CORS_ALLOW_METHODS = ["GET", "POST", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["API-Version", "Retry-After"]

# --- Compliments ----------------------------------------------------------------------------
# Signed links to cards and print files work this many seconds.
SIGNED_LINK_SECONDS = env.int("SIGNED_LINK_SECONDS", default=600)

# --- Logging --------------------------------------------------------------------------------
# One JSON object per line in production (time, level, logger, message, request_id, exc_info),
# plain text otherwise; both carry the request id (backend.common.request_ids).
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'plain'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "backend.common.request_ids.RequestIdFilter"}},
    "formatters": {
        "plain": {"()": "backend.common.structured_logs.PlainFormatter"},
        "json": {"()": "backend.common.structured_logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Scheduler (manage.py run_scheduler) ----------------------------------------------------
# Every job is a UTC interval tick (never a cron in local time: per-user local times are
# computed by the jobs themselves, see mobile_api/push/timing.py) and idempotent.
PUSH_TICK_SECONDS = env.int("PUSH_TICK_SECONDS", default=30)
SCHEDULED_JOBS = [
    {
        "id": "plan_notifications",
        "function": "mobile_api.push.jobs.plan_notifications",
        "every_seconds": PUSH_TICK_SECONDS,
    },
    {
        "id": "dispatch_notifications",
        "function": "mobile_api.push.jobs.dispatch_notifications",
        "every_seconds": PUSH_TICK_SECONDS,
    },
    {
        "id": "retire_stale_devices",
        "function": "mobile_api.push.jobs.retire_stale_devices",
        "every_seconds": 3600,
    },
    {
        "id": "purge_old_api_tokens",
        "function": "mobile_api.scheduler.purge_old_api_tokens",
        "every_seconds": 3600,
    },
    {
        "id": "enforce_retention_periods",
        "function": "mobile_api.scheduler.enforce_retention_periods",
        "every_seconds": 3600,
    },
]

# --- Personal data (AVG) -----------------------------------------------------------------------
# Each domain exports and erases its own part of an employee's data (personal_data.py).
PERSONAL_DATA = [
    {
        "export": "backend.organisations.personal_data.export_profile",
        "erase": "backend.organisations.personal_data.erase_nothing_more",
    },
    {"export": "mobile_api.privacy.export", "erase": "mobile_api.privacy.erase"},
    {"export": "microlessons.privacy.export", "erase": "microlessons.privacy.erase"},
    {
        "export": "campaigns.compliments.privacy.export",
        "erase": "campaigns.compliments.privacy.erase",
    },
    {
        "export": "campaigns.rule_reports.privacy.export",
        "erase": "campaigns.rule_reports.privacy.erase",
    },
]

# --- Demo data (make run) -------------------------------------------------------------------
# Each loader is idempotent; the demo command refuses to run in production mode.
DEMO_DATA_LOADERS = [
    "backend.organisations.demo.load",
    "microlessons.demo.load",
    "microlessons.demo_practice.load",
    "microlessons.demo_activity.load",
    "campaigns.compliments.demo.load",
    "campaigns.rule_reports.demo.load",
]
