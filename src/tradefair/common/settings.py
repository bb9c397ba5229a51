"""Django settings, read from ``TRADEFAIR_*`` variables and ``DATABASE_URL``.

Every setting has a default that serves the embedded set-up (SQLite under
``var/``, in-process tasks, console mail), so that ``make demo`` needs nothing
prepared. A deployment changes behaviour only through the environment.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from tradefair.common.environment import env_bool, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parents[3]
DATA_DIR = Path(env_str("TRADEFAIR_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

DEBUG = env_bool("TRADEFAIR_DEBUG", False)
SECRET_KEY = env_str("TRADEFAIR_SECRET_KEY", "")
if not SECRET_KEY and (env_str("TRADEFAIR_CELERY_BROKER_URL", "") or env_str("TRADEFAIR_REDIS_URL", "")):
    # Several processes, usually on several machines: a key made on each machine's disk
    # would differ, and a session or badge signed by one node would fail on the next.
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "TRADEFAIR_SECRET_KEY must be set, the same on every node, when a broker or Redis is configured."
    )
if not SECRET_KEY:
    from tradefair.common.environment import local_secret_key

    SECRET_KEY = local_secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("TRADEFAIR_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("TRADEFAIR_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("TRADEFAIR_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    # Its templates and static files: the API's documentation page (/api/v1/docs) then
    # serves Swagger UI from the site, not from a CDN with an inline script (the
    # Content-Security-Policy allows neither).
    "ninja",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "tradefair.common",
    "tradefair.expos",
    "tradefair.people",
    "tradefair.catalog",
    "tradefair.program",
    "tradefair.matchmaking",
    "tradefair.deals",
    "tradefair.onsite",
    "tradefair.reports",
    "tradefair.news",
    "tradefair.conversations",
    "tradefair.commerce",
    "tradefair.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tradefair.common.content_security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tradefair.common.middleware.LanguageFromQueryMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tradefair.common.languages.RememberedLanguageMiddleware",
    # After the language and the user are known: refuses NUL and lone surrogates in text.
    "tradefair.common.middleware.UnstorableTextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tradefair.urls"
WSGI_APPLICATION = "tradefair.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    """SQLite in WAL mode by default: readers never wait for the single writer, which is
    what a one-machine expo needs; ``DATABASE_URL`` switches to PostgreSQL."""
    url = env_str("DATABASE_URL", "")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "tradefair.sqlite3"),
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
        "TEST": {"NAME": env_str("TRADEFAIR_TEST_SQLITE", "") or None},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "common:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Interface languages of the region first; zh-hans is the demo's default.
LANGUAGE_CODE = env_str("TRADEFAIR_LANGUAGE_CODE", "zh-hans")
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("en", _("English")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("ru", _("Russian")),
    ("mn", _("Mongolian")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [Path(__file__).resolve().parents[1] / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# django-countries names Taiwan "Taiwan, Province of China" after ISO; the expo speaks of
# regions, and common.regions says which codes are regions.
COUNTRIES_OVERRIDE = {"TW": _("Taiwan, China"), "HK": _("Hong Kong, China"), "MO": _("Macao, China")}

EMAIL_BACKEND = env_str("TRADEFAIR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("TRADEFAIR_EMAIL_FROM", "tradefair@localhost")

# Background work: without a broker, Celery runs tasks in-process (the embedded default).
CELERY_BROKER_URL = env_str("TRADEFAIR_CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A worker killed mid-task (a machine lost, an OOM kill) must leave its job to another:
# a task is acknowledged only once done, a lost worker's task goes back to the queue, and
# a worker takes one task at a time so that none waits behind a long round. With Redis, an
# unacknowledged task is handed out again after the visibility timeout; every task is
# idempotent (a round's run replaces its unpinned meetings in one transaction, an export
# rebuilds its file), so a second delivery stores nothing twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The timeout must exceed the longest task (a whole-expo round: minutes); the sweep that
# hands out a dead worker's tasks runs every 10 s instead of kombu's 100 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env_str("TRADEFAIR_CELERY_VISIBILITY_TIMEOUT", "1800")),
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    "socket_timeout": 5,
    "socket_connect_timeout": 2,
}
CELERY_TASK_DEFAULT_QUEUE = "tradefair"
# Periodic work (celery beat; one beat process per deployment): requests past their
# deadline expire even when nobody opens a page that would expire them.
CELERY_BEAT_SCHEDULE = {
    "expire-meeting-requests": {"task": "matchmaking.expire_requests", "schedule": 900.0},
    # Webhook deliveries whose retry was lost (a worker restarted, the broker was away).
    "deliver-due-webhooks": {"task": "conversations.deliver_due_webhooks", "schedule": 60.0},
    # Unpaid exhibitor orders: reminders, then the booth back to the pool (as each expo chose).
    "commerce-deadlines": {"task": "commerce.process_deadlines", "schedule": 3600.0},
}

CACHES = {
    "default": (
        {
            # Redis shared by every node; unreachable, it is served around (common.cache).
            "BACKEND": "tradefair.common.cache.TolerantRedisCache",
            "LOCATION": env_str("TRADEFAIR_REDIS_URL", ""),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
        if env_str("TRADEFAIR_REDIS_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("TRADEFAIR_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# Login throttling: five failures lock the username and address pair for an hour.
AXES_FAILURE_LIMIT = int(env_str("TRADEFAIR_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("TRADEFAIR_LOGIN_THROTTLING", True)
RATELIMIT_ENABLE = env_bool("TRADEFAIR_RATE_LIMITS", True)
RATE_LIMITS = {
    "registration": "10/h",
    "meeting_request": "60/h",
    # Conversations: new threads are also capped per day by the expo (conversations app).
    "conversation": "30/h",
    "message": "120/h",
    "message_report": "20/h",
}
# django-ratelimit counts in the default cache: shared by every worker and web node once
# TRADEFAIR_REDIS_URL is set; without it each worker process counts on its own (the
# local-memory cache), so N workers let N times the rate through (README, "Running on PostgreSQL").
RATELIMIT_USE_CACHE = "default"
# The client's address behind a reverse proxy (issue #19): X-Forwarded-For is believed
# only from these addresses or networks, right-most untrusted entry first
# (common.client_address); the same address keys rate limits and django-axes' lock-outs.
TRUSTED_PROXIES = env_list("TRADEFAIR_TRUSTED_PROXIES", [])
RATELIMIT_IP_META_KEY = "tradefair.common.client_address.client_address"
AXES_CLIENT_IP_CALLABLE = "tradefair.common.client_address.axes_client_address"
# Redis unreachable: the counts are lost, and requests go through rather than every
# registration and meeting request being refused on opening day (docs/security.md).
RATELIMIT_FAIL_OPEN = env_bool("TRADEFAIR_RATE_LIMITS_FAIL_OPEN", True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script, event handler or style anywhere (common.content_security).
CONTENT_SECURITY_POLICY = env_str("TRADEFAIR_CSP", "") or None
CONTENT_SECURITY_POLICY_REPORT_ONLY = env_bool("TRADEFAIR_CSP_REPORT_ONLY", False)
if CONTENT_SECURITY_POLICY is None:
    from tradefair.common.content_security import policy

    CONTENT_SECURITY_POLICY = policy()

# Behind HTTPS (any real deployment), cookies travel only over TLS and browsers are told
# to come back over HTTPS only.
HTTPS = env_bool("TRADEFAIR_HTTPS", False)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("TRADEFAIR_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env_str("TRADEFAIR_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a promise to the browsers' built-in lists that every subdomain serves
    # HTTPS for good, hard to take back: the operator opts in (issue #19).
    SECURE_HSTS_PRELOAD = env_bool("TRADEFAIR_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # not preloading is the default, on purpose
if env_bool("TRADEFAIR_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Limits against abuse (issue #19, sectenant's part): imports are refused before any work
# starts when the upload, its uncompressed content or its rows exceed these; a delegation
# registers at most so many members in one form; check-in accepts a scanner's time only
# within the expo's dates, widened by the offline slack.
IMPORT_MAX_BYTES = int(env_str("TRADEFAIR_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    env_str("TRADEFAIR_IMPORT_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024))
)
IMPORT_MAX_ROWS = int(env_str("TRADEFAIR_IMPORT_MAX_ROWS", "50000"))
DELEGATION_MAX_MEMBERS = int(env_str("TRADEFAIR_DELEGATION_MAX_MEMBERS", "30"))
CHECKIN_OFFLINE_SLACK_HOURS = int(env_str("TRADEFAIR_CHECKIN_OFFLINE_SLACK_HOURS", "12"))

# Video rooms of online meetings (issue #14): "janus" (the default, self-hosted from
# Debian packages) or "jitsi". docs/deployment.md describes both and coturn.
VIDEO_PROVIDER = env_str("TRADEFAIR_VIDEO_PROVIDER", "janus")
# Derives each room's pin and name; SECRET_KEY when unset.
VIDEO_ROOM_SECRET = env_str("TRADEFAIR_VIDEO_ROOM_SECRET", "")
JANUS_URL = env_str("TRADEFAIR_JANUS_URL", "http://127.0.0.1:8088/janus")
JANUS_PUBLIC_URL = env_str("TRADEFAIR_JANUS_PUBLIC_URL", "")
JANUS_TOKEN_SECRET = env_str("TRADEFAIR_JANUS_TOKEN_SECRET", "")
JANUS_ADMIN_KEY = env_str("TRADEFAIR_JANUS_ADMIN_KEY", "")
JITSI_DOMAIN = env_str("TRADEFAIR_JITSI_DOMAIN", "")
JITSI_APP_ID = env_str("TRADEFAIR_JITSI_APP_ID", "")
JITSI_APP_SECRET = env_str("TRADEFAIR_JITSI_APP_SECRET", "")
# coturn's REST API scheme (use-auth-secret): short-lived credentials, nothing stored.
STUN_URLS = env_list("TRADEFAIR_STUN_URLS", [])
TURN_URLS = env_list("TRADEFAIR_TURN_URLS", [])
TURN_SECRET = env_str("TRADEFAIR_TURN_SECRET", "")
TURN_TTL_SECONDS = int(env_str("TRADEFAIR_TURN_TTL_SECONDS", "7200"))
# A room opens this long before its slot; both parties in it together this long is a
# meeting held. A page says it is still there every ROOM_HEARTBEAT_SECONDS.
ROOM_OPENS_MINUTES_BEFORE = int(env_str("TRADEFAIR_ROOM_OPENS_MINUTES_BEFORE", "10"))
ROOM_HELD_SECONDS = int(env_str("TRADEFAIR_ROOM_HELD_SECONDS", "300"))
ROOM_HEARTBEAT_SECONDS = int(env_str("TRADEFAIR_ROOM_HEARTBEAT_SECONDS", "20"))
