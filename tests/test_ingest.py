"""Every real file of the shared corpus and a set of hostile files, through the admin's upload path."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from galleries import imaging
from galleries.models import Credit, Mission, Photo
from tests.factories import make_credit, make_mission
from tests.images import SHARED_REAL, jpeg_bytes, real_path

UTC = dt.UTC

# What ../shared/testdata/real/MANIFEST.md says the app must do with each file.
ACCEPTED = {
    # name: (upright width, upright height, date taken or None)
    "67-0_length_string.jpg": (4032, 2012, None),
    "87_OSError.jpg": (1488, 2240, dt.datetime(2005, 12, 14, 14, 39, 47, tzinfo=UTC)),
    "BlueSquare.jpg": (360, 216, None),
    "Canon_40D.jpg": (100, 68, dt.datetime(2008, 5, 30, 15, 56, 1, tzinfo=UTC)),
    "Crémieux11.tiff": (199, 47, None),
    "DSCN0010.jpg": (640, 480, dt.datetime(2008, 10, 22, 16, 28, 39, tzinfo=UTC)),
    "IMG_5195.HEIC": (2566, 3313, dt.datetime(2021, 4, 11, 20, 47, 53, tzinfo=UTC)),
    **{f"Landscape_{n}.jpg": (1800, 1200, None) for n in range(9)},
    "Nikon_D70.jpg": (100, 66, dt.datetime(2008, 3, 15, 9, 52, 1, tzinfo=UTC)),
    "Portrait_6.jpg": (1200, 1800, None),
    "empty_gps_ifd.jpg": (10, 10, dt.datetime(2020, 7, 27, 14, 46, 48, tzinfo=UTC)),
    "exif_gps.jpg": (8, 8, None),  # its DateTimeOriginal is in 2099: discarded
    "hopper_bad_exif.jpg": (500, 500, None),
    "hopper_orientation_6.webp": (128, 128, None),
    "i_trns.png": (64, 64, None),
    "icc_profile_big.jpg": (425, 250, None),
    "iphone_hdr_YES.jpg": (3264, 2448, dt.datetime(2015, 4, 10, 20, 12, 23, tzinfo=UTC)),
    "iptc.jpg": (640, 480, dt.datetime(2006, 7, 8, 21, 14, 45, tzinfo=UTC)),
    "iss634.apng": (245, 245, None),
    "iss634.gif": (245, 245, None),
    "iss634.webp": (245, 245, None),
    "long_description.jpg": (100, 73, dt.datetime(2003, 8, 31, 12, 0, tzinfo=UTC)),
    "no_exif.jpg": (322, 466, None),
    "pil_sample_cmyk.jpg": (100, 100, None),
    "samplefilehub.heif": (640, 426, None),
    "sugarshack.mpo": (640, 480, dt.datetime(2014, 3, 2, 14, 17, 39, tzinfo=UTC)),
    "xmp_test.jpg": (2000, 1072, dt.datetime(2018, 10, 27, 13, 27, 23, tzinfo=UTC)),
}
REFUSED = {
    "truncated_jpeg.jpg": "damaged or incomplete",
    "truncated_image.png": "damaged or incomplete",
    "png_decompression_dos.png": "damaged or incomplete",
    "decompression_bomb.gif": "dimensions are too large",
    "decompression_bomb_extents.gif": "dimensions are too large",
}
WITH_GPS = {"DSCN0010.jpg", "67-0_length_string.jpg", "87_OSError.jpg", "iphone_hdr_YES.jpg", "IMG_5195.HEIC"}


def test_the_expectations_cover_every_file_of_the_corpus():
    if not SHARED_REAL.exists():
        pytest.skip("../shared/testdata/real/ is absent")
    on_disk = {p.name for p in SHARED_REAL.iterdir() if p.suffix != ".md"}
    assert on_disk == set(ACCEPTED) | set(REFUSED)


def post_photo(client, upload, *, credit: Credit | None = None, **fields):
    mission = Mission.objects.filter(slug="expedition-56").first() or make_mission(slug="expedition-56")
    data = {
        "mission": mission.pk,
        "image": upload,
        "credit": credit.pk if credit else "",
        "alt_text": "A photo.",
        **fields,
    }
    return client.post(reverse("admin:galleries_photo_add"), data)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_real_file_is_accepted_upright_with_its_metadata_and_no_gps_in_public(
    editor_client, django_capture_on_commit_callbacks, name
):
    path = real_path(name)
    if name.lower().endswith((".heic", ".heif")) and "HEIF" not in imaging.ACCEPTED_FORMATS:
        pytest.skip("pillow-heif is not installed (the heif extra)")
    width, height, taken_at = ACCEPTED[name]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_photo(editor_client, SimpleUploadedFile(name, path.read_bytes()), credit=make_credit())
    assert response.status_code == 302, response.context["errors"] if response.context else response
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (width, height)
    assert photo.taken_at == taken_at
    assert photo.original_filename == name
    assert default_storage.open(photo.image.name).read() == path.read_bytes()  # the original, byte for byte
    assert (photo.gps_latitude is not None) == (name in WITH_GPS)
    renditions = photo.rendition_list()
    assert {r.format for r in renditions} == {"JPEG", "WEBP"}
    for rendition in renditions:
        with default_storage.open(rendition.name) as stored, Image.open(stored) as img:
            assert img.mode == "RGB"
            assert img.size == (rendition.width, rendition.height)
            assert abs(img.height - img.width * height / width) <= 1  # upright, not squashed
            exif = img.getexif()
            assert not exif.get_ifd(0x8825), "GPS in a public rendition"
            assert 0x0112 not in exif
            assert 0x010F not in exif
            assert 0x0110 not in exif
            assert img.info.get("icc_profile") is None
            assert exif[0x013B] == photo.credit.photographer
    page = editor_client.get(photo.get_absolute_url()).content.decode()
    if photo.gps_latitude is not None:
        assert f"{photo.gps_latitude:.3f}"[:6] not in page


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_broken_real_file_is_refused_by_name_and_nothing_is_kept(editor_client, stored_files, name):
    response = post_photo(editor_client, SimpleUploadedFile(name, real_path(name).read_bytes()), credit=make_credit())
    assert response.status_code == 200
    assert f"“{name}”: " in response.content.decode()
    assert REFUSED[name] in response.content.decode()
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_rotated_landscapes_come_out_upright_with_top_at_the_top(editor_client, django_capture_on_commit_callbacks):
    """The EOE files print "top" on the upper edge: the upper band is darker text on white."""
    reference = None
    for n in (1, 3, 6, 8):
        Photo.objects.all().delete()
        name = f"Landscape_{n}.jpg"
        with django_capture_on_commit_callbacks(execute=True):
            post_photo(editor_client, SimpleUploadedFile(name, real_path(name).read_bytes()), credit=make_credit())
        photo = Photo.objects.get()
        smallest = min(photo.rendition_list(), key=lambda r: r.width)
        with default_storage.open(smallest.name) as stored, Image.open(stored) as img:
            pixels = img.convert("L").resize((8, 8)).tobytes()
        reference = reference or pixels
        assert sum(abs(a - b) for a, b in zip(pixels, reference, strict=True)) / 64 < 12, name


def test_metadata_fills_only_empty_fields(editor_client, django_capture_on_commit_callbacks):
    name = "BlueSquare.jpg"
    with django_capture_on_commit_callbacks(execute=True):
        post_photo(
            editor_client, SimpleUploadedFile(name, real_path(name).read_bytes()), credit=make_credit(), title="Mine"
        )
    photo = Photo.objects.get()
    assert photo.title == "Mine"
    assert photo.caption.startswith("XMPFiles BlueSquare test file")
    assert photo.keywords == "XMP, Blue Square, test file, Photoshop, .jpg"


def test_caption_of_only_spaces_stays_empty(editor_client):
    post_photo(
        editor_client, SimpleUploadedFile("DSCN0010.jpg", real_path("DSCN0010.jpg").read_bytes()), credit=make_credit()
    )
    assert Photo.objects.get().caption == ""


def test_iptc_keywords_are_read(editor_client):
    post_photo(editor_client, SimpleUploadedFile("iptc.jpg", real_path("iptc.jpg").read_bytes()), credit=make_credit())
    assert "Budapest" in Photo.objects.get().keywords


def test_iptc_caption_is_read(editor_client):
    name = "no_exif.jpg"
    post_photo(editor_client, SimpleUploadedFile(name, real_path(name).read_bytes()), credit=make_credit())
    assert Photo.objects.get().caption == "Der Goalie bin ig"


def test_credit_is_suggested_from_the_file_when_the_editor_leaves_it_empty(editor_client):
    response = post_photo(
        editor_client, SimpleUploadedFile("long_description.jpg", real_path("long_description.jpg").read_bytes())
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert "kyle davis" in photo.credit.photographer.lower()
    assert photo.credit.default_license.name == "All rights reserved"
    assert photo.caption.startswith("Operation Mountain Viper")


def test_a_placeholder_in_the_files_credit_is_not_taken_for_a_name(editor_client):
    response = post_photo(editor_client, SimpleUploadedFile("no_exif.jpg", real_path("no_exif.jpg").read_bytes()))
    assert "Choose who took the photo" in response.content.decode()
    assert not Credit.objects.filter(photographer__iexact="credit").exists()


def test_file_without_credit_needs_one_from_the_editor(editor_client, stored_files):
    response = post_photo(editor_client, SimpleUploadedFile("eva.jpg", jpeg_bytes()))
    assert "the file does not say" in response.content.decode()
    assert not Photo.objects.exists()
    assert not Credit.objects.exists()
    assert stored_files() == []


def test_exact_duplicate_is_saved_with_a_warning(editor_client):
    data = jpeg_bytes((64, 48), "teal")
    credit = make_credit()
    post_photo(editor_client, SimpleUploadedFile("first.jpg", data), credit=credit, title="First")
    mission = Photo.objects.get().mission
    response = editor_client.post(
        reverse("admin:galleries_photo_add"),
        {"mission": mission.pk, "image": SimpleUploadedFile("again.jpg", data), "credit": credit.pk, "title": "Again"},
        follow=True,
    )
    assert "is the same file as" in response.content.decode()
    assert Photo.objects.count() == 2


def _svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _truncated_jpeg() -> bytes:
    data = jpeg_bytes((400, 300), "orange", quality=95)
    return data[: len(data) // 2]


def _corrupt_scan_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    start = data.index(b"\xff\xda") + 40
    data[start : start + 4] = b"\xff\xc4\x00\x03"  # a table marker in the middle of the scan data
    return bytes(data)


HOSTILE = {
    "empty.jpg": (b"", "the file is empty"),
    "page.jpg": (b"<!doctype html><html><script>alert(1)</script></html>", "not an image we accept"),
    "vector.svg": (_svg(), "not an image we accept"),
    "paper.jpg": (b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "not an image we accept"),
    "drawing.jpg": (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nshowpage\n", "not an image we accept"),
    "half.jpg": (_truncated_jpeg(), "damaged or incomplete"),
    "scan.jpg": (_corrupt_scan_jpeg(), "damaged or incomplete"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_by_name_and_nothing_is_kept(editor_client, stored_files, name):
    content, message = HOSTILE[name]
    response = post_photo(editor_client, SimpleUploadedFile(name, content), credit=make_credit())
    body = response.content.decode()
    assert response.status_code == 200
    assert f"“{name}”" in body
    assert message in body
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_oversized_file_is_refused_with_the_limit(editor_client, settings, stored_files):
    settings.GALLERIES_MAX_UPLOAD_BYTES = 1000
    response = post_photo(editor_client, SimpleUploadedFile("big.jpg", jpeg_bytes((200, 200))), credit=make_credit())
    assert "“big.jpg”: the file is too large" in response.content.decode()
    assert "the limit is 1 KB" in response.content.decode()
    assert stored_files() == []


def test_too_many_pixels_is_refused(editor_client, settings):
    settings.GALLERIES_MAX_PIXELS = 10_000
    response = post_photo(editor_client, SimpleUploadedFile("wide.jpg", jpeg_bytes((200, 200))), credit=make_credit())
    assert "dimensions are too large" in response.content.decode()
    assert not Photo.objects.exists()


def test_polyglot_jpeg_with_html_is_accepted_and_renditions_carry_no_script(
    editor_client, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "JPEG", comment=b"<script>alert(1)</script>")
    data = buffer.getvalue() + b"<html><script>alert(2)</script></html>"
    with django_capture_on_commit_callbacks(execute=True):
        post_photo(editor_client, SimpleUploadedFile("poly.jpg", data), credit=make_credit())
    photo = Photo.objects.get()
    for rendition in photo.rendition_list():
        with default_storage.open(rendition.name) as stored:
            assert b"<script" not in stored.read()


HOSTILE_NAMES = pytest.mark.parametrize(
    "name",
    ["../../../etc/evil.jpg", "C:\\Users\\me\\Desktop\\eva.jpg", "ü" * 300 + ".jpg", "launch\u202egpj.exe.jpg"],
    ids=["traversal", "windows-path", "300-characters", "right-to-left"],
)


@HOSTILE_NAMES
def test_hostile_name_is_stored_under_a_generated_name_in_the_media_folder(
    editor_client, settings, name, stored_files
):
    response = post_photo(editor_client, SimpleUploadedFile(name, jpeg_bytes()), credit=make_credit())
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.image.name.startswith("originals/")
    assert ".." not in photo.image.name
    assert stored_files() == [Path(settings.MEDIA_ROOT) / photo.image.name]  # the one file written


@HOSTILE_NAMES
def test_hostile_name_is_kept_as_a_short_plain_display_name(editor_client, name):
    post_photo(editor_client, SimpleUploadedFile(name, jpeg_bytes()), credit=make_credit())
    original_filename = Photo.objects.get().original_filename
    assert len(original_filename) <= 255
    assert "/" not in original_filename
    assert "\\" not in original_filename
    assert "\u202e" not in original_filename


def test_png_named_jpg_is_stored_with_the_extension_of_its_content(editor_client):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(buffer, "PNG")
    post_photo(editor_client, SimpleUploadedFile("actually-png.jpg", buffer.getvalue()), credit=make_credit())
    photo = Photo.objects.get()
    assert photo.original_format == "PNG"
    assert photo.image.name.endswith(".png")
