"""Faults: the database failing mid-save, a worker dying mid-rendition, two editors reordering at once."""

from __future__ import annotations

import threading
import time
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection, connections
from django.urls import reverse

from galleries import ingest
from galleries.admin.photos import PhotoAdmin
from galleries.models import Mission, Photo
from galleries.tasks import photo_renditions_build
from tests.factories import make_credit, make_mission, make_photo
from tests.images import jpeg_bytes, real_upload
from tests.proxy import relay_to


def test_database_failing_while_the_admin_saves_answers_503_and_keeps_nothing(editor_client, stored_files):
    mission, credit = make_mission(), make_credit()
    # A database that drops mid-request cannot be staged on demand here: the row insert is made to fail.
    with mock.patch.object(Photo, "save_base", side_effect=OperationalError("server closed the connection")):
        response = editor_client.post(
            reverse("admin:galleries_photo_add"),
            {"mission": mission.pk, "image": real_upload("Landscape_6.jpg"), "credit": credit.pk, "alt_text": "x"},
        )
    assert response.status_code == 503
    assert "nothing was saved" in response.content.decode()
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_a_save_failing_after_the_photo_row_was_written_keeps_no_original(editor_client, stored_files):
    mission, credit = make_mission(), make_credit()
    # The row and its file are written; then the database drops before the save's transaction ends.
    with mock.patch.object(PhotoAdmin, "save_related", side_effect=OperationalError("server closed the connection")):
        response = editor_client.post(
            reverse("admin:galleries_photo_add"),
            {"mission": mission.pk, "image": real_upload("Landscape_6.jpg"), "credit": credit.pk, "alt_text": "x"},
        )
    assert response.status_code == 503
    assert not Photo.objects.exists()
    assert stored_files() == []


@pytest.mark.django_db
def test_a_constraint_failure_after_the_file_is_stored_removes_the_file(stored_files):
    mission = make_mission()
    make_photo(mission=mission, position=0, renditions=False)
    existing = stored_files()
    with pytest.raises(IntegrityError, match="(?i)unique"):
        ingest.photo_ingest(
            mission=mission, upload=SimpleUploadedFile("dup.jpg", jpeg_bytes()), credit=make_credit(), position=0
        )
    assert stored_files() == existing


@pytest.mark.django_db
def test_a_worker_that_dies_mid_rendition_is_finished_by_the_next_run(settings, stored_files):
    photo = make_photo(size=(700, 500), renditions=False)
    real_save = default_storage.save
    calls = {"n": 0}

    def dying_save(name, content, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("worker killed")  # what a killed process leaves: some files, no row update
        return real_save(name, content, *args, **kwargs)

    with (
        mock.patch.object(default_storage, "save", side_effect=dying_save),
        pytest.raises(SystemExit, match="worker killed"),
    ):
        photo_renditions_build.call(photo_id=photo.pk)
    photo.refresh_from_db()
    assert photo.renditions == []
    photo_renditions_build.call(photo_id=photo.pk)  # the queue runs the job again
    photo.refresh_from_db()
    recorded = sorted(photo.rendition_names())
    made = {"renditions", "downloads"}  # the renditions, then the full-size copy queued after them
    on_disk = sorted(str(p.relative_to(settings.MEDIA_ROOT)) for p in stored_files() if made & set(p.parts))
    assert recorded == on_disk
    assert len(photo.rendition_list()) == 6  # and the crops the build queues after them
    assert photo.full_size  # the full-size copy, also queued after them


@pytest.mark.django_db(transaction=True)
def test_two_editors_reordering_at_once_leave_a_valid_order():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole database)")
    mission = make_mission()
    credit = make_credit()
    photos = [make_photo(mission=mission, credit=credit, position=i, renditions=False) for i in range(6)]
    orders = [list(range(6)), list(reversed(range(6)))]
    barrier = threading.Barrier(2)
    errors = []

    def editor(order):
        try:
            copies = [Photo.objects.get(pk=p.pk) for p in photos]
            for copy, position in zip(copies, order, strict=True):
                copy.position = position
            barrier.wait()
            with ingest.photos_reordering(mission=mission, photos=copies):
                for copy in copies:
                    ingest.photo_save(photo=copy)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    final = [Photo.objects.get(pk=p.pk).position for p in photos]
    assert sorted(final) == list(range(6))
    assert final in orders
    assert Mission.objects.get(pk=mission.pk).photos.count() == 6


@pytest.fixture
def relayed_database(transactional_db):
    """The default connection, reopened through a relay that the test can freeze (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        pytest.skip("the answer timeout is PostgreSQL's (psycopg2's wait callback)")
    settings_dict = connection.settings_dict
    saved = {key: settings_dict[key] for key in ("HOST", "PORT")}
    options = dict(settings_dict["OPTIONS"])
    with relay_to(saved["HOST"] or "127.0.0.1", int(saved["PORT"] or 5432)) as relay:
        connection.close()
        settings_dict.update(HOST="127.0.0.1", PORT=str(relay.port))
        try:
            yield relay
        finally:
            relay.frozen.clear()
            connection.close()
            settings_dict.update(saved, OPTIONS=options)


def test_a_database_that_stops_answering_gives_the_503_page_within_seconds(relayed_database, client, settings):
    settings.DATABASE_ANSWER_TIMEOUT = 1
    mission = make_mission(status=Mission.Status.PUBLISHED)  # the connection is open, through the relay
    relayed_database.frozen.set()
    started = time.monotonic()
    response = client.get(mission.get_absolute_url())
    assert response.status_code == 503
    assert time.monotonic() - started < settings.DATABASE_ANSWER_TIMEOUT + 2


def test_connecting_to_a_database_that_never_answers_gives_up_at_the_connect_timeout(relayed_database):
    relayed_database.frozen.set()
    connection.settings_dict["OPTIONS"]["connect_timeout"] = 1
    started = time.monotonic()
    with pytest.raises(OperationalError, match="did not connect within 1.0 s"):
        Mission.objects.count()  # outside a request: only connecting is limited
    assert time.monotonic() - started < 3
