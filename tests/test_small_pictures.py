"""Mission patches and crew portraits: pages show small re-encoded renditions, never the upload."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image, PngImagePlugin

from galleries.models import Crewmember, Mission
from galleries.models.files import media_url
from tests.factories import make_crew, make_crewmember, make_mission, make_photo

GPS_IFD = 0x8825


def jpeg_with_gps(size: tuple[int, int] = (400, 400)) -> bytes:
    """A square JPEG whose EXIF says where it was taken, as a phone's would."""
    exif = Image.Exif()
    exif[0x0110] = "Phone 12"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (43.0, 28.0, 2.0), 3: "E", 4: (11.0, 53.0, 6.0)})
    out = io.BytesIO()
    Image.new("RGB", size, "darkred").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def with_picture(obj: Mission | Crewmember, field: str, django_capture_on_commit_callbacks, data: bytes | None = None):
    """`obj` saved with a new picture in `field`, its renditions made as the worker makes them."""
    with django_capture_on_commit_callbacks(execute=True):
        setattr(obj, field, SimpleUploadedFile(f"{field}.jpg", data or jpeg_with_gps()))
        obj.save()
    obj.refresh_from_db()
    return obj


@pytest.fixture
def patched(db, django_capture_on_commit_callbacks):
    mission = make_mission(title="Expedition 56")
    make_photo(mission=mission)
    return with_picture(mission, "patch", django_capture_on_commit_callbacks)


def picture_tags(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<picture class="{css_class}[^"]*">.*?</picture>', html, re.S)


def test_a_patch_gets_two_widths_in_webp_and_jpeg_with_their_sizes(patched):
    files = patched.patch_renditions["files"]
    assert sorted((f["format"], f["width"], f["height"]) for f in files) == [
        ("JPEG", 96, 96),
        ("JPEG", 192, 192),
        ("WEBP", 96, 96),
        ("WEBP", 192, 192),
    ]
    assert all(default_storage.exists(f["name"]) for f in files)


def test_patch_renditions_carry_no_gps_or_camera_metadata(patched):
    for entry in patched.patch_renditions["files"]:
        with default_storage.open(entry["name"]) as stored, Image.open(stored) as img:
            exif = img.getexif()
            assert not exif.get_ifd(GPS_IFD)
            assert 0x0110 not in exif


def test_the_gallery_header_shows_the_patch_sized_beside_the_title_never_the_upload(client, patched):
    html = client.get(patched.get_absolute_url()).content.decode()
    header = html.split('<header class="gallery-header">', 1)[1].split("</header>", 1)[0]
    [patch] = picture_tags(header, "patch")
    assert re.search(r'<img src="[^"]+/pictures/[0-9a-f]{32}/96\.jpg"[^>]* width="96" height="96" alt=""', patch)
    assert patched.patch.name not in html


def test_the_home_card_shows_the_patch_lazily(client, patched):
    html = client.get("/").content.decode()
    [patch] = picture_tags(html, "patch")
    assert 'loading="lazy"' in patch
    assert 'width="96" height="96"' in patch
    assert patched.patch.name not in html


def test_a_mission_without_a_patch_shows_none(client, db):
    mission = make_mission()
    make_photo(mission=mission)
    assert 'class="patch' not in client.get(mission.get_absolute_url()).content.decode()


def test_the_crew_page_and_the_gallerys_crew_list_show_the_portrait(client, db, django_capture_on_commit_callbacks):
    person = with_picture(make_crewmember(), "portrait", django_capture_on_commit_callbacks, jpeg_with_gps((600, 800)))
    mission = make_mission()
    make_photo(mission=mission)
    make_crew(mission, person)
    [on_crew_page] = picture_tags(client.get(person.get_absolute_url()).content.decode(), "portrait")
    [in_crew_list] = picture_tags(client.get(mission.get_absolute_url()).content.decode(), "portrait")
    assert 'width="320" height="427"' in on_crew_page
    assert 'width="96" height="128"' in in_crew_list
    assert 'loading="lazy"' in in_crew_list
    assert person.portrait.name not in on_crew_page + in_crew_list


def test_a_new_patch_replaces_the_old_renditions(patched, django_capture_on_commit_callbacks):
    old = [entry["name"] for entry in patched.patch_renditions["files"]]
    with_picture(patched, "patch", django_capture_on_commit_callbacks, jpeg_with_gps((200, 100)))
    assert not any(default_storage.exists(name) for name in old)
    assert {entry["height"] for entry in patched.patch_renditions["files"]} == {48, 96}


def test_clearing_the_patch_deletes_its_renditions(patched, django_capture_on_commit_callbacks):
    old = [entry["name"] for entry in patched.patch_renditions["files"]]
    with django_capture_on_commit_callbacks(execute=True):
        patched.patch = None
        patched.save()
    assert Mission.objects.get(pk=patched.pk).patch_renditions == {}
    assert not any(default_storage.exists(name) for name in old)


def test_deleting_a_crewmember_deletes_the_portraits_renditions(db, django_capture_on_commit_callbacks):
    person = with_picture(make_crewmember(), "portrait", django_capture_on_commit_callbacks)
    names = [entry["name"] for entry in person.portrait_renditions["files"]]
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_readers_get_the_renditions_but_never_the_uploaded_patch(client, patched):
    rendition = media_url(patched.patch_renditions["files"][0]["name"])
    assert client.get(rendition).status_code == 200
    assert client.get(patched.patch.url).status_code == 404


def test_pictures_uploaded_before_renditions_existed_get_them_from_the_command(db):
    mission = make_mission()
    Mission.objects.filter(pk=mission.pk).update(
        patch=default_storage.save("patches/old.jpg", ContentFile(jpeg_with_gps()))
    )
    out = io.StringIO()
    call_command("regenerate_pictures", "--missing", stdout=out)
    assert "Done: 1 picture(s), 4 rendition(s) made." in out.getvalue()
    assert len(Mission.objects.get(pk=mission.pk).patch_renditions["files"]) == 4


def transparent_png_with_gps() -> bytes:
    """A round patch on a transparent background, with a comment and EXIF GPS in the file."""
    img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    img.paste((200, 30, 30, 255), (75, 75, 225, 225))
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 28.0, 2.0), 3: "E", 4: (11.0, 53.0, 6.0)})
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "shot at home")
    out = io.BytesIO()
    img.save(out, "PNG", pnginfo=info, exif=exif.tobytes())
    return out.getvalue()


def test_a_transparent_patch_stays_transparent_without_its_metadata(client, db, django_capture_on_commit_callbacks):
    mission = make_mission()
    make_photo(mission=mission)
    with_picture(mission, "patch", django_capture_on_commit_callbacks, transparent_png_with_gps())
    files = mission.patch_renditions["files"]
    assert sorted({entry["format"] for entry in files}) == ["PNG", "WEBP"]
    for entry in files:
        with default_storage.open(entry["name"]) as stored, Image.open(stored) as img:
            assert img.convert("RGBA").getpixel((0, 0))[3] == 0
            assert not img.getexif()
            assert "Comment" not in img.info
    [patch] = picture_tags(client.get(mission.get_absolute_url()).content.decode(), "patch")
    assert re.search(r'<img src="[^"]+/96\.png"', patch)
