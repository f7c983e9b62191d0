"""IIIF Presentation 3.0 manifests of public galleries: what a IIIF viewer opens."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from galleries import ingest
from galleries.manifests import PRESENTATION_CONTEXT
from galleries.models import Mission
from galleries.zoom import photo_zoom_render
from tests.factories import make_credit, make_license, make_mission, make_photo

pytestmark = pytest.mark.django_db

LANGUAGE_MAP = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$|^none$")


def manifest_url(mission: Mission) -> str:
    return reverse("galleries:mission-manifest", kwargs={"slug": mission.slug})


def assert_language_map(value) -> None:
    assert isinstance(value, dict), value
    assert value
    for language, texts in value.items():
        assert LANGUAGE_MAP.match(language), language
        assert isinstance(texts, list), texts
        assert all(isinstance(text, str) for text in texts), texts


def assert_presentation_3(document: dict, url: str) -> None:
    """The specification's requirements (Presentation API 3.0, §2-§3) for what a manifest holds."""
    assert document["@context"] == PRESENTATION_CONTEXT
    assert document["id"] == url
    assert document["type"] == "Manifest"
    assert_language_map(document["label"])
    for pair in (*document.get("metadata", []), document["requiredStatement"]):
        assert_language_map(pair["label"])
        assert_language_map(pair["value"])
    assert document["items"], "a manifest has at least one canvas"
    ids = [canvas["id"] for canvas in document["items"]]
    assert len(set(ids)) == len(ids)
    for canvas in document["items"]:
        assert canvas["type"] == "Canvas"
        assert canvas["id"].startswith("http")
        assert isinstance(canvas["width"], int)
        assert isinstance(canvas["height"], int)
        assert_language_map(canvas["label"])
        (page,) = canvas["items"]
        assert page["type"] == "AnnotationPage"
        for annotation in page["items"]:
            assert annotation["type"] == "Annotation"
            assert annotation["motivation"] == "painting"
            assert annotation["target"] == canvas["id"]
            body = annotation["body"]
            assert body["type"] == "Image"
            assert body["format"].startswith("image/")
            assert isinstance(body["width"], int)
            assert isinstance(body["height"], int)
        for thumbnail in canvas.get("thumbnail", []):
            assert thumbnail["type"] == "Image"


def get_manifest(client, mission: Mission) -> dict:
    response = client.get(manifest_url(mission))
    assert response.status_code == 200
    return response.json()


def test_a_public_gallery_has_a_valid_presentation_3_manifest(client):
    mission = make_mission(title="Expedition 56", summary="Launch preparations.", vehicle="Soyuz MS-09")
    make_photo(mission=mission, title="Making Their Mark", position=0)
    make_photo(mission=mission, title="Step One", position=1, size=(80, 120))
    response = client.get(manifest_url(mission))
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert_presentation_3(response.json(), "http://testserver" + manifest_url(mission))


def test_canvases_are_the_visible_photos_in_gallery_order_at_their_sizes(client):
    mission = make_mission()
    second = make_photo(mission=mission, title="Second", position=1, size=(120, 80))
    first = make_photo(mission=mission, title="First", position=0, size=(60, 90))
    make_photo(mission=mission, title="Hidden", position=2, is_hidden=True)
    make_photo(mission=mission, title="", position=3)  # not ready: no title
    document = get_manifest(client, mission)
    shown = [(c["label"]["en"][0], c["width"], c["height"]) for c in document["items"]]
    assert shown == [("First", 60, 90), ("Second", 120, 80)]
    body = document["items"][0]["items"][0]["items"][0]["body"]
    assert (body["width"], body["height"]) == (60, 90)
    assert "/renditions/" in body["id"]
    assert "/originals/" not in str(document)
    assert document["items"][1]["homepage"][0]["id"] == "http://testserver" + second.get_absolute_url()
    assert first.pk != second.pk


