"""Search at /search/?q=: missions, photos and crew, accents and case ignored, never hidden items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from galleries.models import Mission, Photo
from galleries.search import search_terms, word_similarity
from galleries.text import fold
from tests.factories import make_credit, make_crew, make_crewmember, make_mission, make_photo


@pytest.fixture
def world(db):
    mission = make_mission(
        title="Expedition 56", slug="expedition-56", vehicle="Soyuz MS-09", summary="Launch from Baikonur."
    )
    serena = make_crewmember(name="Serena Auñón-Chancellor", slug="serena-aunon-chancellor")
    make_crew(mission, serena)
    credit = make_credit(photographer="Victor Zelentsov", organization="NASA")
    make_photo(
        mission=mission,
        credit=credit,
        title="Suiting Up",
        caption="Serena Auñón-Chancellor has her Russian Sokol launch and entry suit pressure checked.",
        location="Baikonur Cosmodrome",
        people=[serena],
    )
    make_photo(mission=mission, title="Rollout", caption="The Soyuz rocket is rolled out by train.", location="Site 1")
    return mission


def search(client, query: str, **params) -> str:
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_name_without_accents_finds_crewmember_and_photos(client, world):
    body = search(client, "aunon")
    assert 'href="/crew/serena-aunon-chancellor/"' in body
    assert "Suiting Up" in body
    assert "Rollout" not in body


def test_query_with_accents_and_capitals_finds_the_same(client, world):
    body = search(client, "AUÑÓN-chancellor")
    assert "Suiting Up" in body
    assert "serena-aunon-chancellor" in body


@pytest.mark.parametrize("query", ["baikonur cosmodrome", "zelentsov", "NASA", "sokol", "rolled"])
def test_photos_match_by_location_credit_and_caption(world, query):
    assert Photo.objects.published().matching(query).exists(), query


def test_missions_match_by_title_and_vehicle(client, world):
    body = search(client, "soyuz ms-09")
    assert 'href="/missions/expedition-56/"' in body


def test_query_finds_only_photos_matching_every_word(world):
    assert not Photo.objects.published().matching("rollout zelentsov").exists()
    assert Photo.objects.published().matching("suiting zelentsov").count() == 1


def test_title_matches_rank_before_caption_matches(world):
    make_photo(mission=world, title="Soyuz at dawn", caption="Nothing else.")
    titles = [photo.title for photo in Photo.objects.published().matching("soyuz")]
    assert titles[0] == "Soyuz at dawn"
    assert "Rollout" in titles


def test_last_word_matches_as_a_prefix(world):
    assert Photo.objects.published().matching("baikon").exists()


def test_search_never_returns_drafts_scheduled_or_hidden(client, world):
    draft = make_mission(title="Secret Gemini", status=Mission.Status.DRAFT, published_at=None)
    scheduled = make_mission(title="Secret Apollo", published_at=timezone.now() + dt.timedelta(days=1))
    make_photo(mission=draft, title="Secret draft frame")
    make_photo(mission=scheduled, title="Secret scheduled frame")
    make_photo(mission=world, title="Secret hidden frame", is_hidden=True)
    make_crew(draft, make_crewmember(name="Secret Person"))
    body = search(client, "secret")
    assert "Secret" not in body.split("<main", 1)[1].replace("“secret”", "")
    assert "Nothing matches" in body


def test_many_results_are_split_into_pages(client, world):
    credit = make_credit()
    for n in range(30):
        make_photo(mission=world, credit=credit, title=f"Orbit view {n}", size=(16, 12))
    first, second = search(client, "orbit"), search(client, "orbit", page=2)
    assert first.count('class="thumbs"') == 1
    assert "Page 1 of 2" in first
    assert second.count("Orbit view") == 6
    assert "page=1" in second


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 5000},
        {"q": "'\"&|!():*<>\\"},
        {"q": "orbit", "page": "nope"},
        {"q": "a", "page": "999"},
    ],
)
def test_odd_query_answers_200(client, world, params):
    assert client.get("/search/", params).status_code == 200


def test_search_query_count_is_constant(client, world):
    credit = make_credit()

    def queries_for(photos: int) -> int:
        for n in range(photos):
            make_photo(mission=world, credit=credit, title=f"Orbit view {n}", size=(16, 12))
        with CaptureQueriesContext(connection) as queries:
            search(client, "orbit")
        return len(queries)

    assert queries_for(3) == queries_for(30)


def test_search_page_is_not_indexed_and_escapes_the_query(client, world):
    body = search(client, "<script>alert(1)</script>")
    assert 'name="robots" content="noindex"' in body
    assert "<script>alert(1)" not in body


def test_search_terms_are_folded_words_only():
    assert search_terms("  Auñón-Chancellor & co:* ") == ["aunon", "chancellor", "co"]


def test_fold_spells_out_letters_without_a_decomposition():
    assert fold("Sławosz Uznański-Wiśniewski, Øresund, Đorđe, Straße, Æther") == (
        "slawosz uznanski-wisniewski, oresund, dorde, strasse, aether"
    )


def test_word_similarity_is_pg_trgm_strict_word_similarity():
    # The figures PostgreSQL prints for strict_word_similarity() with the same arguments.
    assert word_similarity("prokopjev", "sergey prokopyev") == pytest.approx(7 / 13)
    assert word_similarity("word", "two words") == pytest.approx(4 / 7)
    assert word_similarity("aunon chancelor", "serena aunon chancellor") == pytest.approx(10 / 12)
    assert word_similarity("", "anything") == 0.0


def test_words_match_their_other_forms(world):
    # "checks" stems to "check", which a substring match of "checks" would not find in "checked".
    assert Photo.objects.published().matching("pressure checks").exists()
