"""sitemap.xml with image entries, and robots.txt."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from galleries.models import Mission
from tests.factories import make_credit, make_crew, make_crewmember, make_license, make_mission, make_photo

SCHEMAS = Path(__file__).resolve().parent.parent.parent / "shared" / "testdata" / "schemas"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "image": "http://www.google.com/schemas/sitemap-image/1.1"}


@pytest.fixture
def world(db):
    public = make_mission(slug="public")
    license = make_license(name="CC BY-SA 3.0 IGO", url="https://creativecommons.org/licenses/by-sa/3.0/igo/")
    shown = make_photo(
        mission=public,
        title="Docking & <berthing>",
        caption="Seen from the Cupola.",
        credit=make_credit(default_license=license),
        keywords="Docking, Cupola",
    )
    hidden = make_photo(mission=public, is_hidden=True, title="Hidden frame", keywords="Docking, Secret test")
    draft = make_mission(slug="draft", status=Mission.Status.DRAFT, published_at=None)
    scheduled = make_mission(slug="scheduled", published_at=timezone.now() + dt.timedelta(days=1))
    draft_photo = make_photo(mission=draft, title="Draft frame", keywords="Unannounced")
    make_photo(mission=scheduled, title="Scheduled frame")
    make_crew(public, make_crewmember(slug="visible-person"))
    make_crew(draft, make_crewmember(slug="secret-person"))
    return {"public": public, "shown": shown, "hidden": hidden, "draft_photo": draft_photo}


INDEX_NS = {"s": NS["s"]}


def children(client) -> list[str]:
    """The addresses (path and query) of the sitemaps /sitemap.xml lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    index = ET.fromstring(response.content)
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    return [loc.text.removeprefix("http://testserver") for loc in index.findall("s:sitemap/s:loc", INDEX_NS)]


def sitemap(client) -> ET.Element:
    """Every <url> of every sitemap the index lists, in one <urlset> (the index's order)."""
    merged = ET.Element(f"{{{NS['s']}}}urlset")
    for child in children(client):
        response = client.get(child)
        assert response.status_code == 200, child
        merged.extend(ET.fromstring(response.content).findall("s:url", NS))
    return merged


def test_sitemap_lists_public_pages_only(client, world):
    locs = [loc.text for loc in sitemap(client).findall("s:url/s:loc", NS)]
    assert locs[0] == "http://testserver/"
    assert "http://testserver/missions/public/" in locs
    assert f"http://testserver{world['shown'].get_absolute_url()}" in locs
    assert "http://testserver/crew/visible-person/" in locs
    text = " ".join(locs)
    assert "/missions/draft/" not in text
    assert "/missions/scheduled/" not in text
    assert "secret-person" not in text
    assert world["hidden"].get_absolute_url() not in text


def test_sitemap_images_carry_title_caption_and_license(client, world):
    root = sitemap(client)
    gallery = next(
        url for url in root.findall("s:url", NS) if url.findtext("s:loc", namespaces=NS).endswith("/public/")
    )
    images = gallery.findall("image:image", NS)
    assert len(images) == 1
    image = images[0]
    assert image.findtext("image:title", namespaces=NS) == "Docking & <berthing>"
    assert image.findtext("image:caption", namespaces=NS) == "Seen from the Cupola."
    assert image.findtext("image:license", namespaces=NS) == "https://creativecommons.org/licenses/by-sa/3.0/igo/"
    largest = world["shown"].rendition_for(width=10**6)
    assert image.findtext("image:loc", namespaces=NS) == f"http://testserver{largest.url}"


def test_sitemap_has_no_image_of_hidden_or_draft_photos(client, world):
    body = ET.tostring(sitemap(client), encoding="unicode")
    for photo in (world["hidden"], world["draft_photo"]):
        assert photo.key.hex not in body
        assert photo.title not in body


def sitemap_queries(client, mission: Mission, photos: int) -> int:
    credit = make_credit()
    for _ in range(photos):
        make_photo(mission=mission, credit=credit, size=(16, 12))
    with CaptureQueriesContext(connection) as queries:
        sitemap(client)
    return len(queries)


def test_sitemap_query_count_does_not_grow_with_the_photos(client, world):
    assert sitemap_queries(client, make_mission(), 2) == sitemap_queries(client, make_mission(), 12)


def test_sitemap_image_entries_follow_the_image_schema_order(client, world):
    world["shown"].location = "Cupola, International Space Station"
    world["shown"].save()
    image = next(
        url.find("image:image", NS)
        for url in sitemap(client).findall("s:url", NS)
        if url.findtext("s:loc", namespaces=NS).endswith(world["shown"].get_absolute_url())
    )
    assert [child.tag.split("}")[1] for child in image] == ["loc", "caption", "geo_location", "title", "license"]


