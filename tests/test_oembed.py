"""oEmbed for gallery and photo pages (/oembed/), and the embeddable gallery page its iframes show."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.utils import timezone

from galleries import ingest, publishing
from galleries.models import Mission
from tests.factories import make_mission, make_photo
from tests.oembed_spec import oembed_problems

SITE = "http://testserver"


@pytest.fixture
def gallery(db):
    mission = make_mission(slug="expedition-56", title="Expedition 56", author_name="Mark Garcia")
    make_photo(mission=mission, title="Making Their Mark", size=(800, 500))
    return mission


@pytest.fixture
def gallery_photo(gallery):
    return gallery.photos.get()


def oembed(client, page: str, **params):
    query = urlencode({"url": page if page.startswith("http") else SITE + page, **params})
    return client.get(f"/oembed/?{query}")


@pytest.fixture
def page_cache(settings):
    settings.GALLERIES_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_a_gallery_answers_a_valid_rich_embed_of_its_embed_page(client, gallery):
    response = oembed(client, "/missions/expedition-56/", format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert oembed_problems(data) == []
    assert data["type"] == "rich"
    assert data["title"] == "Expedition 56: the mission in photos"
    assert data["author_name"] == "Mark Garcia"
    assert data["provider_name"] == "Expedition"
    assert f'src="{SITE}/embed/missions/expedition-56/"' in data["html"]
    assert (data["width"], data["height"]) == (640, 480)


def test_a_photo_answers_a_valid_photo_embed_of_a_jpeg_rendition(client, gallery_photo):
    data = oembed(client, gallery_photo.get_absolute_url()).json()
    assert oembed_problems(data) == []
    assert data["type"] == "photo"
    assert data["title"] == "Making Their Mark"
    assert data["author_name"] == str(gallery_photo.credit)
    assert data["url"].startswith(f"{SITE}/media/renditions/{gallery_photo.key.hex}/")
    assert data["url"].endswith(".jpg")
    assert (data["width"], data["height"]) == (640, 400)  # the largest (of 160, 320 and 640 in tests)


@pytest.mark.parametrize(
    ("maxwidth", "maxheight", "size"),
    [(500, None, (320, 200)), (None, 300, (320, 200)), (700, 150, (160, 100)), (160, 100, (160, 100))],
)
def test_a_photo_embed_is_the_largest_rendition_that_fits_the_maximums(
    client, gallery_photo, maxwidth, maxheight, size
):
    params = {key: value for key, value in (("maxwidth", maxwidth), ("maxheight", maxheight)) if value}
    data = oembed(client, gallery_photo.get_absolute_url(), **params).json()
    assert oembed_problems(data, max_width=maxwidth, max_height=maxheight) == []
    assert (data["width"], data["height"]) == size


def test_a_photo_embed_smaller_than_every_rendition_is_not_found(client, gallery_photo):
    assert oembed(client, gallery_photo.get_absolute_url(), maxwidth=100).status_code == 404


def test_a_gallery_embed_fits_the_maximums(client, gallery):
    data = oembed(client, "/missions/expedition-56/", maxwidth=400, maxheight=300).json()
    assert oembed_problems(data, max_width=400, max_height=300) == []
    assert (data["width"], data["height"]) == (400, 300)
    assert 'width="400" height="300"' in data["html"]
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (160, 100)


def test_a_gallery_embed_narrower_than_its_smallest_picture_has_no_thumbnail(client, gallery):
    data = oembed(client, "/missions/expedition-56/", maxwidth=150).json()
    assert oembed_problems(data, max_width=150) == []
    assert data["width"] == 150
    assert "thumbnail_url" not in data


def test_a_photo_cropped_to_its_focal_point_is_never_embedded(client, gallery_photo):
    crop = {**gallery_photo.renditions[0], "width": 600, "height": 600, "crop": "1:1", "name": "renditions/x.jpg"}
    gallery_photo.renditions = [*gallery_photo.renditions, crop]
    gallery_photo.save(update_fields=["renditions"])
    data = oembed(client, gallery_photo.get_absolute_url(), maxwidth=620).json()
    assert (data["width"], data["height"]) == (320, 200)


@pytest.mark.parametrize(
    "case", ["draft", "scheduled", "hidden photo", "photo not ready", "photo of another gallery", "unknown page"]
)
def test_what_readers_may_not_see_is_not_found(client, gallery, gallery_photo, case):
    page = {"unknown page": "/missions/expedition-56/nowhere/", "photo of another gallery": "/missions/other/photos/"}
    if case == "draft":
        Mission.objects.filter(pk=gallery.pk).update(status=Mission.Status.DRAFT)
    elif case == "scheduled":
        Mission.objects.filter(pk=gallery.pk).update(published_at=timezone.now() + dt.timedelta(days=1))
    elif case == "hidden photo":
        gallery_photo.__class__.objects.filter(pk=gallery_photo.pk).update(is_hidden=True)
    elif case == "photo not ready":
        gallery_photo.__class__.objects.filter(pk=gallery_photo.pk).update(alt_text="")
    if case == "photo of another gallery":
        make_mission(slug="other")
        path = f"/missions/other/photos/{gallery_photo.pk}/"
    else:
        path = page.get(case, gallery_photo.get_absolute_url() if "photo" in case else "/missions/expedition-56/")
    assert oembed(client, path).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/missions/expedition-56/",
        "ftp://testserver/missions/expedition-56/",
        f"{SITE}/",
        "/",
        "http://[::1/missions/expedition-56/",  # not an address: urlsplit raises
        "http://testserver\u2100/",
    ],
)
def test_pages_of_other_sites_and_other_pages_are_not_found(client, gallery, url):
    assert client.get("/oembed/?" + urlencode({"url": url})).status_code == 404


@pytest.mark.parametrize(("fmt", "status"), [("xml", 501), ("yaml", 501)])
def test_formats_other_than_json_are_not_implemented(client, gallery, fmt, status):
    assert oembed(client, "/missions/expedition-56/", format=fmt).status_code == status


@pytest.mark.parametrize(
    "query",
    [
        "",
        "url=",
        "maxwidth=wide&url=http://testserver/missions/expedition-56/",
        "maxheight=%C2%B2&url=http://testserver/missions/expedition-56/",  # "²" is a digit to str.isdigit
        "maxwidth=0&url=http://testserver/missions/expedition-56/",
    ],
)
def test_a_request_without_a_page_or_with_a_bad_size_is_refused(client, gallery, query):
    assert client.get(f"/oembed/?{query}").status_code == 400


def test_gallery_and_photo_pages_announce_their_oembed_answer(client, gallery_photo):
    for page, kind in (("/missions/expedition-56/", "rich"), (gallery_photo.get_absolute_url(), "photo")):
        html = client.get(page).content.decode()
        link = re.search(
            r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)" title="([^"]+)">', html
        )
        assert link, page
        href = link.group(1).replace("&amp;", "&")
        assert href.startswith(f"{SITE}/oembed/?url=")
        assert client.get(href.removeprefix(SITE)).json()["type"] == kind


def test_the_embed_page_shows_every_photo_with_its_credit_and_opens_real_pages_in_a_new_tab(client, gallery):
    second = make_photo(mission=gallery, title="Second")
    response = client.get("/embed/missions/expedition-56/")
    assert response.status_code == 200
    html = response.content.decode()
    for photo in gallery.photos.all():
        assert f'<p class="credit"><span class="visually-hidden">Credit: </span>{photo.credit}</p>' in html
    assert f'<a href="{SITE}{second.get_absolute_url()}" target="_blank" rel="noopener">' in html
    assert "/originals/" not in html
    assert 'loading="lazy"' in html


def test_any_site_may_frame_the_embed_page_but_no_other_page(client, gallery):
    embed = client.get("/embed/missions/expedition-56/")
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "script-src 'self'" in embed["Content-Security-Policy"]
    page = client.get("/missions/expedition-56/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_the_embed_page_of_a_draft_is_not_found(client, gallery):
    Mission.objects.filter(pk=gallery.pk).update(status=Mission.Status.DRAFT)
    assert client.get("/embed/missions/expedition-56/").status_code == 404


def test_a_hidden_photo_leaves_the_cached_embed_page_and_oembed_at_once(
    client, gallery_photo, page_cache, django_capture_on_commit_callbacks
):
    path = gallery_photo.get_absolute_url()
    assert "Making Their Mark" in client.get("/embed/missions/expedition-56/").content.decode()
    assert oembed(client, path).status_code == 200
    assert client.get("/embed/missions/expedition-56/")["X-Cache"] == "hit"
    gallery_photo.is_hidden = True
    with django_capture_on_commit_callbacks(execute=True):
        ingest.photo_save(photo=gallery_photo)
    assert "Making Their Mark" not in client.get("/embed/missions/expedition-56/").content.decode()
    assert oembed(client, path).status_code == 404


def test_an_unpublished_gallery_leaves_its_cached_embed_page_at_once(
    client, gallery, page_cache, django_capture_on_commit_callbacks
):
    assert client.get("/embed/missions/expedition-56/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        publishing.mission_unpublish(mission=gallery)
    assert client.get("/embed/missions/expedition-56/").status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_the_embed_page_query_count_does_not_grow_with_the_gallery(client, db, django_assert_num_queries, count):
    mission = make_mission(slug="big")
    for _ in range(count):
        make_photo(mission=mission, size=(16, 12))
    # The mission, its first photos, and (for a gallery longer than the embed shows) their count.
    with django_assert_num_queries(2 if count < 24 else 3):
        html = client.get("/embed/missions/big/").content.decode()
    assert html.count('<p class="credit">') == min(count, 24)
    assert ("All 30 photos" in html) == (count == 30)


def test_head_is_answered_like_get(client, gallery):
    page = "http://testserver/missions/expedition-56/"
    assert client.head("/oembed/?" + urlencode({"url": page})).status_code == 200
    assert client.head("/embed/missions/expedition-56/").status_code == 200
