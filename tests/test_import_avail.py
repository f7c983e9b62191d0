"""`import_gallery` with NASA-style metadata.json records (the AVAIL fields) beside the files."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from galleries import avail
from galleries.models import Photo
from tests.factories import make_mission
from tests.images import jpeg_bytes

DATA = Path(__file__).parent / "data"
ASSETS = DATA / "nasa-metadata"  # a folder per asset, and records beside files (photo.json, photo.jpg.json)
COLLECTION = DATA / "nasa-collection"  # one metadata.json naming every file


def run(path: Path, mission: str = "expedition-56", *options: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_gallery", str(path), "--mission", mission, *options, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def mission(db):
    return make_mission(slug="expedition-56")


def photo(nasa_id: str) -> Photo:
    return Photo.objects.select_related("credit").get(source="nasa", external_id=nasa_id)


def test_an_asset_folders_record_fills_every_field(mission):
    run(ASSETS)
    prelaunch = photo("jsc2018e052877")
    assert prelaunch.title == "Expedition 56 Prelaunch"
    assert prelaunch.caption.startswith("Expedition 56 flight engineer Serena Auñón-Chancellor of NASA waves")
    assert prelaunch.long_description.startswith("A woman in a white pressure suit raises her gloved hand")
    assert prelaunch.alt_text == ""  # the editor's to write: a 508 description is not alt text
    assert str(prelaunch.credit) == "Victor Zelentsov/NASA"
    assert prelaunch.keywords == "Expedition 56, Soyuz MS-09, Baikonur, Johnson Space Center"
    assert prelaunch.taken_at == dt.datetime(2018, 6, 6, tzinfo=dt.UTC)
    assert prelaunch.original_filename == "jsc2018e052877~orig.jpg"


def test_only_the_original_of_an_asset_folder_is_imported(mission):
    out = run(ASSETS)
    assert "Done: 3 added, 0 already in the gallery, 0 problem(s)." in out
    assert not mission.photos.filter(original_filename__contains="~thumb").exists()


def test_a_record_beside_a_file_reads_a_nasa_first_photographer_and_a_list_of_keywords_in_text(mission):
    run(ASSETS)
    rollout = photo("KSC-20180604-PH-JK01")
    assert rollout.title == "Soyuz Rollout"
    assert str(rollout.credit) == "Joel Kowsky/NASA"
    assert rollout.keywords == "Soyuz MS-09, rollout, NASA Headquarters"
    assert rollout.taken_at.date() == dt.date(2018, 6, 4)


def test_a_record_without_a_photographer_credits_nasa(mission):
    run(ASSETS)
    earth = photo("iss056e006962")  # its record is iss056e006962.jpg.json
    assert (earth.credit.photographer, earth.credit.organization) == ("", "NASA")


def test_the_batch_credit_wins_over_a_records_bare_nasa(mission):
    run(ASSETS, "expedition-56", "--credit", "Drew Feustel/NASA")
    assert str(photo("iss056e006962").credit) == "Drew Feustel/NASA"
    assert str(photo("jsc2018e052877").credit) == "Victor Zelentsov/NASA"  # the record names its photographer


def test_one_collection_file_maps_file_names_to_records(mission):
    out = run(COLLECTION)
    assert "Done: 2 added" in out
    launch, docking = photo("201806060001HQ"), photo("iss056e000123")
    assert (launch.title, str(launch.credit), launch.keywords) == (
        "Expedition 56 Launch",
        "Bill Ingalls/NASA",
        "Expedition 56, launch, NASA Headquarters",
    )
    assert (docking.title, docking.caption) == ("Docking", "Soyuz MS-09 docks to the Rassvet module.")


def test_a_zip_of_asset_folders_is_read_the_same_way(mission, tmp_path):
    archive = tmp_path / "assets.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(ASSETS).as_posix())
    assert "Done: 3 added" in run(archive)
    assert photo("jsc2018e052877").title == "Expedition 56 Prelaunch"


def test_importing_the_same_folder_again_adds_nothing(mission, stored_files):
    run(ASSETS)
    files = stored_files()
    out = run(ASSETS)
    assert "Done: 0 added, 3 already in the gallery, 0 problem(s)." in out
    assert Photo.objects.count() == 3
    assert stored_files() == files


def test_an_asset_imported_before_is_known_by_its_nasa_id_whatever_its_file(mission, tmp_path, stored_files):
    run(ASSETS)
    files = stored_files()
    again = tmp_path / "again"
    shutil.copytree(ASSETS / "jsc2018e052877", again / "jsc2018e052877")
    (again / "jsc2018e052877" / "jsc2018e052877~orig.jpg").write_bytes(jpeg_bytes((80, 60), "white"))
    out = run(again, make_mission(slug="expedition-57").slug)
    assert "Done: 0 added, 1 already in the gallery, 0 problem(s)." in out
    assert Photo.objects.filter(external_id="jsc2018e052877").count() == 1
    assert stored_files() == files


def test_a_manifest_row_wins_over_the_record(mission, tmp_path):
    folder = tmp_path / "assets"
    shutil.copytree(ASSETS, folder)
    row = "KSC-20180604-PH-JK01.jpg,Rollout,A rocket on a train."
    (folder / "manifest.csv").write_text(f"file,title,alt_text\n{row}\n")
    run(folder)
    rollout = photo("KSC-20180604-PH-JK01")
    assert (rollout.title, rollout.alt_text) == ("Rollout", "A rocket on a train.")
    assert rollout.caption.startswith("The Soyuz rocket is rolled out by train")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("KSC-20180604-PH-JK01.json", '{"AVAIL:Title": "Rollout",}', "KSC-20180604-PH-JK01.json is not valid JSON"),
        ("jsc2018e052877/metadata.json", '["not", "a record"]', "jsc2018e052877/metadata.json must be a JSON object"),
        ("metadata.json", '{"x.jpg": 1}', "metadata.json: “x.jpg” must be a JSON object"),
    ],
)
def test_a_record_that_cannot_be_read_names_its_file_and_nothing_is_imported(
    mission, tmp_path, stored_files, name, text, message
):
    folder = tmp_path / "assets"
    shutil.copytree(ASSETS, folder)
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(folder)
    assert Photo.objects.count() == 0
    assert stored_files() == []


def test_a_record_with_a_field_of_the_wrong_kind_keeps_its_file_out_and_says_so(mission, tmp_path):
    folder = tmp_path / "assets"
    shutil.copytree(ASSETS, folder)
    record = json.loads((folder / "KSC-20180604-PH-JK01.json").read_text())
    (folder / "KSC-20180604-PH-JK01.json").write_text(json.dumps({**record, "AVAIL:Title": ["a", "list"]}))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_gallery", str(folder), "--mission", "expedition-56", stdout=io.StringIO(), stderr=err)
    assert "“KSC-20180604-PH-JK01.jpg”: its metadata cannot be used: AVAIL:Title must be text." in err.getvalue()
    assert Photo.objects.count() == 2


def test_editors_see_the_source_and_nasa_id_on_the_photo_form(mission, editor_client):
    run(ASSETS)
    page = editor_client.get(reverse("admin:galleries_photo_change", args=[photo("jsc2018e052877").pk]))
    html = page.content.decode()
    assert "jsc2018e052877" in html
    assert "External id" in html


def test_a_photos_record_out_uses_the_avail_names_it_came_in_with(mission):
    run(ASSETS)
    assert avail.photo_record(photo("KSC-20180604-PH-JK01")) == {
        "AVAIL:NASAID": "KSC-20180604-PH-JK01",
        "AVAIL:Title": "Soyuz Rollout",
        "AVAIL:Description": "The Soyuz rocket is rolled out by train to the launch pad at the Baikonur Cosmodrome.",
        "AVAIL:Description508": "A rocket lies on its side on a rail car, pulled across the steppe at dawn.",
        "AVAIL:Photographer": "Joel Kowsky",
        "AVAIL:Keywords": ["Soyuz MS-09", "rollout", "NASA Headquarters"],
        "AVAIL:DateCreated": "2018-06-04T00:00:00+00:00",
        "AVAIL:MediaType": "image",
    }


def test_editors_find_a_photo_by_its_nasa_id(mission, editor_client):
    run(ASSETS)
    page = editor_client.get(reverse("admin:galleries_photo_changelist"), {"q": "KSC-20180604-PH-JK01"})
    assert "Soyuz Rollout" in page.content.decode()
    assert "Expedition 56 Prelaunch" not in page.content.decode()
