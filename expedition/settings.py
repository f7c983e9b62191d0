"""Settings for Expedition, read from environment variables (see README, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_list(name: str, default: str | None = None) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env("DJANGO_DEBUG", "1") == "1"
# DEBUG is on for local use; a deployment sets DJANGO_DEBUG=0, and then one that forgets a secret or a
# host list fails at startup instead of falling back to a development value.
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-not-a-secret" if DEBUG else None)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else None)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # the search vector's field type; inert on SQLite
    "django.contrib.staticfiles",
    "django_tasks_db",
    "simple_history",
    "galleries",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages hold no secrets worth a BREACH attack (CSRF tokens are masked per response); images
    # are left as they are.
    "expedition.media.CompressTextMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "galleries.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made each change recorded in a request
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "galleries.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "expedition.urls"
WSGI_APPLICATION = "expedition.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when they begin and wait their turn (the desk uploads several files at
    # once), rather than failing when a reading transaction cannot become a writing one.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request within seconds (a 503 page), rather than
    # holding a worker until gunicorn kills it; no query of ours runs for anything like 30 s.
    # expedition/database.py adds a limit the server cannot enforce: a server that stops answering.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(env("DATABASE_CONNECT_TIMEOUT", "5")),
            "options": f"-c statement_timeout={int(env('DATABASE_STATEMENT_TIMEOUT_MS', '30000'))}",
        }
    )

# In a request, the longest wait for any one answer from PostgreSQL (connecting, a query): then 503.
DATABASE_ANSWER_TIMEOUT = float(env("DATABASE_ANSWER_TIMEOUT", "4"))

CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
CACHES: dict[str, dict[str, object]]
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    # On disk, not in each process's memory: every worker of the machine sees the same page cache,
    # the same content version and the same sign-in counts. Several machines need Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache")),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# The desk's bulk changes post one field a selected photo: a 1,000-photo gallery selected whole fits.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The photo desk sends this many files at once (each its own request).
GALLERIES_DESK_UPLOADS_AT_ONCE = int(env("GALLERIES_DESK_UPLOADS_AT_ONCE", "3"))
# The photo desk marks originals narrower than this as too small for the large renditions.
GALLERIES_DESK_TINY_WIDTH = int(env("GALLERIES_DESK_TINY_WIDTH", "1600"))
# Cards a page of the photo desk shows; the rest are on its next pages.
GALLERIES_DESK_PAGE_SIZE = int(env("GALLERIES_DESK_PAGE_SIZE", "100"))
# A mission with more photos than this lists them on the photo desk only, not as rows of its change
# form: a form of thousands of rows takes seconds to load and outgrows DATA_UPLOAD_MAX_NUMBER_FIELDS.
GALLERIES_INLINE_PHOTO_LIMIT = int(env("GALLERIES_INLINE_PHOTO_LIMIT", "150"))
# Readers' pages are cached whole this long; a save retires the pages it shows on at once (galleries.cache).
GALLERIES_PAGE_CACHE_SECONDS = int(env("GALLERIES_PAGE_CACHE_SECONDS", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

MEDIA_STORAGE = env("MEDIA_STORAGE", "local")
SERVE_MEDIA = MEDIA_STORAGE == "local" and env("DJANGO_SERVE_MEDIA", "1" if DEBUG else "0") == "1"
# Two media storages: "default" holds the public renditions (served through the CDN), "originals"
# the editors' files, which on S3 are private and reached only through signed, expiring URLs.
MEDIA_BACKENDS: dict[str, dict[str, object]]
if MEDIA_STORAGE == "local":
    MEDIA_BACKENDS = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "originals": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
elif MEDIA_STORAGE == "s3":
    from botocore.config import Config as BotoConfig

    S3_OPTIONS = {
        "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",
        # Stored names are generated and unique; never overwrite silently.
        "file_overwrite": False,
        "default_acl": None,  # the bucket policy decides (public-read on renditions/ only)
        # A store that does not answer fails the save with a clear message within seconds.
        "client_config": BotoConfig(
            connect_timeout=int(env("AWS_S3_CONNECT_TIMEOUT", "5")),
            read_timeout=int(env("AWS_S3_READ_TIMEOUT", "20")),
            retries={"max_attempts": 2, "mode": "standard"},
        ),
    }
    MEDIA_BACKENDS = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **S3_OPTIONS,
                "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
                "querystring_auth": env("AWS_QUERYSTRING_AUTH", "0") == "1",
                # Browsers keep renditions for good (names change with content); a CDN rechecks daily,
                # so a rendition retired when its photo is hidden or unpublished stops being served.
                "object_parameters": {"CacheControl": "public, max-age=31536000, s-maxage=86400, immutable"},
            },
        },
        "originals": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **S3_OPTIONS,
                "bucket_name": os.environ.get("AWS_ORIGINALS_BUCKET_NAME") or S3_OPTIONS["bucket_name"],
                "querystring_auth": True,
                "querystring_expire": int(env("AWS_ORIGINALS_URL_SECONDS", "3600")),
                "object_parameters": {"CacheControl": "private, max-age=3600"},
            },
        },
    }
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")

STORAGES = {
    **MEDIA_BACKENDS,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Renditions are built by a background task. Locally and in tests the task runs at once;
# in production set TASKS_BACKEND=database and run `manage.py db_worker`.
TASKS_BACKEND = env("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# Security. HTTPS settings apply when DEBUG is off (check --deploy passes without warnings).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *env_list("CSP_IMG_SRC", "")],
    # Scripts and styles come from our own files only: no inline code, no nonces (pages are cached).
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Admin sign-in: after this many failures for one name (4x for one address), wait the window out.
LOGIN_FAILURE_LIMIT = int(env("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(env("DJANGO_LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# Behind a proxy, the request header holding the client's address, e.g. HTTP_X_REAL_IP.
LOGIN_CLIENT_ADDRESS_HEADER = env("DJANGO_CLIENT_ADDRESS_HEADER", "")
# Requests to the JSON API (/api/v1/) one client address may make, e.g. "120/min" (s, min, hour,
# day); then 429 with Retry-After. Empty: no limit. The address is read as for sign-in (above).
GALLERIES_API_RATE_LIMIT = env("GALLERIES_API_RATE_LIMIT", "120/min")

# Uploads: files above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The upload page refuses more than GALLERIES_MAX_FILES_PER_UPLOAD files with a message naming the
# limit; Django's own, higher cap only stops requests no form of ours sends (a bare 400).
GALLERIES_MAX_FILES_PER_UPLOAD = int(env("GALLERIES_MAX_FILES_PER_UPLOAD", "200"))
DATA_UPLOAD_MAX_NUMBER_FILES = 2000

# Image pipeline tunables (read through django.conf.settings when used).
GALLERIES_MAX_UPLOAD_BYTES = int(env("GALLERIES_MAX_UPLOAD_BYTES", str(60_000_000)))
GALLERIES_MAX_PIXELS = int(env("GALLERIES_MAX_PIXELS", str(150_000_000)))
# A zip (upload page or import_gallery) with more files, or unpacking to more bytes, is refused whole.
GALLERIES_MAX_ARCHIVE_ENTRIES = int(env("GALLERIES_MAX_ARCHIVE_ENTRIES", "2000"))
GALLERIES_MAX_ARCHIVE_BYTES = int(env("GALLERIES_MAX_ARCHIVE_BYTES", str(4_000_000_000)))
# Without a task worker, how long one request of the upload page unpacks a zip before it answers.
GALLERIES_IMPORT_STEP_SECONDS = float(env("GALLERIES_IMPORT_STEP_SECONDS", "8"))
GALLERIES_RENDITION_WIDTHS = [320, 640, 960, 1280, 1920, 2560]
# What the photo page offers to download when the licence allows (galleries.downloads): the
# narrowest JPEG rendition at least this wide, then the full-size copy at this JPEG quality.
GALLERIES_DOWNLOAD_SIZES = {"small": 640, "medium": 1280, "large": 2560}
GALLERIES_FULL_SIZE_QUALITY = int(env("GALLERIES_FULL_SIZE_QUALITY", "92"))
# Deep zoom (IIIF level 0 tiles, galleries.zoom): a photo wider than the widest rendition and of at
# least this many pixels gets 512-pixel JPEG tiles at every scale, served at /iiif/3/photo-<pk>/.
# Tiles cost storage, about as much again as the original (a 24 Mpx photo: ~130 files, ~6-10 MB)
# and the worker's time (a few seconds a photo); a lower threshold zooms into more photos for more
# bytes. 0 (or empty) makes no tiles: photos keep their renditions, with no Zoom button.
GALLERIES_ZOOM_MIN_PIXELS = int(env("GALLERIES_ZOOM_MIN_PIXELS", "12000000") or "0")
# Made first, so pages have pictures at once; the later formats follow in a lower-priority task.
GALLERIES_RENDITION_FORMATS = ["WEBP", "JPEG"]
GALLERIES_RENDITION_LATER_FORMATS = [f for f in env_list("GALLERIES_LATER_FORMATS", "AVIF") if f != "none"]
# License given to a credit created from a file's metadata, until an editor chooses one.
GALLERIES_DEFAULT_LICENSE = "All rights reserved"
# The public site's root ("https://expedition.example.org"), for addresses written where no request
# is at hand: each rendition's IPTC Licensor URL (its photo page). Empty: renditions carry none.
GALLERIES_SITE_URL = env("GALLERIES_SITE_URL", "").rstrip("/")

# LOG_FORMAT=json writes one JSON object a line (for a log collector); "text" is for people.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "expedition.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {"probe": {"()": "expedition.logs.ProbeFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": env("LOG_FORMAT", "text")},
        "probes": {"class": "logging.StreamHandler", "formatter": env("LOG_FORMAT", "text"), "filters": ["probe"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "galleries": {"handlers": ["console"], "level": env("GALLERIES_LOG_LEVEL", "INFO"), "propagate": False},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per task state change is noise at the console; failures still show.
        "django.tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.security.DisallowedHost": {"handlers": ["probes"], "level": "WARNING", "propagate": False},
    },
}
