"""Settings for the steering portal.

Configuration comes only from the environment (django-environ); every variable is listed with a
comment in `.env.example`. The defaults give the embedded mode: SQLite, tasks run in-process.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables from a file when it exists (the environment wins): ENV_FILE, default .env beside
# manage.py. `make run` names .env.development, so a production .env copied from .env.example
# into a development checkout never reaches the development server.
ENV_FILE = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    environ.Env.read_env(ENV_FILE)

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    # Development only: a random key kept beside the SQLite file so sessions survive restarts.
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# Loopback names are always allowed: the container health check (deploy/healthcheck.py, the same
# call in compose and in CI's smoke stage) asks http://127.0.0.1:<port>/healthz from inside. A
# forged loopback Host through nginx gains nothing: e-mail links are built from SITE_URL.
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ALLOWED_HOSTS = [
    *env.list("ALLOWED_HOSTS", default=[]),
    *LOOPBACK_HOSTS,
]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.forms",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "simple_history",
    "axes",
    "rules",
    "import_export",
    # Project apps in dependency order: steering <- projects, kpis <- meetings.
    "steering",
    "projects",
    "kpis",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "steering.middleware.LanguageMiddleware",
    "steering.middleware.NulByteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "steering.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "steering.middleware.SecurityEventMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a lockout raised by its backend into the lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Widgets render through TEMPLATES, so templates/django/forms/ may override Django's markup.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "steering.urls"
WSGI_APPLICATION = "steering.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "steering.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded mode under several gunicorn workers: a write transaction takes the write lock
    # when it begins (IMMEDIATE), so two transactions never deadlock upgrading a read lock; a
    # writer waits up to 20 s for the lock instead of failing "database is locked"; WAL lets
    # readers go on while one writer writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://steering")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # django-redis: a Redis that refuses connections or never answers counts as a miss: the cache
    # speeds pages up, it never takes them down. A call waits at most half a second (loopback or
    # LAN Redis answers in well under a millisecond), and after a failure the client skips Redis
    # for 10 s (steering/cache.py) instead of waiting again on every call.
    CACHES["default"]["BACKEND"] = "django_redis.cache.RedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,
            "REDIS_CLIENT_CLASS": "steering.cache.CircuitBreakerRedis",
        }
    )

# --- Background work -------------------------------------------------------------------------
# REDIS_URL empty: the embedded default, tasks run in-process. Set: a real broker and worker.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
# A hung broker must never hang a web request: connect and read time out after a few seconds.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
    "visibility_timeout": 3600,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # every task is idempotent, so a redelivery is harmless
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 100
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
CELERY_BEAT_SCHEDULE: dict = {}
# PDF rendering runs on its own queue (`celery worker --queues pdf`), so a burst of official
# documents never delays reminders and other short jobs on the default queue.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"meetings.*render*": {"queue": "pdf"}, "*pdf*": {"queue": "pdf"}}
# Render jobs lost while the broker was down (or whose worker died) are published again.
CELERY_BEAT_SCHEDULE["meetings-sweep-documents"] = {
    "task": "meetings.sweep_documents",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["meetings-sweep-upward-pdfs"] = {
    "task": "meetings.sweep_upward_pdfs",
    "schedule": 300.0,
}
# The reminder sweep, hourly in office hours: the day's digests go out at 7:00; later runs send
# only what became due since (new invitations) and retry failed e-mails, never a reminder twice.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["steering-send-reminders"] = {
    "task": "steering.send_reminders",
    "schedule": crontab(minute=0, hour="7-17"),
}

# --- Auth ------------------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Many ward officers share one office IP: lock the (username, IP) pair, never the IP alone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "steering.views.locked_out"  # Vietnamese, not the library's English
# The client IP comes from X-Forwarded-For only behind the reverse proxy (PROXY_COUNT hops);
# otherwise a client could invent a new IP for every guess and never be locked out.
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# --- i18n ------------------------------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="vi")
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# --- Files -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside the static tree and are served only through permission-checking views.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    # FileSystemStorage that removes a half-written upload when the disk is full.
    "default": {"BACKEND": "steering.uploads.CleanFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# nginx (another uid: www-data, or nginx in its container) sends the files by X-Accel-Redirect,
# so it must be able to read them: world-readable files and folders inside MEDIA_ROOT. Who can
# reach them is decided one level up: MEDIA_ROOT's parent is 0750 portal:<nginx group> on a host,
# and in compose only the portal containers and nginx mount the media volume.
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755
# Behind nginx (deploy/nginx.conf): permission-checked downloads answer with X-Accel-Redirect to
# this internal location and nginx sends the file; otherwise Django streams it (steering.downloads).
SENDFILE_NGINX = env.bool("SENDFILE_NGINX", default=False)
SENDFILE_URL = env.str("SENDFILE_URL", default="/_protected/")

# --- E-mail ----------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="bcd-cntt@localhost")
# The portal's address, for the links in e-mails (reminder digests).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------------
# HTTPS defaults to on outside development; TLS may terminate at the reverse proxy.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a decision for the operator
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "steering.views.csrf_failure"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Signed out after this many seconds without a request (steering.middleware); 0 turns it off.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
# Requests per window, per user, as "count/seconds" (steering.security.rate_limit); 0/… is off.
RATE_LIMITS = {
    "pdf": env.str("RATE_LIMIT_PDF", default="30/600"),
    "import": env.str("RATE_LIMIT_IMPORT", default="20/600"),
    "upload": env.str("RATE_LIMIT_UPLOAD", default="60/600"),
    "api": env.str("RATE_LIMIT_API", default="600/60"),
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict CSP: every script and style is a vendored static file; no inline code, no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Import / export -------------------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_FORMATS = [XLSX, CSV]
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "utc": {
            "()": "steering.logformat.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "steering.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint reports its progress at INFO on every render.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- Portal ----------------------------------------------------------------------------------
# Days before a deadline from which an open task shows as "Sắp đến hạn" (due soon).
DUE_SOON_DAYS = env.int("DUE_SOON_DAYS", default=7)

# Digital signatures of issued documents (steering/signing.py): "demo" makes a demo CA, signer
# and organisation certificate under DOCUMENT_SIGNING_DIR; "pkcs11" signs with a token; empty:
# unsigned.
DOCUMENT_SIGNING_BACKEND = env.str("DOCUMENT_SIGNING_BACKEND", default="demo" if DEBUG else "")
DOCUMENT_SIGNING_DIR = Path(env.str("DOCUMENT_SIGNING_DIR", default=str(BASE_DIR / ".signing")))
PKCS11_MODULE = env.str("PKCS11_MODULE", default="")
PKCS11_TOKEN_LABEL = env.str("PKCS11_TOKEN_LABEL", default="")
PKCS11_PIN = env.str("PKCS11_PIN", default="")
PKCS11_SIGNER_KEY_LABEL = env.str("PKCS11_SIGNER_KEY_LABEL", default="signer")
PKCS11_ORGANISATION_KEY_LABEL = env.str("PKCS11_ORGANISATION_KEY_LABEL", default="organisation")
DOCUMENT_SIGNING_TRUST_ROOTS = env.list("DOCUMENT_SIGNING_TRUST_ROOTS", default=[])
DOCUMENT_SIGNING_TIMESTAMP_URL = env.str("DOCUMENT_SIGNING_TIMESTAMP_URL", default="")
