"""`manage.py import_gallery`: folders and zips, manifests, bad rows, re-runs, hostile archives."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from galleries.models import Credit, Photo
from tests.factories import make_crewmember, make_mission
from tests.images import jpeg_bytes, real_path


def run(path: Path, mission: str = "expedition-56", *options: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_gallery", str(path), "--mission", mission, *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def mission(db):
    make_crewmember(name="Serena Auñón-Chancellor")
    make_crewmember(name="Oleg Kononenko")
    return make_mission(slug="expedition-56")


MANIFEST_CSV = (
    "file,title,caption,alt_text,credit,taken_at,people\n"
    "step.jpg,Step One,Inside the Soyuz.,An astronaut in a capsule.,Victor Zelentsov/NASA,2018-05-20,"
    "Serena Aunon-Chancellor\n"
    "arrival.jpg,Watching the Arrival,A train pulls the rocket.,A rocket on a rail car.,Joel Kowsky/NASA,"
    "2018-06-04T07:00+06:00,Oleg Kononenko; serena auñón-chancellor\n"
)


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "shoot"
    folder.mkdir()
    (folder / "arrival.jpg").write_bytes(jpeg_bytes((64, 48), "orange"))
    (folder / "step.jpg").write_bytes(jpeg_bytes((64, 48), "navy"))
    (folder / "extra.jpg").write_bytes(jpeg_bytes((64, 48), "teal"))
    (folder / "manifest.csv").write_text(MANIFEST_CSV, encoding="utf-8")
    return folder


def test_folder_with_manifest_is_imported_in_manifest_order(mission, tmp_path):
    out, _ = run(make_folder(tmp_path), "expedition-56", "--credit", "Bill Ingalls/NASA", "--location", "Baikonur")
    photos = list(mission.photos.in_order())
    assert [p.title for p in photos] == ["Step One", "Watching the Arrival", ""]
    assert photos[2].original_filename == "extra.jpg"  # not in the manifest: after the listed ones
    assert str(photos[2].credit) == "Bill Ingalls/NASA"
    assert photos[2].location == "Baikonur"
    assert str(photos[0].credit) == "Victor Zelentsov/NASA"
    assert str(photos[1].credit) == "Joel Kowsky/NASA"
    assert photos[1].taken_at.isoformat() == "2018-06-04T01:00:00+00:00"
    assert {p.name for p in photos[1].people.all()} == {"Oleg Kononenko", "Serena Auñón-Chancellor"}
    assert photos[0].alt_text == "An astronaut in a capsule."
    assert "[1/3] step.jpg: added as photo 1" in out


def test_importing_the_same_folder_twice_adds_nothing(mission, tmp_path, stored_files):
    folder = make_folder(tmp_path)
    run(folder, "expedition-56", "--credit", "Bill Ingalls/NASA")
    files = stored_files()
    out, _ = run(folder, "expedition-56", "--credit", "Bill Ingalls/NASA")
    assert "Done: 0 added, 3 already in the gallery, 0 problem(s)." in out
    assert Photo.objects.count() == 3
    assert Credit.objects.count() == 3
    assert stored_files() == files


def test_bad_rows_and_files_are_reported_and_the_good_ones_imported(mission, tmp_path, stored_files):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "good.jpg").write_bytes(jpeg_bytes())
    (folder / "broken.jpg").write_bytes(real_path("truncated_jpeg.jpg").read_bytes())
    (folder / "who.jpg").write_bytes(jpeg_bytes((64, 48), "red"))
    (folder / "when.jpg").write_bytes(jpeg_bytes((64, 48), "green"))
    (folder / "manifest.csv").write_text(
        "file,title,credit,taken_at,people\n"
        "good.jpg,Good,Joel Kowsky/NASA,,\n"
        "missing.jpg,Missing,Joel Kowsky/NASA,,\n"
        "broken.jpg,Broken,Joel Kowsky/NASA,,\n"
        "who.jpg,Who,Joel Kowsky/NASA,,Yuri Nobody\n"
        "when.jpg,When,Joel Kowsky/NASA,last tuesday,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="4 file"):
        run(folder)
    assert list(Photo.objects.values_list("title", flat=True)) == ["Good"]
    assert len(stored_files()) == 1 + len(Photo.objects.get().renditions)


def test_bad_rows_name_their_line(mission, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "who.jpg").write_bytes(jpeg_bytes())
    (folder / "manifest.csv").write_text("file,credit,people\nnope.jpg,A/B,\nwho.jpg,A/B,Yuri Nobody\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"^2 file\(s\) or row\(s\) were not imported"):
        call_command("import_gallery", str(folder), "--mission", "expedition-56", stdout=io.StringIO(), stderr=err)
    assert "manifest.csv line 2: no file named “nope.jpg”." in err.getvalue()
    assert "manifest.csv line 3, “who.jpg”: no crewmember named “Yuri Nobody”." in err.getvalue()


def test_zip_with_json_manifest_and_hostile_entry_names(mission, tmp_path, settings, stored_files):
    archive = tmp_path / "gallery.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../../../tmp/escape.jpg", jpeg_bytes((64, 48), "red"))
        zf.writestr("/etc/absolute.jpg", jpeg_bytes((64, 48), "blue"))
        zf.writestr("__MACOSX/._escape.jpg", b"resource fork")
        zf.writestr("folder/inner.jpg", jpeg_bytes((64, 48), "green"))
        zf.writestr(
            "manifest.json",
            json.dumps(
                {
                    "photos": [
                        {
                            "file": "inner.jpg",
                            "title": "Inner",
                            "credit": "Joel Kowsky/NASA",
                            "people": ["Oleg Kononenko"],
                        },
                        {"file": "absolute.jpg", "title": "Absolute", "credit": "Joel Kowsky/NASA"},
                        {"file": "escape.jpg", "title": "Escape", "credit": "Joel Kowsky/NASA"},
                    ]
                }
            ),
        )
    run(archive)
    assert list(mission.photos.in_order().values_list("title", flat=True)) == ["Inner", "Absolute", "Escape"]
    media = Path(settings.MEDIA_ROOT)
    originals = {str(p.relative_to(media)) for p in stored_files() if "originals" in p.parts}
    assert originals == {photo.image.name for photo in Photo.objects.all()}
    assert not Path("/tmp/escape.jpg").exists()
    assert not Path("/etc/absolute.jpg").exists()
    assert all(p.image.name.startswith("originals/") for p in Photo.objects.all())


def test_zip_bomb_entry_is_refused_without_reading_it_all(mission, tmp_path, settings):
    settings.GALLERIES_MAX_UPLOAD_BYTES = 1_000_000
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.jpg", b"\0" * 50_000_000)  # 50 MB of zeros, a few KB compressed
        zf.writestr("fine.jpg", jpeg_bytes())
        zf.writestr("manifest.csv", "file,credit\nbomb.jpg,A/B\nfine.jpg,A/B\n")
    assert archive.stat().st_size < 200_000
    with pytest.raises(CommandError, match=r"^1 file\(s\) or row\(s\) were not imported"):
        run(archive)
    assert Photo.objects.count() == 1


def test_unknown_mission_is_a_clear_error(mission, tmp_path):
    with pytest.raises(CommandError, match="No mission"):
        run(tmp_path, mission="nope")


def test_missing_path_is_a_clear_error(mission, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run(tmp_path / "nothing-here")


def test_a_path_that_is_neither_folder_nor_zip_is_a_clear_error(mission, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(CommandError, match="neither a folder nor a zip"):
        run(tmp_path / "notes.txt")


def test_files_without_a_credit_are_refused_by_name(mission, tmp_path, stored_files):
    folder = tmp_path / "anonymous"
    folder.mkdir()
    (folder / "eva.jpg").write_bytes(jpeg_bytes())
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"^1 file\(s\) or row\(s\) were not imported"):
        call_command("import_gallery", str(folder), "--mission", "expedition-56", stdout=io.StringIO(), stderr=err)
    assert "“eva.jpg”: the file does not say who took it; choose a credit." in err.getvalue()
    assert not Photo.objects.exists()
    assert stored_files() == []


def problems_of(path: Path) -> str:
    """What import_gallery reports, with a common credit, of a folder or zip it cannot import whole."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="not imported"):
        call_command(
            "import_gallery",
            str(path),
            "--mission",
            "expedition-56",
            "--credit",
            "A/B",
            stdout=io.StringIO(),
            stderr=err,
        )
    return err.getvalue()


