from __future__ import annotations

from unittest import mock

from django.db import DatabaseError


def test_healthz_is_ok_when_database_and_storage_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_fails(client, db):
    # A failing database cannot be produced on demand here, so the cursor is patched to raise.
    with mock.patch("galleries.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_healthz_is_503_when_storage_fails(client, db):
    # The S3 fault test stops a real server (see the production suite); locally the disk is patched.
    with mock.patch("galleries.views.default_storage.exists", side_effect=OSError("disk gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
