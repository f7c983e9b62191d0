"""export_mission and import_mission: a round trip into an empty database and storage loses nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from galleries import ingest
from galleries.models import Agency, Credit, Crewmember, License, Mission, Photo
from tests.factories import make_credit, make_crew, make_crewmember, make_license, make_mission, make_photo
from tests.images import real_upload

MISSION_FIELDS = [
    "title",
    "slug",
    "summary",
    "start_date",
    "end_date",
    "vehicle",
    "author_name",
    "author_role",
    "author_bio",
    "status",
    "published_at",
]
PHOTO_FIELDS = [
    "position",
    "title",
    "caption",
    "alt_text",
    "long_description",
    "location",
    "keywords",
    "is_hidden",
    "taken_at",
    "original_filename",
    "original_format",
    "sha256",
    "width",
    "height",
    "camera",
    "gps_latitude",
    "gps_longitude",
]


def snapshot(mission: Mission) -> dict:
    """Everything an export must carry, in comparable form (no ids, no storage names)."""
    photos = []
    for photo in mission.photos.in_order().select_related("credit__default_license", "license"):
        with photo.image.open("rb") as original:
            data = original.read()
        photos.append(
            {
                **{field: getattr(photo, field) for field in PHOTO_FIELDS},
                "credit": (str(photo.credit), photo.credit.default_license.name),
                "license": photo.license.name if photo.license else None,
                "people": sorted(p.slug for p in photo.people.all()),
                "bytes": hashlib.sha256(data).hexdigest(),
            }
        )
    return {
        "mission": {field: getattr(mission, field) for field in MISSION_FIELDS},
        "cover": mission.cover_photo.position if mission.cover_photo else None,
        "crew": [
            (c.crewmember.slug, c.crewmember.name, c.crewmember.agency.slug, c.role, c.is_backup, c.position)
            for c in mission.crew.select_related("crewmember__agency").order_by("position")
        ],
        "photos": photos,
    }


@pytest.fixture
def expedition(db):
    mission = make_mission(
        title="Expedition 56",
        slug="expedition-56",
        summary="Soyuz MS-09.",
        vehicle="Soyuz MS-09",
        end_date=dt.date(2018, 10, 4),
        author_name="Christine Lunsford",
        author_bio="Joined in 2010.",
    )
    serena = make_crewmember(name="Serena Auñón-Chancellor", slug="serena-aunon-chancellor", bio="Physician.")
    oleg = make_crewmember(name="Oleg Kononenko", slug="oleg-kononenko")
    guest = make_crewmember(name="Drew Feustel", slug="drew-feustel")  # shown, but not on this crew
    make_crew(mission, serena, role="Flight Engineer", position=1)
    make_crew(mission, oleg, role="Soyuz Commander", is_backup=True, position=2)
    nasa = make_credit(photographer="Joel Kowsky", organization="NASA")
    make_photo(
        mission=mission,
        credit=nasa,
        title="Step One",
        people=[serena, guest],
        taken_at=dt.datetime(2018, 5, 20, 6, 0, tzinfo=dt.UTC),
        location="Baikonur",
        keywords="Soyuz",
    )
    ingest.photo_ingest(
        mission=mission,
        upload=real_upload("Portrait_6.jpg"),
        position=5,
        credit=nasa,
        title="Portrait",
        alt_text="Upright",
        license=make_license(name="CC BY-SA 3.0 IGO", allows_download=False),
        people=[oleg],
    )
    make_photo(mission=mission, credit=nasa, title="Hidden", is_hidden=True, alt_text="")
    mission.cover_photo = mission.photos.get(title="Portrait")
    mission.save()
    return mission


def empty_everything(settings) -> None:
    for model in (Photo, Mission, Credit, License, Crewmember, Agency):
        model.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_round_trip_into_an_empty_database_and_storage_loses_nothing(
    expedition, settings, tmp_path, django_capture_on_commit_callbacks
):
    before = snapshot(expedition)
    archive = tmp_path / "expedition-56.zip"
    out = io.StringIO()
    call_command("export_mission", "expedition-56", str(archive), stdout=out)
    assert "3 photo(s), 2 crew" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        empty_everything(settings)
    assert not Path(settings.MEDIA_ROOT).exists()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_mission", str(archive), stdout=io.StringIO())
    restored = Mission.objects.get(slug="expedition-56")
    assert snapshot(restored) == before
    assert all(photo.renditions for photo in restored.photos.all())


def test_manifest_documents_checksums_and_order(expedition, tmp_path):
    archive = tmp_path / "out.zip"
    call_command("export_mission", "expedition-56", str(archive), stdout=io.StringIO())
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        for photo in manifest["photos"]:
            assert hashlib.sha256(zf.read(photo["original"]["file"])).hexdigest() == photo["original"]["sha256"]
    assert manifest["format"] == "expedition-mission"
    assert [p["position"] for p in manifest["photos"]] == sorted(p["position"] for p in manifest["photos"])


def test_a_damaged_archive_is_refused_and_nothing_is_kept(expedition, settings, tmp_path):
    archive = tmp_path / "out.zip"
    call_command("export_mission", "expedition-56", str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[:-10] + b"0123456789" if item.filename.startswith("originals/") else data)
    files_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("import_mission", str(damaged), "--slug", "copy", stdout=io.StringIO())
    assert not Mission.objects.filter(slug="copy").exists()
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == files_before


def test_import_next_to_the_original_needs_a_new_slug(expedition, tmp_path, django_capture_on_commit_callbacks):
    archive = tmp_path / "out.zip"
    call_command("export_mission", "expedition-56", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_mission", str(archive), stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_mission", str(archive), "--slug", "expedition-56-copy", stdout=io.StringIO())
    copy = Mission.objects.get(slug="expedition-56-copy")
    assert copy.photos.count() == 3
    assert Credit.objects.filter(photographer="Joel Kowsky").count() == 1  # reused, not duplicated


def test_a_failure_halfway_leaves_no_files_and_no_rows(expedition, settings, tmp_path, monkeypatch):
    archive = tmp_path / "out.zip"
    call_command("export_mission", "expedition-56", str(archive), stdout=io.StringIO())
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["photos"][-1]["people"] = ["nobody-we-know"]
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = json.dumps(manifest).encode() if item.filename == "manifest.json" else source.read(item)
            target.writestr(item, data)
    files_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))
    with pytest.raises(CommandError, match="not in the archive"):
        call_command("import_mission", str(broken), "--slug", "copy", stdout=io.StringIO())
    assert not Mission.objects.filter(slug="copy").exists()
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == files_before


def test_exporting_an_unknown_mission_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No mission"):
        call_command("export_mission", "nope", str(tmp_path / "x.zip"))


def test_importing_a_file_that_is_not_a_zip_is_a_clear_error(db, tmp_path):
    (tmp_path / "notes.zip").write_text("not a zip")
    with pytest.raises(CommandError, match="not a readable zip"):
        call_command("import_mission", str(tmp_path / "notes.zip"))


def crafted(expedition, tmp_path, edit_manifest=None, members=None) -> Path:
    """The expedition's export, with its manifest edited and some members' bytes replaced."""
    exported, archive = tmp_path / "genuine.zip", tmp_path / "crafted.zip"
    call_command("export_mission", "expedition-56", str(exported), stdout=io.StringIO())
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(archive, "w") as target:
        manifest = json.loads(source.read("manifest.json"))
        if edit_manifest:
            edit_manifest(manifest)
        for item in source.infolist():
            if item.filename != "manifest.json":
                target.writestr(item, (members or {}).get(item.filename) or source.read(item))
        target.writestr("manifest.json", json.dumps(manifest))
    return archive


def restore_refused(archive: Path, match: str, stored_files) -> None:
    before = stored_files()
    with pytest.raises(CommandError, match=match):
        call_command("import_mission", str(archive), "--slug", "copy", stdout=io.StringIO())
    assert not Mission.objects.filter(slug="copy").exists()
    assert stored_files() == before


def test_a_restore_refuses_html_declared_as_a_jpeg_original(expedition, tmp_path, stored_files):
    html = b"<html><script>alert(1)</script></html>"

    def declare(manifest):
        original = manifest["photos"][0]["original"]
        original.update(sha256=hashlib.sha256(html).hexdigest(), bytes=len(html))

    first = json.loads(zipfile.ZipFile(crafted(expedition, tmp_path)).read("manifest.json"))["photos"][0]
    archive = crafted(expedition, tmp_path, declare, {first["original"]["file"]: html})
    restore_refused(archive, "this is not an image we accept", stored_files)


def test_a_restore_refuses_a_javascript_licence_address(expedition, tmp_path, stored_files):
    def poison(manifest):
        manifest["photos"][1]["license"] = {"name": "Evil", "url": "javascript:alert(1)", "allows_download": True}

    restore_refused(crafted(expedition, tmp_path, poison), "license “Evil” is not valid", stored_files)


def test_a_restore_refuses_a_title_longer_than_the_form_allows(expedition, tmp_path, stored_files):
    def lengthen(manifest):
        manifest["mission"]["title"] = "T" * 5000

    restore_refused(crafted(expedition, tmp_path, lengthen), "mission is not valid", stored_files)


def test_a_restore_refuses_an_original_over_the_upload_limit_before_reading_it(
    expedition, tmp_path, settings, stored_files
):
    archive = crafted(expedition, tmp_path)
    settings.GALLERIES_MAX_UPLOAD_BYTES = 1000
    restore_refused(archive, "is larger than the upload limit of 1 KB", stored_files)


def test_a_published_mission_readers_would_see_nothing_of_is_restored_as_a_draft(expedition, tmp_path):
    def undescribe(manifest):
        for photo in manifest["photos"]:
            photo["alt_text"] = ""

    out = io.StringIO()
    call_command("import_mission", str(crafted(expedition, tmp_path, undescribe)), "--slug", "copy", stdout=out)
    assert Mission.objects.get(slug="copy").status == Mission.Status.DRAFT
    assert "restored as a draft" in out.getvalue()


def test_a_restore_refuses_a_credit_longer_than_the_form_allows(expedition, tmp_path, stored_files):
    def lengthen(manifest):
        manifest["photos"][0]["credit"]["photographer"] = "P" * 5000

    restore_refused(crafted(expedition, tmp_path, lengthen), "credit of photo 1 is not valid", stored_files)


def _set(path: str, value: object):
    def edit(manifest):
        *parents, last = path.split(".")
        node = manifest
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is KeyError:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return edit


@pytest.mark.parametrize(
    "edit",
    [
        _set("mission", KeyError),
        _set("mission.title", KeyError),
        _set("mission.start_date", "soon"),
        _set("photos", 5),
        _set("photos.0", "a photo"),
        _set("photos.0.position", "abc"),
        _set("photos.1.position", 0),
        _set("photos.0.position", -3),
        _set("photos.0.people", "kowsky"),
        _set("photos.0.people", ["nobody-of-that-slug"]),
        _set("photos.0.credit", None),
        _set("photos.0.original", {"file": 5}),
        _set("photos.0.taken_at", "yesterday"),
        _set("photos.0.is_hidden", "maybe"),
        _set("crew.0.crewmember", "nobody-of-that-slug"),
        _set("crew.0.position", "first"),
        _set("crewmembers.0.agency", None),
        _set("mission.cover_photo_position", {"a": 1}),
    ],
    ids=lambda edit: "",
)
def test_a_wrongly_shaped_manifest_is_refused_by_what_is_wrong(expedition, tmp_path, stored_files, edit):
    restore_refused(crafted(expedition, tmp_path, edit), r"^(manifest\.json|Photo 1 shows)", stored_files)