def test_the_credit_line_and_licence_are_stated(client):
    licence = make_license(name="CC BY 4.0", url="https://creativecommons.org/licenses/by/4.0/")
    mission = make_mission()
    make_photo(mission=mission, credit=make_credit(photographer="Joel Kowsky", default_license=licence))
    document = get_manifest(client, mission)
    assert "Joel Kowsky/NASA" in document["requiredStatement"]["value"]["en"][0]
    assert document["rights"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["items"][0]["requiredStatement"]["value"]["en"] == ["Joel Kowsky/NASA. CC BY 4.0"]


def test_a_licence_that_is_not_a_rights_statement_is_not_given_as_rights(client):
    mission = make_mission()
    make_photo(mission=mission)  # the factory's licence is https://example.org/license
    document = get_manifest(client, mission)
    assert "rights" not in document
    assert "rights" not in document["items"][0]


@pytest.mark.parametrize(
    "mission_fields",
    [
        {"status": Mission.Status.DRAFT},
        {"published_at": timezone.now() + dt.timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_no_manifest_for_a_gallery_readers_cannot_see(client, mission_fields):
    mission = make_mission(**mission_fields)
    make_photo(mission=mission)
    assert client.get(manifest_url(mission)).status_code == 404


def test_no_manifest_when_no_photo_is_visible_yet(client):
    mission = make_mission()
    make_photo(mission=mission, is_hidden=True)
    assert client.get(manifest_url(mission)).status_code == 404


def test_a_hidden_photo_leaves_the_manifest_at_once_with_the_page_cache_on(
    client, settings, django_capture_on_commit_callbacks
):
    settings.GALLERIES_PAGE_CACHE_SECONDS = 60
    cache.clear()
    mission = make_mission()
    keep, hide = make_photo(mission=mission, position=0), make_photo(mission=mission, position=1)
    assert len(get_manifest(client, mission)["items"]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        hide.is_hidden = True
        ingest.photo_save(photo=hide)  # what the admin and the desk call
    assert [c["id"].rsplit("/", 1)[1] for c in get_manifest(client, mission)["items"]] == [str(keep.pk)]


def test_the_gallery_page_links_its_manifest(client):
    mission = make_mission()
    make_photo(mission=mission)
    body = client.get(mission.get_absolute_url()).content.decode()
    assert f'href="{manifest_url(mission)}"' in body


@pytest.mark.parametrize("count", [2, 6])
def test_the_manifest_takes_the_same_queries_for_any_number_of_photos(client, count):
    mission = make_mission()
    credit = make_credit()
    for position in range(count):
        make_photo(mission=mission, credit=credit, position=position)
    with CaptureQueriesContext(connection) as queries:
        assert len(get_manifest(client, mission)["items"]) == count
    assert len(queries) <= 4, [query["sql"] for query in queries]


def test_a_photo_with_deep_zoom_tiles_names_its_image_service(client, settings):
    settings.GALLERIES_ZOOM_MIN_PIXELS = 1_000_000
    mission = make_mission()
    zoomed = make_photo(mission=mission, size=(1500, 1000), position=0)
    photo_zoom_render(photo=zoomed)
    make_photo(mission=mission, position=1)
    first, second = (c["items"][0]["items"][0]["body"] for c in get_manifest(client, mission)["items"])
    assert first["service"] == [
        {"id": f"http://testserver/iiif/3/photo-{zoomed.pk}", "type": "ImageService3", "profile": "level0"}
    ]
    assert client.get(f"/iiif/3/photo-{zoomed.pk}/info.json").status_code == 200
    assert "service" not in second


def test_a_query_string_does_not_make_the_manifest_again(client, settings):
    settings.GALLERIES_PAGE_CACHE_SECONDS = 60
    cache.clear()
    mission = make_mission()
    make_photo(mission=mission)
    assert client.get(manifest_url(mission) + "?bust=1").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(manifest_url(mission) + "?bust=2").status_code == 200
    assert not [query for query in queries if "galleries_photo" in query["sql"]]


def test_head_is_answered_like_get(client):
    mission = make_mission()
    make_photo(mission=mission)
    assert client.head(manifest_url(mission)).status_code == 200
