"""What a saved rendition says about itself: the IPTC Licensor URL, headline and caption, and no GPS."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from galleries import imaging
from tests.factories import make_mission, make_photo
from tests.images import real_path

EXIFTOOL = shutil.which("exiftool")
RIGHTS = imaging.Rights(
    creator="Bill Ingalls",
    credit_line="Bill Ingalls/NASA",
    copyright="Bill Ingalls/NASA. Public domain",
    license_url="https://www.nasa.gov/nasa-brand-center/images-and-media/",
    licensor_url="https://expedition.example.org/missions/expedition-56/photos/7/",
    headline="Soyuz <MS-09> & crew",
    description="The Soyuz MS-09 rocket is rolled out by train to the launch pad at Baikonur.",
)


def rendered(fmt: str, rights: imaging.Rights = RIGHTS) -> bytes:
    with real_path("exif_gps.jpg").open("rb") as source:  # a file whose EXIF has a GPS IFD
        (image,) = imaging.render(source, [imaging.RenditionSpec(width=160, format=fmt)], rights=rights)
    return image.data


def embedded(data: bytes, tmp_path: Path) -> dict[str, object]:
    """Every tag of `data` as exiftool reads it (group:name), or Pillow's XMP where exiftool is absent."""
    if EXIFTOOL is None:
        xmp = Image.open(io.BytesIO(data)).getxmp()["xmpmeta"]["RDF"]["Description"]
        return {
            "XMP-plus:LicensorURL": xmp["Licensor"]["Seq"]["li"]["LicensorURL"],
            "XMP-photoshop:Headline": xmp["Headline"],
            "XMP-dc:Description": xmp["description"]["Alt"]["li"]["text"],
        }
    path = tmp_path / "rendition"
    path.write_bytes(data)
    out = subprocess.run([EXIFTOOL, "-j", "-G1", "-a", str(path)], capture_output=True, check=True, text=True)
    return json.loads(out.stdout)[0]


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "AVIF"])
def test_a_rendition_names_its_photo_page_as_the_licensor_url(fmt, tmp_path):
    assert embedded(rendered(fmt), tmp_path)["XMP-plus:LicensorURL"] == RIGHTS.licensor_url


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "AVIF"])
def test_a_rendition_carries_the_headline_and_caption_escaped(fmt, tmp_path):
    tags = embedded(rendered(fmt), tmp_path)
    assert tags["XMP-photoshop:Headline"] == "Soyuz <MS-09> & crew"
    assert tags["XMP-dc:Description"] == RIGHTS.description


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "AVIF"])
def test_a_rendition_carries_no_gps(fmt, tmp_path):
    if EXIFTOOL is None:
        pytest.skip("exiftool reads every GPS tag; Pillow's check is in test_imaging")
    assert not [tag for tag in embedded(rendered(fmt), tmp_path) if "GPS" in tag]


def test_a_long_caption_is_cut_and_control_characters_dropped(tmp_path):
    rights = imaging.Rights(description="Launch\x00 " + "a" * 5000, headline="Title\x1b")
    tags = embedded(rendered("JPEG", rights), tmp_path)
    assert tags["XMP-dc:Description"] == ("Launch " + "a" * 5000)[:2000]
    assert tags["XMP-photoshop:Headline"] == "Title"


def test_a_photos_renditions_name_its_public_page_on_the_configured_site(db, settings, tmp_path):
    settings.GALLERIES_SITE_URL = "https://expedition.example.org"
    photo = make_photo(mission=make_mission(slug="expedition-56"), title="Rollout", caption="By train.")
    with default_storage.open(photo.rendition_for(width=160).name) as stored:
        tags = embedded(stored.read(), tmp_path)
    assert tags["XMP-plus:LicensorURL"] == f"https://expedition.example.org/missions/expedition-56/photos/{photo.pk}/"
    assert (tags["XMP-photoshop:Headline"], tags["XMP-dc:Description"]) == ("Rollout", "By train.")


def test_without_a_site_address_renditions_name_no_licensor(db, settings):
    settings.GALLERIES_SITE_URL = ""
    assert make_photo(renditions=False).rights().licensor_url == ""
