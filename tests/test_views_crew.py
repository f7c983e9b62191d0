"""Crew pages: agency, missions with roles (prime or backup), and every visible photo they are in."""

from __future__ import annotations

import pytest

from galleries.models import Mission
from tests.factories import make_agency, make_credit, make_crew, make_crewmember, make_mission, make_photo


@pytest.fixture
def serena(db):
    nasa = make_agency(
        name="National Aeronautics and Space Administration", short_name="NASA", url="https://www.nasa.gov/"
    )
    person = make_crewmember(name="Serena Auñón-Chancellor", slug="serena-aunon-chancellor", agency=nasa)
    e56 = make_mission(title="Expedition 56", slug="expedition-56")
    e55 = make_mission(title="Expedition 55", slug="expedition-55")
    draft = make_mission(title="Expedition 99", slug="draft", status=Mission.Status.DRAFT, published_at=None)
    make_crew(e56, person, role="Flight Engineer")
    make_crew(e55, person, role="Flight Engineer", is_backup=True)
    make_crew(draft, person, role="Commander")
    make_photo(mission=e56, people=[person], title="Suit check")
    make_photo(mission=e55, people=[person], title="Training")
    make_photo(mission=e56, people=[person], title="Hidden frame", is_hidden=True)
    make_photo(mission=draft, people=[person], title="Draft frame")
    return person


def test_crew_page_shows_agency_missions_roles_and_photos_across_missions(client, serena):
    body = client.get("/crew/serena-aunon-chancellor/").content.decode()
    assert '<a href="https://www.nasa.gov/">National Aeronautics and Space Administration</a> (NASA)' in body
    assert "Expedition 56</a>: Flight Engineer, prime crew" in body
    assert "Expedition 55</a>: Flight Engineer, backup crew" in body
    assert "Suit check" in body
    assert "Training" in body


def test_crew_page_has_canonical_and_share_image(client, serena):
    body = client.get("/crew/serena-aunon-chancellor/").content.decode()
    assert '<link rel="canonical" href="http://testserver/crew/serena-aunon-chancellor/">' in body
    assert '<meta property="og:image"' in body


def test_crew_page_query_count_does_not_grow_with_photos(client, serena, django_assert_max_num_queries):
    credit = make_credit()
    mission = make_mission()
    for _ in range(20):
        make_photo(mission=mission, credit=credit, people=[serena], size=(16, 12))
    with django_assert_max_num_queries(4):  # the crewmember, missions, the count of photos, a page of them
        assert client.get("/crew/serena-aunon-chancellor/").status_code == 200
