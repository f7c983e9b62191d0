from __future__ import annotations

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
