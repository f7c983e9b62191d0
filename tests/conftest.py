from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests.factories import editors_group


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """No test writes to the real media/ folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _remove_session_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def editor(db):
    """A member of the "Editors" group: staff, with the group's permissions and no others."""
    user = get_user_model().objects.create_user("editor", "editor@example.org", "pw", is_staff=True)
    user.groups.add(editors_group())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def stored_files(settings):
    """A function listing every file under MEDIA_ROOT, sorted; [] while the folder does not exist."""

    def list_files() -> list[Path]:
        root = Path(settings.MEDIA_ROOT)
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

    return list_files


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by the browser tests; they skip where it is not installed."""
    from tests.browser import chromium_path, launch_chromium

    chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The readers' page cache on, in memory and (where it runs) in Redis, empty at the start."""
    if request.param == "redis":
        if not redis_reachable():
            pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        }
    settings.GALLERIES_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def world(db):
    """Published content and one of each thing readers must not see (tests/access_world.py)."""
    from tests.access_world import make_world

    return make_world()
