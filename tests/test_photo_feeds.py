"""The Atom feeds of a gallery's photos (/missions/<slug>/feed/) and of a crewmember's (/crew/<slug>/feed/)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from galleries import ingest
from galleries.models import Mission, Photo
from tests.factories import make_crewmember, make_mission, make_photo

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMAS = Path(__file__).resolve().parent.parent.parent / "shared" / "testdata" / "schemas"


@pytest.fixture
def gallery(db):
    mission = make_mission(slug="expedition-56", title="Expedition 56")
    person = make_crewmember(name="Serena Auñón-Chancellor", slug="serena-aunon-chancellor")
    first = make_photo(mission=mission, title="Launch", caption="Soyuz MS-09 lifts off.", size=(800, 500))
    second = make_photo(mission=mission, title="Docking", keywords="Soyuz, ISS")
    make_photo(mission=mission, title="Hidden", is_hidden=True)
    first.people.set([person])
    second.people.set([person])
    return mission


def entries(client, path: str) -> list[ET.Element]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return list(ET.fromstring(response.content).iter(f"{ATOM}entry"))


def titles(client, path: str) -> list[str | None]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(client, path)]


@pytest.mark.parametrize("path", ["/missions/expedition-56/feed/", "/crew/serena-aunon-chancellor/feed/"])
def test_the_feeds_are_valid_atom(client, gallery, path):
    etree = pytest.importorskip("lxml.etree")
    rnc2rng = pytest.importorskip("rnc2rng")
    if not (SCHEMAS / "atom.rnc").exists():
        pytest.skip("the public schemas are read from ../shared/testdata/schemas/, which is absent")
    grammar = rnc2rng.dumps(rnc2rng.loads((SCHEMAS / "atom.rnc").read_text()))
    # rnc2rng declares the RNC's empty `local` namespace as a prefix, which XML does not allow.
    schema = etree.RelaxNG(etree.fromstring(grammar.replace(' xmlns:local=""', "").encode()))
    document = etree.fromstring(client.get(path).content)
    assert schema.validate(document), schema.error_log


def test_a_gallerys_feed_lists_its_shown_photos_newest_first(client, gallery):
    assert titles(client, "/missions/expedition-56/feed/") == ["Docking", "Launch"]


def test_a_crewmembers_feed_lists_the_photos_they_are_shown_in(client, gallery):
    make_photo(mission=make_mission(title="Expedition 57"), title="Elsewhere")
    assert titles(client, "/crew/serena-aunon-chancellor/feed/") == ["Docking", "Launch"]


def test_an_entry_carries_link_credit_caption_and_a_rendition_never_the_original(client, gallery):
    photo = Photo.objects.get(title="Launch")
    entry = next(e for e in entries(client, "/missions/expedition-56/feed/") if e.findtext(f"{ATOM}title") == "Launch")
    links = {link.get("rel"): link for link in entry.iter(f"{ATOM}link")}
    assert links["alternate"].get("href") == f"http://testserver{photo.get_absolute_url()}"
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == str(photo.credit)
    image = max((r for r in photo.rendition_list() if r.format == "JPEG"), key=lambda r: r.width)
    assert links["enclosure"].get("href") == f"http://testserver{image.url}"
    assert links["enclosure"].get("type") == "image/jpeg"
    summary = entry.findtext(f"{ATOM}summary")
    assert "Soyuz MS-09 lifts off." in summary
    assert str(photo.credit) in summary
    assert f'src="http://testserver{image.url}"' in summary
    assert "/originals/" not in summary


def test_a_photos_keywords_are_its_categories(client, gallery):
    entry = entries(client, "/missions/expedition-56/feed/")[0]
    assert [category.get("term") for category in entry.iter(f"{ATOM}category")] == ["Soyuz", "ISS"]


@pytest.mark.parametrize("change", ["draft", "scheduled"])
def test_the_feed_of_a_gallery_readers_may_not_see_is_not_found(client, gallery, change):
    if change == "draft":
        Mission.objects.filter(pk=gallery.pk).update(status=Mission.Status.DRAFT)
    else:
        Mission.objects.filter(pk=gallery.pk).update(published_at=timezone.now() + dt.timedelta(days=1))
    assert client.get("/missions/expedition-56/feed/").status_code == 404
    assert client.get("/crew/serena-aunon-chancellor/feed/").status_code == 404  # shown in nothing public


def test_the_feeds_are_bounded(client, db, monkeypatch):
    monkeypatch.setattr("galleries.photo_feeds.FEED_LENGTH", 2)
    mission = make_mission(slug="long")
    for _ in range(3):
        make_photo(mission=mission, size=(16, 12))
    assert len(entries(client, "/missions/long/feed/")) == 2


@pytest.mark.parametrize("count", [1, 12])
@pytest.mark.parametrize("path", ["/missions/big/feed/", "/crew/big-crewmember/feed/"])
def test_the_feeds_query_count_does_not_grow_with_the_photos(client, db, django_assert_num_queries, count, path):
    mission = make_mission(slug="big")
    person = make_crewmember(slug="big-crewmember")
    for _ in range(count):
        make_photo(mission=mission, size=(16, 12)).people.set([person])
    with django_assert_num_queries(2):  # what the feed is of, then its photos
        assert len(entries(client, path)) == count


def test_a_hidden_photo_leaves_the_cached_feeds_at_once(client, gallery, settings, django_capture_on_commit_callbacks):
    settings.GALLERIES_PAGE_CACHE_SECONDS = 60
    cache.clear()
    for path in ("/missions/expedition-56/feed/", "/crew/serena-aunon-chancellor/feed/"):
        assert "Launch" in titles(client, path)
    photo = Photo.objects.get(title="Launch")
    photo.is_hidden = True
    with django_capture_on_commit_callbacks(execute=True):
        ingest.photo_save(photo=photo)
    for path in ("/missions/expedition-56/feed/", "/crew/serena-aunon-chancellor/feed/"):
        assert titles(client, path) == ["Docking"], path
    cache.clear()


def test_gallery_and_crew_pages_announce_their_photo_feeds(client, gallery):
    gallery_page = client.get("/missions/expedition-56/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" href="/missions/expedition-56/feed/" '
        'title="Expedition 56: photos">' in gallery_page
    )
    crew_page = client.get("/crew/serena-aunon-chancellor/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" href="/crew/serena-aunon-chancellor/feed/" '
        'title="Photos of Serena Auñón-Chancellor">' in crew_page
    )
