"""Topics: a photo's keywords as links to /topics/<slug>/, pages of the published photos with them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from galleries import desk, ingest
from galleries.models import Mission, Photo
from galleries.models.topics import Topic
from tests.factories import make_credit, make_mission, make_photo

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def listed_titles(client, address: str) -> list[str]:
    html = client.get(address).content.decode()
    return re.findall(r"<span>([^<]*)</span></a> <span class=\"meta\">", html)


def test_the_photo_page_links_its_keywords_to_their_topic_pages(client, db):
    photo = make_photo(keywords="Soyuz, launch pad")
    html = client.get(photo.get_absolute_url()).content.decode()
    assert '<a href="/topics/launch-pad/">launch pad</a>' in html
    assert '<a href="/topics/soyuz/">Soyuz</a>' in html


def test_a_topic_page_lists_its_published_photos_under_a_heading(client, db):
    make_photo(title="Rollout", keywords="Soyuz")
    make_photo(title="Spacewalk", keywords="EVA")
    response = client.get("/topics/soyuz/")
    assert response.status_code == 200
    assert "<h1>Soyuz" in response.content.decode()
    assert listed_titles(client, "/topics/soyuz/") == ["Rollout"]


def test_keywords_differing_in_case_or_accents_are_one_topic(client, db):
    make_photo(title="One", keywords="Soyuz")
    make_photo(title="Two", keywords="soyúz")
    assert Topic.objects.count() == 1
    assert sorted(listed_titles(client, "/topics/soyuz/")) == ["One", "Two"]


def test_a_topic_only_on_hidden_or_draft_photos_is_not_found(client, db):
    make_photo(keywords="Secret", is_hidden=True)
    make_photo(mission=make_mission(status=Mission.Status.DRAFT, published_at=None), keywords="Secret")
    assert client.get("/topics/secret/").status_code == 404


def test_an_unknown_topic_is_not_found(client, db):
    assert client.get("/topics/nothing-here/").status_code == 404


def test_a_topic_page_is_paginated_by_48_with_links_and_a_canonical_address(client, db):
    mission, credit = make_mission(), make_credit()
    for _ in range(49):
        make_photo(mission=mission, credit=credit, keywords="Docking", size=(16, 12))
    first = client.get("/topics/docking/").content.decode()
    second = client.get("/topics/docking/?page=2").content.decode()
    assert [len(listed_titles(client, page)) for page in ("/topics/docking/", "/topics/docking/?page=2")] == [48, 1]
    assert '<a href="?page=2" rel="next">' in first
    assert '<a href="?page=1" rel="prev">' in second
    assert '<link rel="canonical" href="http://testserver/topics/docking/?page=2">' in second


def topic_page_queries(client, photos: int) -> int:
    mission, credit = make_mission(), make_credit()
    for _ in range(photos):
        make_photo(mission=mission, credit=credit, keywords=f"Sized {photos}", size=(16, 12))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/topics/sized-{photos}/").status_code == 200
    return len(queries)


def test_a_topic_page_takes_the_same_queries_whatever_its_size(client, db):
    assert topic_page_queries(client, 3) == topic_page_queries(client, 30)


def test_the_desk_keeps_topics_in_step_with_keywords(db):
    photo = make_photo(keywords="Soyuz")
    desk.photos_bulk_apply(mission=photo.mission, photos=[photo], action="add_keywords", values={"keywords": "EVA"})
    desk.photos_bulk_apply(
        mission=photo.mission, photos=[photo], action="remove_keywords", values={"keywords": "soyuz"}
    )
    assert [topic.slug for topic in Photo.objects.get(pk=photo.pk).topics.all()] == ["eva"]


def test_reverting_a_version_brings_its_topics_back(db):
    photo = make_photo(keywords="Soyuz")
    photo.keywords = "Progress"
    photo.save()
    photo.history.earliest().instance.save()  # what the admin's "Revert" does
    assert [topic.slug for topic in Photo.objects.get(pk=photo.pk).topics.all()] == ["soyuz"]


def test_topics_with_a_published_photo_are_in_the_sitemap_with_their_last_change(client, db):
    shown = make_photo(keywords="Soyuz")
    make_photo(keywords="Secret", is_hidden=True)
    document = ET.fromstring(client.get("/sitemap-topics.xml").content)
    entries = {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS) for url in document}
    assert list(entries) == ["http://testserver/topics/soyuz/"]
    assert entries["http://testserver/topics/soyuz/"].startswith(shown.updated_at.date().isoformat())


def topic_sitemap_queries(client, topics: int) -> int:
    for n in range(topics):
        make_photo(keywords=f"Topic {topics}-{n}", size=(16, 12))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap-topics.xml").status_code == 200
    return len(queries)


def test_the_topic_sitemap_takes_the_same_queries_whatever_its_size(client, db):
    assert topic_sitemap_queries(client, 2) == topic_sitemap_queries(client, 12)


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_photos_the_topics_of_their_keywords():
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("galleries", "0011_zoom")], [("galleries", "0012_stored")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    license = old.get_model("galleries", "License").objects.create(name="Public domain")
    credit = old.get_model("galleries", "Credit").objects.create(photographer="Bill Ingalls", default_license=license)
    mission = old.get_model("galleries", "Mission").objects.create(
        title="Expedition 56", slug="e56", start_date="2018-06-06"
    )
    OldPhoto = old.get_model("galleries", "Photo")
    first = OldPhoto.objects.create(mission=mission, position=0, credit=credit, keywords="Soyuz, Baikonur")
    second = OldPhoto.objects.create(mission=mission, position=1, credit=credit, keywords="soyuz")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    topics = {photo.pk: sorted(photo.topics.values_list("slug", flat=True)) for photo in Photo.objects.all()}
    assert topics == {first.pk: ["baikonur", "soyuz"], second.pk: ["soyuz"]}


def test_hiding_a_topics_last_photo_takes_its_cached_page_down_at_once(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.GALLERIES_PAGE_CACHE_SECONDS = 60
    cache.clear()
    photo = make_photo(keywords="Soyuz")
    assert client.get("/topics/soyuz/").status_code == 200
    photo.is_hidden = True
    with django_capture_on_commit_callbacks(execute=True):
        ingest.photo_save(photo=photo)
    assert client.get("/topics/soyuz/").status_code == 404
    cache.clear()
