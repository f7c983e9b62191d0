"""The API over HTTP: caching by browsers and CDNs, conditional requests, CORS, the rate limit per
client address, and withdrawal through the readers' page cache."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse

from galleries import publishing
from tests.admin_forms import photo_form
from tests.factories import make_mission, make_photo

API = "/api/v1"


@pytest.fixture
def gallery(db):
    mission = make_mission(slug="expedition-56", title="Expedition 56")
    make_photo(mission=mission, title="Making Their Mark")
    return mission


def test_answers_may_be_kept_a_minute_by_browsers_and_shared_caches(client, gallery):
    response = client.get(f"{API}/missions/")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


def test_an_answer_revalidates_with_its_etag(client, gallery):
    etag = client.get(f"{API}/missions/expedition-56/")["ETag"]
    response = client.get(f"{API}/missions/expedition-56/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_any_site_may_read_answers_and_errors(client, gallery):
    assert (
        client.get(f"{API}/missions/", headers={"origin": "https://news.example"})["Access-Control-Allow-Origin"]
        == "*"
    )
    missing = client.get(f"{API}/missions/nowhere/", headers={"origin": "https://news.example"})
    assert missing.status_code == 404
    assert missing["Access-Control-Allow-Origin"] == "*"


def test_a_browsers_preflight_is_answered(client, db):
    response = client.options(
        f"{API}/photos/",
        headers={
            "origin": "https://news.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_a_head_request_answers_like_a_get(client, gallery):
    response = client.head(f"{API}/missions/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"


@pytest.fixture
def rate_limit(settings, monkeypatch):
    """Three requests a minute, on a clock standing at the start of a minute (a run crossing into
    the next minute would otherwise be let through again)."""
    settings.GALLERIES_API_RATE_LIMIT = "3/min"
    clock = SimpleNamespace(time=lambda: 1_800_000_000.0)
    monkeypatch.setattr("galleries.api.http.time", clock)
    cache.clear()
    yield clock
    cache.clear()


def test_a_client_over_the_rate_limit_is_told_when_to_come_back(client, db, rate_limit):
    for _ in range(3):
        assert client.get(f"{API}/missions/", REMOTE_ADDR="198.51.100.7").status_code == 200
    refused = client.get(f"{API}/missions/", REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"  # the clock stands at the start of the minute
    assert refused.json() == {"detail": "Too many requests."}
    assert "no-store" in refused["Cache-Control"]


def test_the_rate_limit_lifts_when_its_window_has_passed(client, db, rate_limit):
    for _ in range(4):
        client.get(f"{API}/missions/", REMOTE_ADDR="198.51.100.7")
    rate_limit.time = lambda: 1_800_000_060.0
    assert client.get(f"{API}/missions/", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_the_rate_limit_counts_each_client_address_apart(client, db, rate_limit):
    for _ in range(4):
        client.get(f"{API}/missions/", REMOTE_ADDR="198.51.100.7")
    assert client.get(f"{API}/missions/", REMOTE_ADDR="198.51.100.8").status_code == 200


def test_behind_a_proxy_the_rate_limit_counts_the_address_it_names(client, db, rate_limit, settings):
    settings.LOGIN_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    for _ in range(4):
        client.get(f"{API}/missions/", REMOTE_ADDR="10.0.0.1", headers={"x-real-ip": "198.51.100.7"})
    other = client.get(f"{API}/missions/", REMOTE_ADDR="10.0.0.1", headers={"x-real-ip": "198.51.100.8"})
    assert other.status_code == 200


def test_the_api_answers_when_the_cache_is_down(client, gallery, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    settings.GALLERIES_API_RATE_LIMIT = "3/min"
    settings.GALLERIES_PAGE_CACHE_SECONDS = 60
    assert client.get(f"{API}/missions/").status_code == 200


def test_a_hidden_photo_leaves_the_api_at_once_through_the_page_cache(
    client, editor, gallery, page_cache, django_capture_on_commit_callbacks
):
    photo = gallery.photos.get()
    urls = [f"{API}/photos/{photo.pk}/", f"{API}/missions/expedition-56/photos/", f"{API}/search/?q=mark"]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit"
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, is_hidden="on")
        )
    assert response.status_code == 302
    client.logout()
    assert client.get(urls[0]).status_code == 404
    for url in urls[1:]:
        assert client.get(url).json()["count"] == 0


def test_an_unpublished_mission_leaves_the_api_at_once_through_the_page_cache(
    client, gallery, page_cache, django_capture_on_commit_callbacks
):
    for url in (f"{API}/missions/", f"{API}/missions/expedition-56/"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.mission_unpublish(mission=gallery)
    assert client.get(f"{API}/missions/").json()["count"] == 0
    assert client.get(f"{API}/missions/expedition-56/").status_code == 404
