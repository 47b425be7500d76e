"""Settings for hdnd, read from the environment (see README, "Configuration")."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from hdnd.env import env_bool, env_choice, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "hdnd.apps.HdndAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "axes",
    "councils",
    "sessions.apps.CouncilSessionsConfig",
    "oversight",
    "workbooks",
    "reports",
    "django_tasks_db",  # its tables are there whether or not TASKS_BACKEND=database uses them
    "hdnd.apps.HdndConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hdnd.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hdnd.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its page
]

ROOT_URLCONF = "hdnd.urls"
WSGI_APPLICATION = "hdnd.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite file under var/ unless DATABASE_URL says otherwise (e.g. postgres://...). SQLite is for
# one office or the demo; PostgreSQL for any real deployment (docs/deploy.md).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'hdnd.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,  # a connection the server dropped is replaced, not a 500
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several clerks saving at once: readers never wait for the writer (WAL); a write transaction
    # takes the lock when it begins (IMMEDIATE), so it waits for its turn (up to `timeout`
    # seconds) instead of failing with "database is locked" when it upgrades a read lock.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "init_command": "PRAGMA journal_mode=WAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

# A read replica of the same database (docs/deploy.md, "Beyond one machine"): the pages that show a
# year's figures read it (hdnd/routers.py); every write, and every other read, goes to `default`.
if replica_url := env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        replica_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    DATABASE_ROUTERS = ["hdnd.routers.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "hdnd.routers.ReplicaReadsMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# The project's own strings (locale/, `make messages`), then Vietnamese for what Django, its admin
# and django-filter leave in English or translate poorly (locale_overrides/, kept by hand). Both
# come before the packages' own catalogues; the .mo files are compiled by `make setup`/`make test`.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# The empty choice of the lists' select filters (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("Tất cả")
# dd/mm/yyyy everywhere, whatever the active language.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["hdnd.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# `collectstatic` (run by `make setup` and `make serve`) writes hashed, compressed copies and their
# manifest, which WhiteNoise serves with far-future caching when DEBUG is off. With DEBUG on the
# storage gives plain names and WhiteNoise serves straight from static/.
# Uploaded attachments (the default storage) are never served as files: their URLs point at the view
# that checks access first (/tep/<name>, councils.attachments.URL_PREFIX), which reads them back
# through the storage. They live under MEDIA_ROOT, or in an S3-compatible bucket when
# MEDIA_S3_BUCKET is set (docs/deploy.md, "Beyond one machine").
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"base_url": "/tep/"}},
    "staticfiles": {"BACKEND": "hdnd.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
if media_bucket := env_str("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "hdnd.media.S3AttachmentStorage",
        "OPTIONS": {
            "bucket_name": media_bucket,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL"),  # e.g. MinIO or Ceph; empty: AWS
            "region_name": env_str("MEDIA_S3_REGION"),
            "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID"),  # empty: boto3's own chain (role, ~/.aws)
            "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY"),
            "location": env_str("MEDIA_S3_PREFIX", ""),
            "default_acl": None,  # the bucket's own: keep it private, nothing is read from it but by the app
            "file_overwrite": False,
        },
    }
ATTACHMENT_MAX_MB = env_int("ATTACHMENT_MAX_MB", 20)
# `make backup` writes here (hdnd/backups.py); keep a copy on another machine.
BACKUP_DIR = Path(env_str("BACKUP_DIR") or VAR_DIR / "backups")

# The cache keeps the dashboards' rendered bodies (reports.fragments), the annual reports' drawn
# PDF and Word documents (reports.annual.kept) and a copy of the logins (SESSION_ENGINE below):
# nothing that cannot be lost.
# One machine: files under var/cache, which the server's worker processes share. Several app
# servers: one Redis for all, CACHE_URL=redis://host:6379/0 (docs/deploy.md, "Beyond one machine").
# With DEBUG on (`make run`) and no CACHE_URL nothing is kept, so an edited template shows at once.
if cache_url := env_str("CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}}
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# Logins: locked out after LOGIN_FAILURE_LIMIT wrong passwords in a row for one username from one
# address, for LOGIN_COOLOFF_MINUTES after the last of them (hdnd/auth.py); a right password clears the count.
AUTHENTICATION_BACKENDS = ["hdnd.auth.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries during a lockout are refused without counting, so it ends when the page says it will.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "hdnd.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "hdnd.auth.lockout_response"
AXES_COOLOFF_MESSAGE = _("Tài khoản tạm thời bị khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau.")
AXES_VERBOSE = False  # no start-up banner from every manage.py command
# No admin pages of its own: unlocking and the login log are management commands (docs/deploy.md).
AXES_ENABLE_ADMIN = False

# Mail (password reset): printed to stderr unless EMAIL_BACKEND=smtp. `check --deploy` reports
# the console as an error (mail.E001): with DEBUG off a reset link in the log lets its readers in.
if env_choice("EMAIL_BACKEND", ["console", "smtp"], "console") == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False),
                "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = SERVER_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hdnd@localhost")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}

# HTTPS (docs/deploy.md). With DEBUG off the site is HTTPS only, unless HTTPS=0 says it is not
# (a closed network, or a load test on the loopback).
HTTPS = not DEBUG and env_bool("HTTPS", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=True)
# Only when told: the reverse proxy sets X-Forwarded-Proto and X-Forwarded-For itself, replacing
# whatever the client sent. Trusting them otherwise would let any client claim HTTPS or an address.
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

# A login lasts a working day unless SESSION_HOURS says otherwise. Logins are kept in the database
# and read through the cache (no query per request where the cache keeps them; `make restore`
# empties the cache).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 8) * 3600

# Everything to stderr (gunicorn and systemd keep it); a 500 leaves its traceback here.
LOG_LEVEL = env_choice("LOG_LEVEL", ["DEBUG", "INFO", "WARNING", "ERROR"], "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} [{process}] {message}", "style": "{"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # Django's own handlers (console with DEBUG only, mail to ADMINS) give way to the root's.
    "loggers": {
        "django": {"handlers": [], "level": "NOTSET", "propagate": True},
        "weasyprint.progress": {"level": "WARNING"},  # one line per stage of every PDF otherwise
    },
}

# Background work (reports/tasks.py: rendering and storing a signed report) runs in the request
# unless TASKS_BACKEND=database, which queues it in the database for `make worker` (django-tasks-db's
# db_worker) on this or any other machine.
if env_choice("TASKS_BACKEND", ["immediate", "database"], "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Password for the demo users created by `manage.py load_demo` (DEBUG only).
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "")

# Records before this year are refused as typos (the 2015 Law on Local Government took effect in 2016).
RECORDS_FIRST_YEAR = 2016
