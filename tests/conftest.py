from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """No test writes to the real media/ folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _remove_session_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


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
