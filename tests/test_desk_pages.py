"""The photo desk of a large gallery: pages of cards, changes to every matching photo across pages,
moves to a position on another page; query counts at two sizes."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from galleries.models import Mission, Photo
from tests.test_desk import bulk_gallery, post_json, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [30, 300])
@pytest.mark.parametrize("filter", ["all", "not-ready"])
def test_the_desk_makes_the_same_number_of_queries_for_any_number_of_photos(
    editor_client, django_assert_max_num_queries, size, filter
):
    mission = bulk_gallery(size)
    editor_client.get(url("", mission))  # the session and permissions are cached alike for both sizes
    with django_assert_max_num_queries(15):  # 13 for "all"; a filter adds the gallery positions
        assert editor_client.get(url("", mission), {"filter": filter, "page": 2}).status_code == 200


def test_a_large_gallery_is_shown_a_page_of_cards_at_a_time_with_links_to_the_others(editor_client, settings):
    settings.GALLERIES_DESK_PAGE_SIZE = 100
    body = editor_client.get(url("", bulk_gallery(250))).content.decode()
    assert body.count('class="desk-card"') == 100
    assert "?filter=all&amp;page=3" in body
    assert "Cards 1–100 of 250" in body


def test_a_page_shows_its_photos_numbered_by_their_place_in_the_gallery(editor_client, settings):
    settings.GALLERIES_DESK_PAGE_SIZE = 2
    body = editor_client.get(url("", bulk_gallery(5)), {"page": 2}).content.decode()
    assert ">P1<" not in body  # (the bare letters can be in a random CSP nonce)
    assert body.index(">P2<") < body.index(">P3<")
    assert '<span class="desk-position">3</span>' in body


def test_the_summary_and_the_filters_count_the_whole_gallery_not_the_page(editor_client, settings):
    settings.GALLERIES_DESK_PAGE_SIZE = 2
    mission = bulk_gallery(5, alt_text="Astronauts")
    Photo.objects.filter(title="P4").update(is_hidden=True)
    body = editor_client.get(url("", mission)).content.decode()
    assert "5 photos: 4 held back, 1 hidden" in body  # no renditions yet: held back
    assert 'data-count="held-back">4<' in body


def test_a_filter_lists_its_photos_on_pages_of_their_own_with_their_gallery_positions(editor_client, settings):
    settings.GALLERIES_DESK_PAGE_SIZE = 2
    mission = bulk_gallery(6, alt_text="Astronauts")
    Photo.objects.filter(title__in=["P1", "P3", "P5"]).update(is_hidden=True)
    body = editor_client.get(url("", mission), {"filter": "hidden", "page": 2}).content.decode()
    assert ">P5<" in body
    assert ">P1<" not in body
    assert ">P0<" not in body
    assert '<span class="desk-position">6</span>' in body


def test_a_page_past_the_last_shows_the_last(editor_client, settings):
    settings.GALLERIES_DESK_PAGE_SIZE = 2
    body = editor_client.get(url("", bulk_gallery(5)), {"page": 99}).content.decode()
    assert ">P4<" in body
    assert "page 3 of 3" in body


def test_a_change_to_every_matching_photo_reaches_those_on_other_pages(editor_client, settings):
    settings.GALLERIES_DESK_PAGE_SIZE = 2
    mission = bulk_gallery(5)
    data = {"scope": "matching", "filter": "all", "expected": 5, "action": "add_keywords", "keywords": "EVA"}
    answer = post_json(editor_client, url("_bulk", mission) + "?filter=all&page=1", data)
    assert "5 of 5 matching photos changed" in answer["message"]
    assert mission.photos.filter(keywords="EVA").count() == 5


def test_a_change_to_every_matching_photo_is_refused_when_their_number_is_no_longer_the_one_stated(editor_client):
    mission = bulk_gallery(5)
    data = {"scope": "matching", "filter": "all", "expected": 4, "action": "hide"}
    answer = post_json(editor_client, url("_bulk", mission), data)
    assert answer["status"] == 400
    assert "now 5 photos" in answer["errors"]["__all__"][0]
    assert not mission.photos.filter(is_hidden=True).exists()


def test_a_change_to_every_matching_photo_leaves_those_the_filter_does_not_list(editor_client):
    mission = bulk_gallery(4, alt_text="Astronauts")
    Photo.objects.filter(title="P0").update(is_hidden=True)
    data = {"scope": "matching", "filter": "hidden", "expected": 1, "action": "location", "location": "Star City"}
    post_json(editor_client, url("_bulk", mission), data)
    assert list(mission.photos.filter(location="Star City").values_list("title", flat=True)) == ["P0"]


def test_a_bulk_change_answers_with_the_page_as_it_now_is(editor_client, settings):
    settings.GALLERIES_DESK_PAGE_SIZE = 2
    mission = bulk_gallery(4)
    first, second, third, _ = mission.photos.in_order()
    data = {"photos": [first.pk], "action": "hide", "have": [first.pk, second.pk]}
    answer = post_json(editor_client, url("_bulk", mission) + "?filter=not-ready&page=1", data)
    assert answer["page"] == [[first.pk, 1], [second.pk, 2]]  # hidden, and still not ready
    assert sorted(answer["cards"]) == [str(first.pk)]  # the changed card, fresh
    answer = post_json(
        editor_client, url("_bulk", mission) + "?filter=all&page=1", {**data, "action": "delete", "confirm": "on"}
    )
    assert answer["page"] == [[second.pk, 1], [third.pk, 2]]
    assert sorted(answer["cards"]) == [str(third.pk)]  # the card that came onto the page


def test_moving_a_photo_to_a_position_on_another_page_saves_the_order(editor_client, settings):
    settings.GALLERIES_DESK_PAGE_SIZE = 2
    mission = bulk_gallery(5)
    ids = list(mission.photos.in_order().values_list("pk", flat=True))
    body = {"photo": ids[4], "to": 1, "filter": "all", "page": 3, "have": [ids[4]]}
    answer = editor_client.post(url("_order", mission), json.dumps(body), content_type="application/json").json()
    assert list(mission.photos.in_order().values_list("pk", flat=True)) == [ids[4], *ids[:4]]
    assert (answer["position"], answer["page"]) == (1, [[ids[3], 5]])
    assert list(answer["cards"]) == [str(ids[3])]


def test_moving_a_photo_past_the_end_puts_it_last(editor_client):
    mission = bulk_gallery(3)
    ids = list(mission.photos.in_order().values_list("pk", flat=True))
    body = json.dumps({"photo": ids[0], "to": 999})
    assert editor_client.post(url("_order", mission), body, content_type="application/json").json()["position"] == 3
    assert list(mission.photos.in_order().values_list("pk", flat=True)) == [ids[1], ids[2], ids[0]]


def compact(mission: Mission) -> Mission:
    """Positions 0, 1, 2… without gaps, as in a gallery whose order the desk has saved once."""
    for n, pk in enumerate(mission.photos.in_order().values_list("pk", flat=True)):
        Photo.objects.filter(pk=pk).update(position=n)
    return mission


def test_moving_one_photo_records_only_that_photo_in_history(editor_client):
    mission = compact(bulk_gallery(6))
    ids = list(mission.photos.in_order().values_list("pk", flat=True))
    editor_client.post(url("_order", mission), json.dumps({"photo": ids[1], "to": 5}), content_type="application/json")
    assert list(mission.photos.in_order().values_list("pk", flat=True)) == [ids[0], *ids[2:5], ids[1], ids[5]]
    assert list(mission.photos.in_order().values_list("position", flat=True)) == list(range(6))
    assert [h.id for h in Photo.history.filter(history_change_reason="Moved")] == [ids[1]]


def test_moving_one_photo_takes_as_many_queries_in_a_large_gallery(editor_client):
    def queries_for(photos: int) -> int:
        mission = compact(bulk_gallery(photos))
        last = mission.photos.in_order().last()
        body = json.dumps({"photo": last.pk, "to": 1})
        with CaptureQueriesContext(connection) as queries:
            editor_client.post(url("_order", mission), body, content_type="application/json")
        assert mission.photos.in_order().first() == last
        return len(queries)

    assert queries_for(10) == queries_for(120)
