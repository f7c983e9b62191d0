"""The photo page, and what galleries and photo pages tell search engines and social sites."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from galleries.models import Photo
from tests.factories import make_credit, make_crewmember, make_license, make_mission, make_photo


@pytest.fixture
def gallery(db):
    mission = make_mission(title="Expedition 56", slug="expedition-56", author_name="Christine Lunsford")
    license = make_license(name="Public domain (NASA media guidelines)", url="https://www.nasa.gov/guidelines/")
    credit = make_credit(photographer="Victor Zelentsov", organization="NASA", default_license=license)
    serena = make_crewmember(name="Serena Auñón-Chancellor", slug="serena-aunon-chancellor")
    for n, title in enumerate(["Making Their Mark", "Rehearsal Time", "Step One"]):
        make_photo(
            mission=mission,
            credit=credit,
            title=title,
            caption=f"Caption </script><b>{n}</b>",
            location="Baikonur Cosmodrome",
            taken_at=dt.datetime(2018, 6, 1 + n, 9, 30, tzinfo=dt.UTC),
            people=[serena] if n == 1 else [],
            size=(800, 500),
        )
    return mission


def structured_data(body: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return [json.loads(block) for block in blocks]


def middle(gallery) -> Photo:
    return Photo.objects.get(mission=gallery, title="Rehearsal Time")


def test_photo_page_shows_title_caption_credit_license_date_place_people(client, gallery):
    body = client.get(middle(gallery).get_absolute_url()).content.decode()
    assert "<h1>Rehearsal Time</h1>" in body
    assert "Caption &lt;/script&gt;&lt;b&gt;1&lt;/b&gt;" in body
    assert "Victor Zelentsov/NASA" in body
    assert '<a href="https://www.nasa.gov/guidelines/" rel="license">Public domain (NASA media guidelines)</a>' in body
    assert '<time datetime="2018-06-02T09:30:00+00:00">2 June 2018</time>' in body
    assert "Baikonur Cosmodrome" in body
    assert '<a href="/crew/serena-aunon-chancellor/">Serena Auñón-Chancellor</a>' in body
    assert "Photo 2 of 3" in body


def test_photo_page_links_the_previous_and_next_photos(client, gallery):
    body = client.get(middle(gallery).get_absolute_url()).content.decode()
    previous, following = (Photo.objects.get(mission=gallery, title=t) for t in ("Making Their Mark", "Step One"))
    assert f'href="{previous.get_absolute_url()}" rel="prev"' in body
    assert f'href="{following.get_absolute_url()}" rel="next"' in body


def test_photo_page_offers_downloads_through_the_download_view_when_the_license_allows(client, gallery):
    photo = middle(gallery)
    largest = photo.rendition_for(width=10**6)
    body = client.get(photo.get_absolute_url()).content.decode()
    assert f'<a href="{photo.get_absolute_url()}download/large/" download>Large</a>' in body
    assert f"{largest.width} × {largest.height} JPEG" in body
    assert f'href="{largest.url}" download' not in body  # the list links the view, not the file


def test_photo_page_offers_no_download_when_the_license_forbids(client, gallery):
    photo = middle(gallery)
    photo.credit.default_license.allows_download = False
    photo.credit.default_license.save()
    body = client.get(photo.get_absolute_url()).content.decode()
    assert " download>" not in body


def test_photo_page_has_canonical_open_graph_and_twitter_card(client, gallery):
    photo = middle(gallery)
    body = client.get(photo.get_absolute_url() + "?utm_source=x").content.decode()
    url = f"http://testserver{photo.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in body
    assert f'<meta property="og:url" content="{url}">' in body
    share = photo.rendition_for(width=1200)
    assert f'<meta property="og:image" content="http://testserver{share.url}">' in body
    assert f'<meta property="og:image:width" content="{share.width}">' in body
    assert '<meta name="twitter:card" content="summary_large_image">' in body
    assert f'<meta property="og:image:alt" content="{photo.alt_text}">' in body


def test_photo_page_json_ld_is_an_image_object_with_rights(client, gallery):
    photo = middle(gallery)
    (data,) = structured_data(client.get(photo.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ImageObject"
    assert data["creditText"] == "Victor Zelentsov/NASA"
    assert data["creator"] == {"@type": "Person", "name": "Victor Zelentsov"}
    assert data["copyrightNotice"] == "Victor Zelentsov/NASA. Public domain (NASA media guidelines)"
    assert data["license"] == data["acquireLicensePage"] == "https://www.nasa.gov/guidelines/"
    assert data["caption"] == "Caption </script><b>1</b>"
    assert data["contentUrl"] == f"http://testserver{photo.rendition_for(width=10**6).url}"


def test_gallery_json_ld_lists_every_visible_photo_in_order(client, gallery):
    make_photo(mission=gallery, is_hidden=True, title="Hidden frame")
    body = client.get(gallery.get_absolute_url()).content.decode()
    (data,) = structured_data(body)
    assert data["@type"] == "ImageGallery"
    assert data["author"] == {"@type": "Person", "name": "Christine Lunsford"}
    assert [image["name"] for image in data["image"]] == ["Making Their Mark", "Rehearsal Time", "Step One"]
    assert {image["@type"] for image in data["image"]} == {"ImageObject"}
    assert all(image["creditText"] for image in data["image"])
    assert "Hidden frame" not in body


def test_organization_credit_is_an_organization_creator(client, gallery):
    photo = make_photo(mission=gallery, credit=make_credit(photographer="", organization="Roscosmos"))
    (data,) = structured_data(client.get(photo.get_absolute_url()).content.decode())
    assert data["creator"] == {"@type": "Organization", "name": "Roscosmos"}


def test_license_without_address_leaves_license_fields_out(client, gallery):
    photo = make_photo(mission=gallery, license=make_license(url=""))
    (data,) = structured_data(client.get(photo.get_absolute_url()).content.decode())
    assert "license" not in data
    assert "acquireLicensePage" not in data


def test_public_pages_carry_no_csrf_token_or_nonce(client, gallery):
    for url in ["/", gallery.get_absolute_url(), middle(gallery).get_absolute_url(), "/search/?q=step"]:
        response = client.get(url)
        body = response.content.decode()
        assert "csrfmiddlewaretoken" not in body
        assert "nonce" not in body
        assert "csrftoken" not in response.cookies


def test_pages_have_no_inline_script_or_style(client, gallery):
    for url in ["/", gallery.get_absolute_url(), middle(gallery).get_absolute_url(), "/search/?q=step", "/nope/"]:
        body = client.get(url).content.decode()
        assert " style=" not in body
        assert "<style" not in body
        for tag in re.findall(r"<script[^>]*>", body):
            assert 'type="application/ld+json"' in tag or " src=" in tag, tag


def test_photo_page_query_count_does_not_grow_with_gallery(client, gallery, django_assert_max_num_queries):
    credit = make_credit()
    for _ in range(30):
        make_photo(mission=gallery, credit=credit, size=(16, 12))
    url = middle(gallery).get_absolute_url()
    # The photo, the people shown, its topics, the gallery's order, the neighbours.
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200
