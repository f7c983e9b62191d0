"""The read-only JSON API (/api/v1/): what each endpoint answers, its pages and links, and what it
costs. Visibility across every endpoint is tests/test_api_visibility.py; the document against the
behaviour is tests/test_api_schema.py; HTTP behaviour (caching, CORS, limits) is tests/test_api_http.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from galleries.models import Agency
from tests.factories import (
    make_agency,
    make_credit,
    make_crew,
    make_crewmember,
    make_license,
    make_mission,
    make_photo,
)

API = "/api/v1"


@pytest.fixture
def gallery(db):
    """A published mission with a byline, a crew of two and three photos (the second shows both)."""
    mission = make_mission(
        slug="expedition-56",
        title="Expedition 56",
        vehicle="Soyuz MS-09",
        author_name="Rebecca Sirianni",
        author_role="Producer",
    )
    nasa = make_agency(slug="nasa", short_name="NASA", name="National Aeronautics and Space Administration")
    esa = make_agency(slug="esa", short_name="ESA", name="European Space Agency")
    serena = make_crewmember(name="Serena Auñón-Chancellor", slug="serena-aunon-chancellor", agency=nasa)
    alexander = make_crewmember(name="Alexander Gerst", slug="alexander-gerst", agency=esa)
    make_crew(mission, serena, role="Flight Engineer", position=1)
    make_crew(mission, alexander, role="Commander", position=0)
    credit = make_credit(photographer="Joel Kowsky", organization="NASA")
    first = make_photo(mission=mission, title="Rollout", credit=credit, keywords="Soyuz, launch pad")
    second = make_photo(mission=mission, title="Making Their Mark", credit=credit, keywords="Baikonur, tradition")
    second.people.set([serena, alexander])
    make_photo(mission=mission, title="Launch", credit=credit, taken_at=dt.datetime(2018, 6, 6, 11, 12, tzinfo=dt.UTC))
    first.people.set([serena])
    return mission


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["results"]]


def test_the_index_links_every_list_and_the_openapi_document(client, db):
    body = client.get(f"{API}/").json()
    assert body["openapi"] == "http://testserver/api/v1/openapi.json"
    assert {link["name"]: link["url"] for link in body["endpoints"]} == {
        "missions": "http://testserver/api/v1/missions/",
        "photos": "http://testserver/api/v1/photos/",
        "crew": "http://testserver/api/v1/crew/",
        "agencies": "http://testserver/api/v1/agencies/",
        "search": "http://testserver/api/v1/search/",
    }


def test_missions_are_listed_newest_first_with_cover_and_photo_count(client, gallery):
    make_mission(slug="older", published_at=timezone.now() - dt.timedelta(days=30))
    body = client.get(f"{API}/missions/").json()
    assert [mission["slug"] for mission in body["results"]] == ["expedition-56", "older"]
    listed = body["results"][0]
    assert listed["photo_count"] == 3
    assert listed["cover"]["alt_text"] == gallery.photos.get(title="Rollout").alt_text
    assert listed["page_url"] == "http://testserver/missions/expedition-56/"
    assert listed["photos_url"] == "http://testserver/api/v1/missions/expedition-56/photos/"


def test_a_mission_has_its_byline_and_crew_in_the_editors_order(client, gallery):
    body = client.get(f"{API}/missions/expedition-56/").json()
    assert body["byline"] == {"name": "Rebecca Sirianni", "role": "Producer", "bio": ""}
    assert [(member["crewmember"]["name"], member["role"]) for member in body["crew"]] == [
        ("Alexander Gerst", "Commander"),
        ("Serena Auñón-Chancellor", "Flight Engineer"),
    ]
    assert body["crew"][0]["crewmember"]["agency"]["short_name"] == "ESA"


def test_a_missions_photos_come_in_gallery_order(client, gallery):
    assert titles(client.get(f"{API}/missions/expedition-56/photos/")) == ["Rollout", "Making Their Mark", "Launch"]


def test_a_photo_has_its_credit_licence_people_and_renditions(client, gallery):
    photo = gallery.photos.get(title="Making Their Mark")
    body = client.get(f"{API}/photos/{photo.pk}/").json()
    assert body["credit"] == {"line": "Joel Kowsky/NASA", "photographer": "Joel Kowsky", "organization": "NASA"}
    assert body["licence"]["name"] == photo.effective_license().name
    assert [person["slug"] for person in body["people"]] == ["alexander-gerst", "serena-aunon-chancellor"]
    assert body["keywords"] == ["Baikonur", "tradition"]
    assert body["page_url"] == f"http://testserver{photo.get_absolute_url()}"
    assert {(r["width"], r["format"]) for r in body["renditions"]} == {
        (entry["width"], entry["format"]) for entry in photo.renditions
    }
    assert all(r["url"].startswith(f"http://testserver/media/renditions/{photo.key.hex}/") for r in body["renditions"])
    assert body["iiif_info_url"] is None


def test_a_photo_never_gives_its_original_gps_or_camera(client, db):
    photo = make_photo(title="Somewhere")
    photo.gps_latitude, photo.gps_longitude, photo.camera = 45.9, 63.3, "NIKON D5"
    photo.save()
    text = client.get(f"{API}/photos/{photo.pk}/").content.decode()
    for private in ("originals", photo.image.name, "45.9", "63.3", "NIKON", "gps", "camera", "sha256"):
        assert private not in text


def test_a_photo_offers_its_largest_jpeg_only_when_its_licence_allows_downloads(client, db):
    shared = make_photo(credit=make_credit(default_license=make_license(allows_download=True)))
    kept = make_photo(credit=make_credit(default_license=make_license(allows_download=False)))
    download = client.get(f"{API}/photos/{shared.pk}/").json()["download"]
    assert (download["format"], download["width"]) == ("JPEG", shared.width)
    assert client.get(f"{API}/photos/{kept.pk}/").json()["download"] is None


def test_renditions_framed_for_a_layout_are_not_listed(client, db):
    photo = make_photo()
    photo.renditions = [*photo.renditions, {**photo.renditions[0], "crop": "1:1", "name": "renditions/x/sq.jpg"}]
    photo.save(update_fields=["renditions"])
    urls = [r["url"] for r in client.get(f"{API}/photos/{photo.pk}/").json()["renditions"]]
    assert len(urls) == len(photo.renditions) - 1
    assert not any("sq.jpg" in url for url in urls)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("crewmember=serena-aunon-chancellor", ["Rollout", "Making Their Mark"]),
        ("agency=esa", ["Making Their Mark"]),
        ("mission=expedition-56", ["Rollout", "Making Their Mark", "Launch"]),
        ("taken_after=2018-06-06&taken_before=2018-06-06", ["Launch"]),
        ("taken_after=2018-06-07", []),
        ("keyword=LAUNCH PAD", ["Rollout"]),
        ("keyword=launch", []),  # a whole keyword, not part of one
        ("crewmember=nobody", []),
    ],
)
def test_photos_are_filtered(client, gallery, query, expected):
    assert titles(client.get(f"{API}/photos/?{query}")) == expected


def test_photos_are_filtered_by_licence(client, gallery):
    other = make_photo(mission=gallery, title="Other licence", credit=make_credit(default_license=make_license()))
    licence = other.effective_license().pk
    assert titles(client.get(f"{API}/photos/?licence={licence}")) == ["Other licence"]


def test_lists_have_a_count_and_links_to_the_next_and_previous_pages(client, gallery):
    first = client.get(f"{API}/photos/?mission=expedition-56&page_size=2").json()
    assert first["count"] == 3
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/photos/?mission=expedition-56&page_size=2&page=2"
    second = client.get(first["next"]).json()
    assert [photo["title"] for photo in second["results"]] == ["Launch"]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/photos/?mission=expedition-56&page_size=2&page=1"


def test_a_page_past_the_last_answers_not_found_in_json(client, gallery):
    response = client.get(f"{API}/photos/?page=3&page_size=2")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no such page."}


def test_a_page_larger_than_the_largest_is_refused(client, db):
    assert client.get(f"{API}/missions/?page_size=101").status_code == 422


def test_crewmembers_are_listed_by_name_and_by_agency(client, gallery):
    make_crewmember(name="Nobody Seen", slug="nobody-seen")  # on no visible mission or photo
    body = client.get(f"{API}/crew/").json()
    assert [person["slug"] for person in body["results"]] == ["alexander-gerst", "serena-aunon-chancellor"]
    assert [person["slug"] for person in client.get(f"{API}/crew/?agency=nasa").json()["results"]] == [
        "serena-aunon-chancellor"
    ]


def test_a_crewmember_has_their_missions_and_a_link_to_their_photos(client, gallery):
    body = client.get(f"{API}/crew/alexander-gerst/").json()
    assert body["missions"] == [
        {
            "mission": {
                "slug": "expedition-56",
                "title": "Expedition 56",
                "url": "http://testserver/api/v1/missions/expedition-56/",
                "page_url": "http://testserver/missions/expedition-56/",
            },
            "role": "Commander",
            "is_backup": False,
        }
    ]
    assert titles(client.get(body["photos_url"])) == ["Making Their Mark"]


def test_agencies_are_those_of_the_crew_readers_see(client, gallery):
    make_agency(slug="hidden-agency")
    body = client.get(f"{API}/agencies/").json()
    assert [agency["slug"] for agency in body["results"]] == ["esa", "nasa"]
    detail = client.get(f"{API}/agencies/nasa/").json()
    assert detail["website"] == ""
    assert [person["slug"] for person in client.get(detail["crew_url"]).json()["results"]] == [
        "serena-aunon-chancellor"
    ]
    assert client.get(f"{API}/agencies/hidden-agency/").status_code == 404


def test_search_finds_photos_and_on_its_first_page_missions_and_crew(client, gallery):
    body = client.get(f"{API}/search/?q=gerst").json()
    assert [photo["title"] for photo in body["results"]] == ["Making Their Mark"]
    assert (body["count"], body["count_is_exact"], body["ranked"]) == (1, True, True)
    assert [person["slug"] for person in body["crew"]] == ["alexander-gerst"]
    assert client.get(f"{API}/search/?q=expedition").json()["missions"][0]["slug"] == "expedition-56"


def test_search_counts_only_so_far_as_the_search_page_does(client, gallery, monkeypatch):
    monkeypatch.setattr("galleries.search.RANK_LIMIT", 1)
    monkeypatch.setattr("galleries.search.COUNT_LIMIT", 1)
    body = client.get(f"{API}/search/?q=caption&page_size=1").json()
    assert (body["count"], body["count_is_exact"], body["ranked"]) == (2, False, False)


def test_search_without_words_finds_nothing(client, gallery):
    assert client.get(f"{API}/search/?q=%20%2B%2B").json()["count"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "/photos/?taken_after=2018-02-30",
        "/photos/?taken_after=not-a-date",
        "/photos/?taken_before=0",  # a timestamp to Pydantic, not a date
        "/photos/?page=99999999999999999999",
        "/photos/?page=0",
        "/photos/?crewmember=%00",
        "/photos/?keyword=%00launch",
        "/photos/?licence=99999999999999999999",
        "/photos/99999999999999999999/",
        "/photos/-1/",
        "/missions/%00/",
        "/missions/expedition-56/photos/?page=-5",
        "/crew/%E2%80%AE/",
        "/search/?q=%00%00&year=99999",
        "/search/?q=%00",
        "/search/?q=%FF%FE&page=2",
        "/missions/%FF/",
        "/photos/?taken_after=0001-01-01&taken_before=9999-12-31",
        "/photos/?keyword=" + "%F0%9F%9A%80" * 30,
        "/photos/?keyword=a%5C(%5B*",
        "/search/?q=" + "soyuz%20" * 2000,
        "/photos/?page=1&page=2&page_size=1e3",
    ],
)
def test_bad_input_is_refused_never_a_server_error(client, gallery, path):
    response = client.get(f"{API}{path}")
    assert response.status_code in (200, 404, 422)
    assert response["Content-Type"] == "application/json; charset=utf-8"


LISTS = [
    "/missions/",
    "/missions/expedition-56/photos/",
    "/photos/",
    "/photos/?agency=nasa&keyword=soyuz",
    "/crew/",
    "/agencies/",
    "/search/?q=caption",
]


def grow(mission, times: int) -> None:
    """More of everything a list shows: missions with covers, photos with people, crew, agencies."""
    nasa = Agency.objects.get(slug="nasa")
    for _ in range(times):
        photo = make_photo(mission=mission, keywords="Soyuz")
        photo.people.set([make_crewmember(agency=nasa), make_crewmember()])
        make_photo(mission=make_mission())


@pytest.mark.parametrize("path", LISTS)
def test_a_list_costs_the_same_queries_whatever_its_length(client, gallery, path, django_assert_num_queries):
    with CaptureQueriesContext(connection) as few:
        before = client.get(f"{API}{path}").json()["count"]
    grow(gallery, 3)
    with django_assert_num_queries(len(few)):
        assert client.get(f"{API}{path}").json()["count"] > before


def test_a_photo_with_deep_zoom_tiles_gives_its_iiif_info_url(client, db, settings):
    from galleries.zoom import photo_zoom_render

    settings.GALLERIES_ZOOM_MIN_PIXELS = 1_000_000
    photo = make_photo(size=(1500, 1000))
    photo_zoom_render(photo=photo)
    body = client.get(f"{API}/photos/{photo.pk}/").json()
    assert body["iiif_info_url"] == f"http://testserver/iiif/3/photo-{photo.pk}/info.json"
    assert client.get(body["iiif_info_url"]).status_code == 200