def zip_of(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def test_files_of_the_same_name_in_different_folders_are_all_imported(mission, tmp_path):
    archive = zip_of(
        tmp_path / "cards.zip",
        {"day1/DSC_0001.JPG": jpeg_bytes((64, 48), "red"), "day2/DSC_0001.JPG": jpeg_bytes((64, 48), "blue")},
    )
    out, _ = run(archive, "expedition-56", "--credit", "Joel Kowsky/NASA")
    assert mission.photos.count() == 2
    assert "day2/DSC_0001.JPG: added" in out


def test_a_manifest_row_naming_a_base_name_two_folders_hold_asks_for_the_folder(mission, tmp_path):
    archive = zip_of(
        tmp_path / "cards.zip",
        {
            "day1/DSC_0001.JPG": jpeg_bytes((64, 48), "red"),
            "day2/DSC_0001.JPG": jpeg_bytes((64, 48), "blue"),
            "manifest.csv": "file,title\nDSC_0001.JPG,Which one\nday2/DSC_0001.JPG,The second\n",
        },
    )
    err = problems_of(archive)
    assert "line 2: several files are named “DSC_0001.JPG”: give its folder too." in err
    assert mission.photos.filter(title="The second").exists()


def test_a_manifest_that_is_not_utf8_is_refused_naming_the_encoding(mission, tmp_path):
    folder = tmp_path / "latin"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(jpeg_bytes())
    (folder / "manifest.csv").write_bytes("file,caption\na.jpg,Auñón\n".encode("latin-1"))
    with pytest.raises(CommandError, match="manifest.csv is not UTF-8"):
        run(folder)


def test_a_manifest_over_the_limit_is_refused_with_the_limit_named(mission, tmp_path, monkeypatch):
    monkeypatch.setattr("galleries.archives.MAX_MANIFEST_BYTES", 100)
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "manifest.csv").write_text("file,caption\n" + "a.jpg,long caption\n" * 20)
    with pytest.raises(CommandError, match="manifest.csv is larger than the limit of 1 KB"):
        run(folder)


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        ({"file": "a.jpg", "title": {"nested": "object"}}, "line 1: “title” must be text."),
        ({"file": "a.jpg", "people": 5}, "line 1: “people” must be names separated by “;”, or a list of names."),
        ({"file": "a.jpg", "title": "T" * 201}, "line 1: “title” is longer than 200 characters."),
    ],
)
def test_a_malformed_json_value_is_a_problem_on_its_line(mission, tmp_path, photo, message):
    archive = zip_of(tmp_path / "m.zip", {"a.jpg": jpeg_bytes(), "manifest.json": json.dumps([photo])})
    assert message in problems_of(archive)