def test_sitemap_is_valid_against_the_sitemap_and_image_schemas(client, world):
    etree = pytest.importorskip("lxml.etree")
    if not SCHEMAS.exists():
        pytest.skip("the public schemas are read from ../shared/testdata/schemas/, which is absent")
    documents = [etree.fromstring(client.get(child).content) for child in children(client)]
    # The sitemap schema admits other namespaces strictly: import the image schema beside it.
    wrapper = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="{SCHEMAS / "sitemap.xsd"}"/>
      <xsd:import namespace="http://www.google.com/schemas/sitemap-image/1.1"
                  schemaLocation="{SCHEMAS / "sitemap-image.xsd"}"/>
    </xsd:schema>"""
    schema = etree.XMLSchema(etree.fromstring(wrapper.encode()))
    for document in documents:
        assert schema.validate(document), schema.error_log


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_the_sitemap_is_an_index_of_one_sitemap_per_kind_of_page_with_their_last_change(client, world):
    assert children(client) == [
        "/sitemap-home.xml",
        "/sitemap-missions.xml",
        "/sitemap-photos.xml",
        "/sitemap-crew.xml",
        "/sitemap-topics.xml",
    ]
    index = ET.fromstring(client.get("/sitemap.xml").content)
    photos = next(
        entry
        for entry in index.findall("s:sitemap", INDEX_NS)
        if "photos" in entry.findtext("s:loc", namespaces=INDEX_NS)
    )
    assert photos.findtext("s:lastmod", namespaces=INDEX_NS).startswith(str(world["shown"].updated_at.year))


def test_a_sitemap_longer_than_its_limit_is_split_into_pages_the_index_lists(client, world, monkeypatch):
    from galleries.sitemaps import PhotoSitemap

    make_photo(mission=world["public"], title="Second frame")
    monkeypatch.setattr(PhotoSitemap, "limit", 1)
    assert "/sitemap-photos.xml?p=2" in children(client)
    pages = [ET.fromstring(client.get(f"/sitemap-photos.xml?p={page}").content) for page in (1, 2)]
    assert [len(page.findall("s:url", NS)) for page in pages] == [1, 1]
    assert client.get("/sitemap-photos.xml?p=3").status_code == 404


def test_an_unknown_sitemap_is_not_found(client, world):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_sitemap_index_query_count_does_not_grow_with_the_photos(client, world):
    def index_queries(photos: int) -> int:
        mission, credit = make_mission(), make_credit()
        for _ in range(photos):
            make_photo(mission=mission, credit=credit, size=(16, 12))
        with CaptureQueriesContext(connection) as queries:
            children(client)
        return len(queries)

    assert index_queries(2) == index_queries(12)


def photo_pages(client) -> list[list[str]]:
    """The photo addresses of each page of /sitemap-photos.xml, as the index lists the pages."""
    pages = [child for child in children(client) if child.startswith("/sitemap-photos.xml")]
    return [
        [
            loc.removeprefix("http://testserver")
            for loc in ET.fromstring(client.get(page).content).itertext()
            if "/photos/" in loc
        ]
        for page in pages
    ]


def test_photo_sitemap_pages_list_every_published_photo_once_gallery_by_gallery(client, world, monkeypatch):
    from galleries.sitemaps import PhotoSitemap

    second = make_mission(slug="second")
    later = [make_photo(mission=second, size=(16, 12)) for _ in range(2)]
    earlier = [world["shown"], make_photo(mission=world["public"], size=(16, 12))]
    make_photo(mission=second, is_hidden=True, size=(16, 12))
    monkeypatch.setattr(PhotoSitemap, "limit", 3)
    pages = photo_pages(client)
    assert [len(page) for page in pages] == [3, 1]
    assert [address for page in pages for address in page] == [photo.get_absolute_url() for photo in earlier + later]


def test_a_photo_sitemap_page_takes_two_queries_whatever_its_size(client, world, monkeypatch):
    from galleries.sitemaps import PhotoSitemap

    credit = make_credit()
    for _ in range(6):
        make_photo(mission=world["public"], credit=credit, size=(16, 12))

    def page_queries(limit: int) -> int:
        monkeypatch.setattr(PhotoSitemap, "limit", limit)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap-photos.xml").status_code == 200
        return len(queries)

    assert page_queries(2) == page_queries(7) == 2  # the count, then the page's photos


def test_sitemap_pages_stay_far_below_the_protocols_limits(db):
    from galleries.sitemaps import MissionSitemap, PhotoSitemap
    from galleries.views import GALLERY_PAGE_SIZE

    # 50,000 addresses and 50 MB are allowed; pages this small render in a fraction of a second.
    assert PhotoSitemap.limit == 250
    assert MissionSitemap.limit * GALLERY_PAGE_SIZE <= 250


def test_a_gallery_lists_the_images_of_its_first_page_and_changes_with_any_photo(client, world, monkeypatch):
    monkeypatch.setattr("galleries.views.GALLERY_PAGE_SIZE", 2)
    photos = [world["shown"], *(make_photo(mission=world["public"], size=(16, 12)) for _ in range(2))]
    changed = timezone.now() + dt.timedelta(hours=1)
    type(photos[2]).objects.filter(pk=photos[2].pk).update(updated_at=changed)
    body = client.get("/sitemap-missions.xml").content
    gallery = next(
        url for url in ET.fromstring(body).findall("s:url", NS) if "/public/" in url.findtext("s:loc", namespaces=NS)
    )
    listed = [loc.text for loc in gallery.findall("image:image/image:loc", NS)]
    assert listed == [f"http://testserver{photo.rendition_for(width=10**6).url}" for photo in photos[:2]]
    assert dt.datetime.fromisoformat(gallery.findtext("s:lastmod", namespaces=NS)) == changed
