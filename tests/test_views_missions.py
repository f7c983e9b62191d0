"""The home page and a mission's gallery page: order, credits, crew, images and what they cost to serve."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from galleries.models import Photo
from tests.factories import make_agency, make_credit, make_crew, make_crewmember, make_mission, make_photo


@pytest.fixture
def gallery(db):
    mission = make_mission(
        title="Expedition 56",
        slug="expedition-56",
        author_name="Christine Lunsford",
        author_role="Producer and Contributing Writer",
        author_bio="Christine Lunsford joined the team in 2010.",
    )
    credit = make_credit(photographer="Victor Zelentsov", organization="NASA")
    # Created out of order: the page must follow `position`, not creation.
    make_photo(mission=mission, credit=credit, position=2, title="Step One", caption="Inside the Soyuz.")
    make_photo(mission=mission, credit=credit, position=0, title="Making Their Mark", caption="Crew decals.")
    make_photo(mission=mission, credit=credit, position=1, title="Rehearsal Time", caption="Fit check.")
    nasa, roscosmos = make_agency(short_name="NASA"), make_agency(short_name="Roscosmos")
    serena = make_crewmember(name="Serena Auñón-Chancellor", slug="serena-aunon-chancellor", agency=nasa)
    oleg = make_crewmember(name="Oleg Kononenko", slug="oleg-kononenko", agency=roscosmos)
    make_crew(mission, serena, role="Flight Engineer")
    make_crew(mission, oleg, role="Soyuz Commander", is_backup=True)
    return mission


def test_gallery_shows_photos_in_editor_order_with_credit_and_caption(client, gallery):
    body = client.get("/missions/expedition-56/").content.decode()
    titles = ["Making Their Mark", "Rehearsal Time", "Step One"]
    assert [body.index(title) for title in titles] == sorted(body.index(title) for title in titles)
    # Visible credit lines (the JSON-LD repeats the credit for search engines).
    assert body.count("Credit: </span>Victor Zelentsov/NASA") == 3
    assert "Crew decals." in body


def test_gallery_lists_crew_with_agency_role_and_prime_or_backup(client, gallery):
    body = client.get("/missions/expedition-56/").content.decode()
    assert 'Serena Auñón-Chancellor</a> (NASA), Flight Engineer <span class="badge">prime</span>' in body
    assert 'Oleg Kononenko</a> (Roscosmos), Soyuz Commander <span class="badge">backup</span>' in body


def test_gallery_ends_with_the_authors_byline(client, gallery):
    body = client.get("/missions/expedition-56/").content.decode()
    assert body.index("Christine Lunsford") > body.index("Step One")
    assert "Producer and Contributing Writer" in body
    assert "joined the team in 2010" in body


def test_gallery_images_carry_alt_width_height_and_srcset(client, gallery):
    body = client.get("/missions/expedition-56/").content.decode()
    assert body.count("<img ") == 3
    for tag in body.split("<img ")[1:]:
        tag = tag.split(">")[0]
        assert 'alt="Alt text' in tag
        assert 'width="' in tag
        assert 'height="' in tag
        assert "srcset=" in tag
    assert 'type="image/webp"' in body


def test_only_the_first_gallery_image_loads_eagerly(client, gallery):
    body = client.get("/missions/expedition-56/").content.decode()
    assert body.count('fetchpriority="high"') == 1
    assert body.count('loading="lazy"') == 2


@pytest.mark.parametrize("count", [10, 100])
def test_gallery_query_count_does_not_grow_with_photos(client, db, django_assert_max_num_queries, count):
    mission = make_mission(slug="big")
    credit = make_credit()
    for _ in range(count):
        make_photo(mission=mission, credit=credit, size=(16, 12))
    # The mission, the count of its photos, one page of them (renditions are a column on the row), its crew.
    with django_assert_max_num_queries(4):
        response = client.get("/missions/big/")
    assert response.content.decode().count("<figure") == min(count, 48)


@pytest.fixture
def sixty(db):
    mission = make_mission(slug="sixty")
    credit = make_credit()
    return [make_photo(mission=mission, credit=credit, size=(16, 12), title=f"Frame {n}") for n in range(60)]


def test_a_long_gallery_is_shown_48_photos_a_page_with_links_between_pages(client, sixty):
    first = client.get("/missions/sixty/").content.decode()
    assert first.count("<figure") == 48
    assert "Photos 1–48 of 60" in first
    assert '<link rel="next" href="?page=2">' in first
    assert 'rel="prev"' not in first
    second = client.get("/missions/sixty/?page=2").content.decode()
    assert second.count("<figure") == 12
    assert "Frame 48" in second
    assert "Frame 47" not in second
    assert '<link rel="prev" href="?page=1">' in second
    assert '<link rel="canonical" href="http://testserver/missions/sixty/?page=2">' in second


def test_the_second_page_numbers_its_photos_after_the_first_pages(client, sixty):
    second = client.get("/missions/sixty/?page=2").content.decode()
    assert 'data-total="60" data-first="49"' in second


def test_a_page_past_the_last_shows_the_last(client, sixty):
    assert client.get("/missions/sixty/?page=99").content.decode().count("<figure") == 12


@pytest.mark.parametrize("count", [1, 12])
def test_home_query_count_does_not_grow_with_missions(client, db, django_assert_max_num_queries, count):
    for _ in range(count):
        make_photo(mission=make_mission(), size=(16, 12))
    # The page count, the missions with their cover ids and photo counts, then the cover photos.
    with django_assert_max_num_queries(3):
        response = client.get("/")
    assert response.content.decode().count('class="card"') == count


def test_home_shows_cover_and_visible_photo_count(client, gallery):
    make_photo(mission=gallery, is_hidden=True)
    body = client.get("/").content.decode()
    assert "3 photos" in body
    first = Photo.objects.get(mission=gallery, position=0)
    assert first.rendition_for(width=640).url in body


def test_home_counts_and_covers_each_mission_from_its_own_visible_photos(client, db):
    earlier = make_mission(title="Expedition 55", published_at=timezone.now() - dt.timedelta(days=2))
    later = make_mission(title="Expedition 56", published_at=timezone.now() - dt.timedelta(days=1))
    make_photo(mission=earlier, is_hidden=True, position=0)
    earlier_cover = make_photo(mission=earlier, position=1)
    make_photo(mission=earlier, renditions=False, position=2)  # not ready
    for position in range(3):
        make_photo(mission=later, position=position)
    cards = client.get("/").content.decode().split('class="card"')[1:]
    assert [re.search(r"<h2>(.*?)</h2>", card).group(1) for card in cards] == ["Expedition 56", "Expedition 55"]
    assert "3 photos" in cards[0]
    assert "1 photo<" in cards[1]
    assert earlier_cover.rendition_for(width=640).url in cards[1]


def test_a_second_home_page_counts_its_own_missions(client, db):
    for day in range(26):
        mission = make_mission(title=f"Mission {day}", published_at=timezone.now() - dt.timedelta(days=day + 1))
        for position in range(day % 3 + 1):
            make_photo(mission=mission, position=position, size=(16, 12))
    cards = client.get("/?page=2").content.decode().split('class="card"')[1:]
    assert [re.search(r"<h2>(.*?)</h2>", card).group(1) for card in cards] == ["Mission 24", "Mission 25"]
    assert "1 photo<" in cards[0]  # 24 % 3 + 1
    assert "2 photos" in cards[1]


def test_unknown_pages_use_the_site_404(client, db):
    response = client.get("/missions/no-such-mission/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "site.css" in response.content.decode()


def test_our_css_and_javascript_stay_under_30_kb(client, gallery):
    body = client.get("/missions/expedition-56/").content.decode()
    assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', body)
    assert {"galleries/site.css", "galleries/slideshow.js"} <= set(assets)
    total = sum(Path(finders.find(asset)).stat().st_size for asset in assets)
    assert total < 30 * 1024


def test_gallery_loads_no_external_assets(client, gallery):
    body = client.get("/missions/expedition-56/").content.decode()
    addresses = re.findall(r'<(?:link|script|img|source)[^>]*(?:href|src)="([^"]+)"', body)
    assert addresses  # the control: the pattern does find the page's assets
    for address in addresses:
        assert address.startswith(("/", "http://testserver/")), address  # ours: relative, or canonical


def test_rendition_addresses_follow_a_change_of_media_address(client, db, settings):
    mission = make_mission(slug="moved")
    photo = make_photo(mission=mission, size=(16, 12))
    assert photo.rendition_for(width=10).url.startswith("/media/renditions/")
    settings.MEDIA_URL = "https://media.example/"
    assert photo.rendition_for(width=10).url.startswith("https://media.example/renditions/")