def test_a_csv_caption_longer_than_the_csv_default_field_limit_is_read(mission, tmp_path):
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(jpeg_bytes())
    (folder / "manifest.csv").write_text(f"file,caption,credit\na.jpg,{'c' * 131_073},A/B\n")
    run(folder)
    assert len(mission.photos.get().caption) == 131_073


def test_control_characters_in_a_manifest_are_removed(mission, tmp_path):
    folder = tmp_path / "nul"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(jpeg_bytes())
    (folder / "manifest.csv").write_text("file,title,credit\na.jpg,Step\x00 One\x0b,A/B\n")
    run(folder)
    assert mission.photos.get().title == "Step One"


def test_an_archive_with_more_files_than_allowed_is_refused_whole(mission, tmp_path, settings):
    settings.GALLERIES_MAX_ARCHIVE_ENTRIES = 2
    archive = zip_of(
        tmp_path / "many.zip",
        {f"{n}.jpg": jpeg_bytes((64, 48), color) for n, color in enumerate(["red", "blue", "green"])},
    )
    with pytest.raises(CommandError, match="the archive holds 3 files; the limit is 2"):
        run(archive)
    assert not Photo.objects.exists()


def test_an_archive_that_unpacks_past_the_limit_is_refused_whole(mission, tmp_path, settings):
    settings.GALLERIES_MAX_ARCHIVE_BYTES = 1000
    archive = zip_of(tmp_path / "big.zip", {"a.jpg": jpeg_bytes((200, 200), "red")})
    with pytest.raises(CommandError, match="the archive unpacks to .*; the limit is 1 KB"):
        run(archive)
