"""Settings for the test suite: the production settings with local-only conveniences."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "1")

from expedition.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Small renditions keep the suite fast; the widths logic is the same.
GALLERIES_RENDITION_WIDTHS = [160, 320, 640]
GALLERIES_DOWNLOAD_SIZES = {"small": 160, "medium": 320, "large": 640}
GALLERIES_RENDITION_LATER_FORMATS = []  # AVIF is slow to encode; tests that need it turn it on
GALLERIES_ZOOM_MIN_PIXELS = 0  # tiles are many files; the tests about deep zoom turn them on
# Files written outside a test's own temporary folder (setUpTestData, class fixtures) land here,
# never in media/; tests/conftest.py removes it at the end of the run.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="expedition-test-media-"))
# Every test client is 127.0.0.1: a limit would count the whole run (tests about it set their own).
GALLERIES_API_RATE_LIMIT = ""
# Pages are cached across requests; tests that are about the cache turn it on themselves.
GALLERIES_PAGE_CACHE_SECONDS = 0
# One test process: its own memory is the machine's cache (tests about a shared cache use Redis).
if not CACHE_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A file, not memory: the live server's threads then have connections of their own, and writers
# wait their turn as they do in `make run` (an in-memory database is one connection they share).
_database = DATABASES["default"]  # noqa: F405
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"expedition-test-{os.getpid()}.sqlite3")}
