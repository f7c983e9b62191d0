"""Search finds people as readers type them, follows renames and retagging, and narrows by facets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from galleries.models import Photo
from galleries.search_index import ensure_sqlite_index
from tests.factories import make_agency, make_credit, make_crew, make_crewmember, make_mission, make_photo


@pytest.fixture
def crew(db):
    nasa, csa, polsa = (make_agency(short_name=name, slug=name.lower()) for name in ("NASA", "CSA", "POLSA"))
    people = {
        "serena": make_crewmember(name="Serena Auñón-Chancellor", slug="serena-aunon-chancellor", agency=nasa),
        "david": make_crewmember(name="David Saint-Jacques", slug="david-saint-jacques", agency=csa),
        "slawosz": make_crewmember(name="Sławosz Uznański-Wiśniewski", slug="slawosz-uznanski", agency=polsa),
        "sergey": make_crewmember(name="Sergey Prokopyev", slug="sergey-prokopyev", agency=nasa),
        "anne": make_crewmember(name="Anne McClain", slug="anne-mcclain", agency=nasa),
    }
    mission = make_mission(title="Expedition 58", slug="expedition-58")
    for person in people.values():
        make_crew(mission, person)
    return people


@pytest.fixture
def tagged(crew):
    """One photo of each crewmember whose caption does not name them."""
    mission = crew["serena"].assignments.get().mission
    return {
        key: make_photo(mission=mission, title=f"Training {key}", caption="A crewmember trains.", people=[person])
        for key, person in crew.items()
    }


def found(query: str) -> list[str]:
    return [photo.title for photo in Photo.objects.published().matching(query)]


def crew_found(client, query: str) -> str:
    body = client.get("/search/", {"q": query}).content.decode()
    return body.split('id="search-heading"', 1)[1]


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("auñon chancellor", "serena-aunon-chancellor"),
        ("aunon chancelor", "serena-aunon-chancellor"),
        ("saint jacq", "david-saint-jacques"),
        ("slawosz", "slawosz-uznanski"),
        ("Uznanski Wisniewski", "slawosz-uznanski"),
        ("prokopjev", "sergey-prokopyev"),
        ("mcclain", "anne-mcclain"),
    ],
)
def test_names_find_the_crewmember_as_readers_type_them(client, tagged, query, slug):
    assert f'href="/crew/{slug}/"' in crew_found(client, query)


def test_a_tagged_person_finds_photos_whose_caption_does_not_name_them(tagged):
    assert found("mcclain") == ["Training anne"]


def test_a_misspelt_name_finds_the_photos_of_the_person_it_looks_like(tagged):
    assert found("prokopjev") == ["Training sergey"]


def test_a_misspelt_name_with_another_word_needs_that_word_too(tagged):
    assert found("prokopjev trains") == ["Training sergey"]
    assert found("prokopjev rollout") == []


def test_a_name_that_looks_like_nobody_finds_nothing(tagged):
    assert found("zzyzx") == []


def test_untagging_takes_the_photo_out_of_that_persons_results(tagged, crew):
    tagged["anne"].people.remove(crew["anne"])
    assert found("mcclain") == []


def test_renaming_a_crewmember_renames_them_in_photo_search(tagged, crew):
    crew["anne"].name = "Anne C. McClain-Smith"
    crew["anne"].save()
    assert found("mcclain smith") == ["Training anne"]


def test_a_deleted_crewmember_is_no_longer_found_in_photos(tagged, crew):
    crew["anne"].assignments.all().delete()
    crew["anne"].delete()
    assert found("mcclain") == []


def test_renaming_a_credit_changes_which_photos_it_finds(db):
    credit = make_credit(photographer="Bill Ingalls")
    make_photo(credit=credit, title="Launch")
    credit.photographer = "Joel Kowsky"
    credit.save()
    assert (found("ingalls"), found("kowsky")) == ([], ["Launch"])


def test_renaming_a_mission_changes_which_photos_it_finds(db):
    # Words, not numbers: factory credits and captions are numbered, and one may say "57".
    mission = make_mission(title="Expedition Aurora")
    make_photo(mission=mission, title="Docking")
    mission.title = "Expedition Borealis"
    mission.save()
    assert (found("aurora"), found("borealis")) == ([], ["Docking"])


def test_results_pages_are_disjoint_and_cover_every_match(client, db):
    mission = make_mission()
    credit = make_credit()
    for n in range(30):
        make_photo(mission=mission, credit=credit, title="Orbit view", caption=f"Frame {n}", size=(16, 12))
    pages = [client.get("/search/", {"q": "orbit", "page": page}).context["page_obj"] for page in (1, 2)]
    seen = [photo.pk for page in pages for photo in page.object_list]
    assert sorted(seen) == sorted(Photo.objects.values_list("pk", flat=True))


def test_the_matched_words_of_a_caption_are_marked(client, db):
    make_photo(title="Suit check", caption="Her Sokol launch and entry suit is pressure checked before launch.")
    body = client.get("/search/", {"q": "pressure check"}).content.decode()
    assert "<mark>pressure</mark> <mark>checked</mark>" in body


@pytest.fixture
def two_missions(db):
    years = {"expedition-1": [2018, 2018, 2019], "expedition-2": [2019]}
    for slug, taken in years.items():
        mission = make_mission(title=slug.replace("-", " ").title(), slug=slug)
        for year in taken:
            make_photo(mission=mission, title="Soyuz", taken_at=dt.datetime(year, 6, 1, tzinfo=dt.UTC))
    return years


def test_facets_count_the_matches_by_mission_and_year(client, two_missions):
    facets = {group["title"]: group for group in client.get("/search/", {"q": "soyuz"}).context["facets"]}
    by_mission = [(facet.label, facet.count) for facet, _ in facets["Mission"]["links"]]
    by_year = [(facet.label, facet.count) for facet, _ in facets["Year"]["links"]]
    assert (by_mission, by_year) == ([("Expedition 1", 3), ("Expedition 2", 1)], [("2018", 2), ("2019", 2)])


def test_a_facet_link_narrows_the_results_and_keeps_the_query(client, two_missions):
    page = client.get("/search/", {"q": "soyuz"})
    mission_group = next(group for group in page.context["facets"] if group["title"] == "Mission")
    url = mission_group["links"][1][1]
    narrowed = client.get("/search/" + url)
    assert narrowed.context["page_obj"].paginator.count == 1
    assert "Expedition 2" in narrowed.content.decode()


def test_narrowing_by_year_counts_only_that_year(client, two_missions):
    response = client.get("/search/", {"q": "soyuz", "year": "2018"})
    assert response.context["page_obj"].paginator.count == 2


@pytest.mark.parametrize(
    "params",
    [
        {"year": "20x8"},
        {"year": "0000"},
        {"year": "9999"},
        {"year": "２０１８"},
        {"license": "-1"},
        {"license": "9" * 30},
        {"person": "nobody"},
        {"mission": "x" * 900},
        {"mission": "\x00"},
        {"agency": "nasa\x00"},
    ],
)
def test_malformed_or_unknown_facet_values_answer_200(client, two_missions, params):
    assert client.get("/search/", {"q": "soyuz", **params}).status_code == 200


def test_facets_never_count_what_readers_may_not_see(client, two_missions):
    hidden = make_mission(title="Secret", slug="secret", published_at=timezone.now() + dt.timedelta(days=1))
    make_photo(mission=hidden, title="Soyuz")
    body = client.get("/search/", {"q": "soyuz"}).content.decode()
    assert "Secret" not in body


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index and its triggers")
def test_sqlite_index_is_rebuilt_when_a_table_rebuild_dropped_its_triggers(db):
    make_photo(title="Before the rebuild")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER galleries_photo_fts_insert")
    make_photo(title="During the rebuild")  # written while the index had no insert trigger
    ensure_sqlite_index()
    assert found("rebuild") == ["During the rebuild", "Before the rebuild"]


def test_past_the_rank_limit_results_come_newest_first_and_say_so(client, db, monkeypatch):
    monkeypatch.setattr("galleries.search.RANK_LIMIT", 3)
    mission, credit = make_mission(), make_credit()
    photos = [make_photo(mission=mission, credit=credit, title="Orbit", size=(16, 12)) for _ in range(5)]
    response = client.get("/search/", {"q": "orbit"})
    assert [photo.pk for photo in response.context["page_obj"]] == [photo.pk for photo in reversed(photos)]
    assert "listed newest first" in response.content.decode()


def test_past_the_count_limit_the_count_says_more_than(client, db, monkeypatch):
    monkeypatch.setattr("galleries.search.COUNT_LIMIT", 3)
    mission, credit = make_mission(), make_credit()
    for _ in range(5):
        make_photo(mission=mission, credit=credit, title="Orbit", size=(16, 12))
    body = client.get("/search/", {"q": "orbit"}).content.decode()
    assert "(more than 3)" in body


def test_a_name_whose_folded_form_is_longer_than_the_name_is_saved(db):
    person = make_crewmember(name="ß" * 200)
    assert len(person.name_folded) == 200


def test_a_photo_of_a_mission_whose_slug_holds_digits_links_to_its_own_page(db):
    mission = make_mission(slug="probe-123456789")
    photo = make_photo(mission=mission)
    assert photo.get_absolute_url() == f"/missions/probe-123456789/photos/{photo.pk}/"
