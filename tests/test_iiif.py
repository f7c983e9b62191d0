"""/iiif/3/photo-<pk>/: a published photo's deep zoom as an IIIF Image API 3.0 level 0 service,
404 for anything a reader may not see, withdrawn at once."""

from __future__ import annotations

import datetime as dt
import io
import json
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from galleries import iiif, ingest
from galleries.models import Mission, Photo
from galleries.zoom import photo_zoom_render
from tests.factories import make_license, make_mission, make_photo

pytestmark = pytest.mark.django_db

INFO_TYPE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'


@pytest.fixture(autouse=True)
def _zoom_on(settings):
    settings.GALLERIES_ZOOM_MIN_PIXELS = 1_000_000


def zoomed_photo(size=(1500, 1000), **fields) -> Photo:
    photo = make_photo(size=size, **fields)
    photo_zoom_render(photo=photo)
    return photo


def info_url(photo: Photo) -> str:
    return f"/iiif/3/photo-{photo.pk}/info.json"


def tile_urls(info: dict) -> list[tuple[str, tuple[int, int]]]:
    """Every tile a level 0 client may ask for, built from info.json alone as a viewer does, with
    the size each must decode at."""
    width, height, base = info["width"], info["height"], info["id"]
    tiles = info["tiles"][0]
    span0 = tiles["width"]
    urls = []
    for scale in tiles["scaleFactors"]:
        span = span0 * scale
        for y in range(0, height, span):
            for x in range(0, width, span):
                w, h = min(span, width - x), min(span, height - y)
                size = (-(-w // scale), -(-h // scale))
                region = "full" if (x, y, w, h) == (0, 0, width, height) else f"{x},{y},{w},{h}"
                urls.append((f"{base}/{region}/{size[0]},{size[1]}/0/default.jpg", size))
    for listed in info["sizes"]:
        size = (listed["width"], listed["height"])
        urls.append((f"{base}/full/{size[0]},{size[1]}/0/default.jpg", size))
    return urls


def decoded_size(response) -> tuple[int, int]:
    img = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    img.load()
    return img.size


def test_info_json_is_a_level_0_image_service(client):
    photo = zoomed_photo()
    response = client.get(info_url(photo))
    assert response["Content-Type"] == INFO_TYPE
    info = json.loads(response.content)
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["id"] == f"http://testserver/iiif/3/photo-{photo.pk}"
    assert info["type"] == "ImageService3"
    assert info["protocol"] == "http://iiif.io/api/image"
    assert info["profile"] == "level0"
    assert (info["width"], info["height"]) == (1500, 1000)
    assert info["tiles"] == [{"width": 512, "scaleFactors": [1, 2, 4]}]
    assert info["sizes"] == [{"width": 375, "height": 250}, {"width": 750, "height": 500}]


def test_other_sites_viewers_may_read_it(client):
    response = client.get(info_url(zoomed_photo()))
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_creative_commons_licence_is_given_as_rights(client):
    licence = make_license(name="CC BY 4.0", url="https://creativecommons.org/licenses/by/4.0/")
    info = client.get(info_url(zoomed_photo(license=licence))).json()
    assert info["rights"] == "https://creativecommons.org/licenses/by/4.0/"


def test_every_listed_tile_decodes_at_its_declared_size(client):
    info = client.get(info_url(zoomed_photo())).json()
    urls = tile_urls(info)
    assert len(urls) == 6 + 2 + 1 + 2
    for url, size in urls:
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/jpeg"
        assert decoded_size(response) == size


def test_a_tile_asked_for_by_width_alone_is_the_stored_one(client):
    photo = zoomed_photo()
    response = client.get(f"/iiif/3/photo-{photo.pk}/1024,0,476,1000/238,/0/default.jpg")
    assert decoded_size(response) == (238, 500)


def test_a_manifest_can_name_the_image_service_of_a_photo_with_tiles():
    zoomed, plain = zoomed_photo(), make_photo(size=(1500, 1000))
    absolute = "https://example.org{}".format
    assert iiif.service_reference(zoomed, absolute) == [
        {"id": f"https://example.org/iiif/3/photo-{zoomed.pk}", "type": "ImageService3", "profile": "level0"}
    ]
    assert iiif.service_reference(plain, absolute) == []


def test_the_whole_picture_at_max_is_the_largest_stored_one_as_info_json_declares(client):
    photo = zoomed_photo()
    info = client.get(info_url(photo)).json()
    assert (info["maxWidth"], info["maxHeight"]) == (750, 500)
    response = client.get(f"/iiif/3/photo-{photo.pk}/full/max/0/default.jpg")
    assert response.status_code == 200
    assert decoded_size(response) == (750, 500)


def test_the_base_address_leads_to_info_json(client):
    photo = zoomed_photo()
    response = client.get(f"/iiif/3/photo-{photo.pk}")
    assert response.status_code == 303
    assert response["Location"] == info_url(photo)


def test_a_tile_is_revalidated_on_every_use_and_unchanged_answers_304(client):
    photo = zoomed_photo()
    url = f"/iiif/3/photo-{photo.pk}/full/375,250/0/default.jpg"
    first = client.get(url)
    assert first["Cache-Control"] == "public, no-cache"
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "0,0,512,512/256,256/0/default.jpg",  # a size never made
        "1,0,512,512/512,512/0/default.jpg",  # a region off the grid
        "0,0,512/512,512/0/default.jpg",  # not a region
        "full/,/0/default.jpg",
        "full/pct:50/0/default.jpg",
        "0,0,512,512/512,512/90/default.jpg",
        "0,0,512,512/512,512/0/gray.jpg",
        "99999999,0,1,1/1,1/0/default.jpg",
        "a,b,c,d/max/0/default.jpg",
        "square/max/0/default.jpg",
    ],
)
def test_a_tile_that_was_never_made_is_404(client, path):
    photo = zoomed_photo()
    assert client.get(f"/iiif/3/photo-{photo.pk}/{path}").status_code == 404


