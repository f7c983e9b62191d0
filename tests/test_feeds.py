"""The Atom feed of published missions."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from galleries.models import Mission
from tests.admin_forms import mission_form
from tests.factories import make_mission, make_photo

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def missions(db):
    public = make_mission(title="Expedition 56", slug="expedition-56", summary="Soyuz MS-09 launches.")
    cover = make_photo(mission=public, title="Launch", size=(1600, 1000))
    make_photo(mission=public, title="Second")
    public.cover_photo = cover
    public.save()
    make_mission(title="Draft Gemini", status=Mission.Status.DRAFT, published_at=None)
    make_mission(title="Scheduled Apollo", published_at=timezone.now() + dt.timedelta(days=1))
    hidden_only = make_mission(title="Only hidden photos")
    make_photo(mission=hidden_only, is_hidden=True, title="Hidden cover")
    return public


def feed(client) -> ET.Element:
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_feed_parses_as_atom_and_lists_only_published_missions(client, missions):
    titles = [entry.findtext(f"{ATOM}title") for entry in feed(client).iter(f"{ATOM}entry")]
    assert sorted(titles) == ["Expedition 56", "Only hidden photos"]


def test_feed_entry_carries_cover_image_link_and_summary(client, missions):
    entry = next(e for e in feed(client).iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Expedition 56")
    links = {link.get("rel"): link for link in entry.iter(f"{ATOM}link")}
    assert links["alternate"].get("href") == "http://testserver/missions/expedition-56/"
    enclosure = links["enclosure"]
    cover = missions.cover_photo.rendition_for(width=1200)
    assert enclosure.get("href") == f"http://testserver{cover.url}"
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == cover.bytes
    summary = entry.findtext(f"{ATOM}summary")
    assert "Soyuz MS-09 launches." in summary
    assert "2 photos" in summary
    assert "<img" in summary


def test_feed_never_shows_a_hidden_photo_as_cover(client, missions):
    body = client.get("/feed/").content.decode()
    hidden = missions.__class__.objects.get(title="Only hidden photos").photos.get()
    assert hidden.rendition_list()[0].name.rsplit("/", 1)[0] not in body


def test_feed_query_count_is_constant(client, missions, django_assert_max_num_queries):
    for _ in range(5):
        make_photo(mission=make_mission(), size=(16, 12))
    with django_assert_max_num_queries(2):
        feed(client)


@pytest.mark.parametrize("count", [1, 25])
def test_feed_query_count_does_not_grow_with_missions(client, db, django_assert_max_num_queries, count):
    for _ in range(count):
        make_photo(mission=make_mission(), size=(16, 12))
    # The newest 20 missions with their cover ids and photo counts, then the cover photos.
    with django_assert_max_num_queries(2):
        entries = list(feed(client).iter(f"{ATOM}entry"))
    assert len(entries) == min(count, 20)


def test_feed_counts_each_missions_own_shown_photos(client, missions):
    other = make_mission(title="Expedition 57", slug="expedition-57")
    for _ in range(3):
        make_photo(mission=other, size=(16, 12))
    make_photo(mission=other, is_hidden=True, size=(16, 12))
    summaries = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}summary") for e in feed(client).iter(f"{ATOM}entry")}
    assert "3 photos" in summaries["Expedition 57"]
    assert "2 photos" in summaries["Expedition 56"]
    assert "0 photos" in summaries["Only hidden photos"]


@pytest.mark.parametrize("page", ["/feed/", "/sitemap-missions.xml"])
def test_a_control_character_typed_into_a_title_cannot_break_the_feed_or_sitemap(editor_client, page):
    mission = make_mission(title="Expedition 57", slug="expedition-57")
    photos = [make_photo(mission=mission)]
    data = mission_form(mission, photos, title="Expedition\x0b 57", summary="Soyuz\x1b MS-10\nlaunches.")
    response = editor_client.post(reverse("admin:galleries_mission_change", args=[mission.pk]), data)
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.title == "Expedition 57"
    assert mission.summary == "Soyuz MS-10\nlaunches."
    editor_client.logout()
    ET.fromstring(editor_client.get(page).content)  # well-formed XML
