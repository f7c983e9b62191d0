"""Camera and exposure: read from the file as untrusted values, shown in a photo page's "Camera details"."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from galleries import imaging, ingest
from galleries.imaging.exposure import shutter_text
from galleries.renditions import photo_renditions_render
from tests.factories import make_credit, make_mission, make_photo
from tests.images import real_path

LIMITS = {"max_bytes": 60 * 1024 * 1024, "max_pixels": 150_000_000}
EXIF_IFD = 0x8769


def exposure_of(data: bytes) -> imaging.Metadata:
    return imaging.inspect(io.BytesIO(data), size=len(data), **LIMITS).metadata


def jpeg_with_exif(**exif_ifd: object) -> bytes:
    """A small JPEG whose EXIF sub-IFD holds `exif_ifd` (tag numbers as "t0x829a")."""
    exif = Image.Exif()
    sub = exif.get_ifd(EXIF_IFD)
    for name, value in exif_ifd.items():
        sub[int(name.removeprefix("t"), 16)] = value
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "teal").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_camera_jpeg_gives_lens_shutter_aperture_iso_and_focal_length():
    data = real_path("xmp_test.jpg").read_bytes()  # Canon EOS Rebel T6 (Pillow's test image)
    exposure = exposure_of(data).exposure
    assert (exposure.lens, exposure.exposure_time, exposure.aperture, exposure.iso, exposure.focal_length) == (
        "EF-S18-55mm f/3.5-5.6 III",
        0.01,
        4.0,
        100,
        25.0,
    )


def test_an_absurd_exposure_time_is_unknown():
    exposure = exposure_of(real_path("exif_gps.jpg").read_bytes()).exposure  # ExposureTime 4294967295 s
    assert exposure.exposure_time is None


def test_impossible_aperture_iso_and_focal_length_are_unknown():
    data = jpeg_with_exif(t0x829D=0.01, t0x8827=0, t0x920A=1e9)
    exposure = exposure_of(data).exposure
    assert (exposure.aperture, exposure.iso, exposure.focal_length) == (None, None, None)


def test_serial_numbers_are_never_kept():
    data = jpeg_with_exif(t0xA431="BODY-SERIAL-123", t0xA435="LENS-SERIAL-456", t0xA434="RF 24-70mm")
    record = exposure_of(data).exposure.as_record()
    assert "SERIAL" not in repr(record)
    assert record == {"lens": "RF 24-70mm"}


def test_the_utc_offset_of_the_camera_clock_is_kept_beside_the_utc_time():
    data = jpeg_with_exif(t0x9003="2018:06:06 14:12:30", t0x9011="+06:00")
    metadata = exposure_of(data)
    assert metadata.taken_at == dt.datetime(2018, 6, 6, 8, 12, 30, tzinfo=dt.UTC)
    assert metadata.exposure.utc_offset == 360


def test_an_offset_no_time_zone_has_is_ignored():
    data = jpeg_with_exif(t0x9003="2018:06:06 14:12:30", t0x9011="+23:00")
    assert exposure_of(data).exposure.utc_offset is None


@pytest.mark.parametrize(
    ("seconds", "text"), [(1 / 250, "1/250 s"), (1 / 8000, "1/8,000 s"), (0.6, "3/5 s"), (2.0, "2 s"), (1.5, "1.5 s")]
)
def test_exposure_times_read_as_photographers_write_them(seconds, text):
    assert shutter_text(seconds) == text


def camera_photo(data: bytes, **fields):
    """A photo ingested from `data` as an upload, with its renditions."""
    upload = SimpleUploadedFile("camera.jpg", data, content_type="image/jpeg")
    fields = {"title": "Shot", "alt_text": "A shot"} | fields
    fields["mission"] = fields.get("mission") or make_mission()
    fields["credit"] = fields.get("credit") or make_credit()
    photo = ingest.photo_ingest(upload=upload, **fields)
    if not photo.renditions:  # inside a test's transaction, on_commit never runs
        photo_renditions_render(photo=photo)
    return photo


def details_block(client, photo) -> str:
    html = client.get(photo.get_absolute_url()).content.decode()
    match = re.search(r'<details class="camera-details">.*?</details>', html, re.S)
    assert match, "no Camera details block"
    return match.group(0)


def test_the_photo_page_shows_camera_details_collapsed(client, db):
    photo = camera_photo(real_path("xmp_test.jpg").read_bytes())
    block = details_block(client, photo)
    assert "<summary>Camera details</summary>" in block
    assert "open" not in block.split(">", 1)[0]
    for shown in ("Canon EOS Rebel T6", "EF-S18-55mm f/3.5-5.6 III", "1/100 s", "ƒ/4", "<dd>100</dd>", "25 mm"):
        assert shown in block


def test_the_photo_page_shows_the_local_time_taken_with_its_offset(client, db):
    photo = camera_photo(jpeg_with_exif(t0x9003="2018:06:06 14:12:30", t0x9011="+06:00"))
    block = details_block(client, photo)
    assert '<time datetime="2018-06-06T14:12:30+06:00">6 June 2018, 14:12</time> (UTC+06:00)' in block


def test_a_photo_whose_file_says_nothing_has_no_camera_details(client, db):
    photo = make_photo()
    assert "Camera details" not in client.get(photo.get_absolute_url()).content.decode()