def test_a_tile_gone_from_storage_is_404(client):
    photo = zoomed_photo()
    default_storage.delete(f"{photo.zoom['prefix']}/full/375,250/0/default.jpg")
    assert client.get(f"/iiif/3/photo-{photo.pk}/full/375,250/0/default.jpg").status_code == 404


def test_a_store_that_does_not_answer_is_503_not_500(client):
    photo = zoomed_photo()
    with mock.patch.object(default_storage, "open", side_effect=PermissionError("denied")):
        response = client.get(f"/iiif/3/photo-{photo.pk}/full/375,250/0/default.jpg")
    assert response.status_code == 503


def test_a_photo_below_the_threshold_has_no_image_service(client, settings):
    settings.GALLERIES_ZOOM_MIN_PIXELS = 2_000_000
    assert client.get(info_url(zoomed_photo())).status_code == 404


def test_a_hidden_photo_has_no_image_service(client):
    photo = zoomed_photo(is_hidden=True)
    assert client.get(info_url(photo)).status_code == 404


def test_a_draft_missions_photo_has_no_image_service(client):
    photo = zoomed_photo(mission=make_mission(status=Mission.Status.DRAFT, published_at=None))
    assert client.get(info_url(photo)).status_code == 404


def test_a_scheduled_missions_photo_has_no_image_service(client):
    photo = zoomed_photo(mission=make_mission(published_at=timezone.now() + dt.timedelta(days=1)))
    assert client.get(info_url(photo)).status_code == 404


def test_a_photo_not_ready_has_no_image_service(client):
    photo = zoomed_photo()
    Photo.objects.filter(pk=photo.pk).update(alt_text="")
    assert client.get(info_url(photo)).status_code == 404


def test_an_unknown_photo_has_no_image_service(client):
    assert client.get("/iiif/3/photo-999999/info.json").status_code == 404


def test_hiding_a_photo_withdraws_its_tiles_at_once_with_the_page_cache_on(
    client, settings, django_capture_on_commit_callbacks
):
    settings.GALLERIES_PAGE_CACHE_SECONDS = 60
    photo = zoomed_photo()
    tile = f"/iiif/3/photo-{photo.pk}/0,0,512,512/512,512/0/default.jpg"
    assert client.get(info_url(photo)).status_code == 200
    assert client.get(tile).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        photo.is_hidden = True
        ingest.photo_save(photo=photo)
    assert client.get(info_url(photo)).status_code == 404
    assert client.get(tile).status_code == 404


def test_the_photo_page_offers_zoom_only_with_tiles(client, settings):
    zoomed, plain = zoomed_photo(), make_photo(size=(1500, 1000))
    Photo.objects.filter(pk=plain.pk).update(zoom={})
    assert info_url(zoomed) in client.get(zoomed.get_absolute_url()).content.decode()
    assert "data-zoom" not in client.get(plain.get_absolute_url()).content.decode()
