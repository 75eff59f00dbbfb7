"""Settings for TherapyExplained, read from the environment (12-factor).

Every variable is documented in README.md, "Operators".
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from core.logs import stdout_config
from therapyexplained.client_ip import trusted_networks

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_positive_int(name, default):
    value = os.environ.get(name, str(default)).strip()
    if not value.isdecimal() or int(value) < 1:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of at least 1, not {value!r:.40}."
        )
    return int(value)


DEBUG = env_bool("DEBUG")

# From the environment; on a developer's machine, from the untracked file `make run` writes.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
LOCAL_SECRET_FILE = Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / ".secret_key"))
if not SECRET_KEY and LOCAL_SECRET_FILE.is_file():
    SECRET_KEY = LOCAL_SECRET_FILE.read_text().strip()
MAKE_A_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            f"SECRET_KEY is not set. Set it to a long random value ({MAKE_A_KEY})."
        )
    if len(SECRET_KEY) < 32 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        # Sessions, review links and CSRF tokens are only as strong as this key.
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak: use a long random value ({MAKE_A_KEY})."
        )
elif not SECRET_KEY:
    # DEBUG only: a throwaway key per process, never a fixed fallback.
    import secrets

    SECRET_KEY = "insecure-dev-" + secrets.token_urlsafe(40)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "TherapyExplained"
# Where readers write to the editors (the Contact page's [[email]]): by default a
# mailbox at the site's own address, never a domain someone else may own.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", f"editors@{urlsplit(SITE_URL).hostname}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "simple_history",
    "axes",
    "core",
    "pagecache",
    "topics",
    "people",
    "modalities",
    "images",
    "helplines",
    "articles",
    "faqs",
    "pages",
    "search",
    "contentfiles",
    "therapyexplained",
]

MIDDLEWARE = [
    "therapyexplained.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.nul_middleware.NulInAdminQueryMiddleware",
    # Pages are mostly text: gzip saves readers on phones ~75% (23 KiB on the reference
    # article, found by Lighthouse). Django pads it against BREACH; whitenoise serves
    # static files precompressed itself.
    "django.middleware.gzip.GZipMiddleware",
    # Above WhiteNoise, so static files get the same security headers as pages.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions and auth: a cached page is served without touching the database.
    "pagecache.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pagecache.staff_cookie.StaffCookieMiddleware",  # staff's pages skip the page cache
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made each revision
    "core.redirect_middleware.PermanentRedirectMiddleware",  # 301 from old slugs, on 404 only
    "axes.middleware.AxesMiddleware",  # turns a locked-out sign-in into the 429 page
]

ROOT_URLCONF = "therapyexplained.urls"

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
                "therapyexplained.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "therapyexplained.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A database that hangs must not hang the site: bounded connects and queries, and
# after a failure a short back-off in which requests fail at once (503) instead of
# each holding a worker (core.backends.postgresql).
DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))  # s; libpq's minimum is 2
DB_STATEMENT_TIMEOUT = float(os.environ.get("DB_STATEMENT_TIMEOUT", "5"))  # s; 0 for none
DB_BACKOFF = float(os.environ.get("DB_BACKOFF", "2"))  # s
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "core.backends.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DB_CONNECT_TIMEOUT,
        options=f"-c statement_timeout={int(DB_STATEMENT_TIMEOUT * 1000)}",
        # The server ends a slow query first; the deadline is for one that never answers.
        answer_timeout=DB_STATEMENT_TIMEOUT + 2 if DB_STATEMENT_TIMEOUT else None,
        backoff=DB_BACKOFF,
    )

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's Redis cache, made to log and carry on when Redis is unreachable.
            "BACKEND": "pagecache.redis_cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "te",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                # After a failure, skip Redis this long (s): one timeout per period.
                "BACKOFF": float(os.environ.get("CACHE_BACKOFF", "2")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole public pages are kept in the cache only when it is shared by every
# instance (Redis): a per-process cache could not be invalidated everywhere.
PAGE_CACHE = env_bool("PAGE_CACHE", default=bool(os.environ.get("REDIS_URL")))
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))

# The admin's address, e.g. ADMIN_URL=staff-7f3a/ to move it off the path scanners try.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")
if not re.fullmatch(r"(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)+", ADMIN_URL):
    raise ImproperlyConfigured(
        f"ADMIN_URL must be a relative path ending in '/', such as 'admin/' or 'staff/admin/', "
        f"not {ADMIN_URL!r:.60}."
    )

# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT failures for one
# username, or from one client address, sign-in is refused for that username or
# address until LOGIN_COOLOFF_MINUTES have passed since the last counted failure.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out attempts before any check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_positive_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_positive_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts while locked out are refused but not recorded: a lockout ends on time,
# and a client hammering a locked login cannot grow its database row.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False  # therapyexplained.logins resets more narrowly
AXES_LOCKOUT_CALLABLE = "therapyexplained.logins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "therapyexplained.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "therapyexplained.logins.counted_username"
# The proxies whose X-Forwarded-For is believed: the same variable gunicorn reads.
TRUSTED_PROXIES = trusted_networks(env_list("FORWARDED_ALLOW_IPS", "127.0.0.1"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Times are shown to readers and editors, and taken from editors, in this zone (the
# site writes for readers in the UK); the database keeps them in UTC.
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded images (the library) and their renditions: served by images.views.media.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def media_storage(environ):
    """STORAGES["default"]: MEDIA_ROOT on this machine, or one S3 bucket every instance
    shares (MEDIA_STORAGE=s3; see README, "Operators", "Media")."""
    kind = environ.get("MEDIA_STORAGE", "filesystem").strip().lower()
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f'MEDIA_STORAGE must be "filesystem" or "s3", not {kind!r}.')
    for name in ("MEDIA_S3_BUCKET", "MEDIA_S3_ACCESS_KEY_ID", "MEDIA_S3_SECRET_ACCESS_KEY"):
        if not environ.get(name, "").strip():
            raise ImproperlyConfigured(f"MEDIA_STORAGE=s3 needs {name} in the environment.")
    return {
        "BACKEND": "images.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": environ["MEDIA_S3_BUCKET"].strip(),
            "access_key": environ["MEDIA_S3_ACCESS_KEY_ID"].strip(),
            "secret_key": environ["MEDIA_S3_SECRET_ACCESS_KEY"].strip(),
            # Empty for AWS itself; the URL of any other S3-compatible server.
            "endpoint_url": environ.get("MEDIA_S3_ENDPOINT_URL", "").strip() or None,
            "region_name": environ.get("MEDIA_S3_REGION", "").strip() or None,
            "location": environ.get("MEDIA_S3_PREFIX", "").strip().strip("/"),
        },
    }


STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CONTENT_DIR = BASE_DIR / "content"

# Security. Behind a TLS-terminating proxy set HTTPS=1 (see README, "Operators").
HTTPS = env_bool("HTTPS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes talk plain HTTP to the instance
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# Logs: one JSON object per line on stdout.
LOGGING = stdout_config(os.environ.get("LOG_LEVEL", "INFO"), ["django"])
# Axes logs every attempt itself, username masked; therapyexplained.logins logs one
# line per failed sign-in and per lockout instead.
LOGGING["loggers"]["axes"] = {"level": "ERROR"}
