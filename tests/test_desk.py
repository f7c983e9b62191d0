"""The photo desk's page and endpoints: cards, in-place edits, bulk changes, order; permissions; query counts."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from galleries.models import Mission, Photo
from tests.admin_forms import photo_form
from tests.factories import make_credit, make_crewmember, make_mission, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery():
    mission = make_mission(status=Mission.Status.PUBLISHED)
    credit = make_credit()
    for n in range(3):
        make_photo(mission=mission, credit=credit, position=n, title=f"Photo {n}", alt_text=f"Alt {n}")
    return mission


def url(name: str, mission: Mission, *args: int) -> str:
    return reverse(f"admin:galleries_mission_desk{name}", args=[mission.pk, *args])


def post_json(client, address: str, data: dict) -> dict:
    response = client.post(address, data, headers={"Accept": "application/json"})
    return {"status": response.status_code, **response.json()}


def test_the_desk_shows_every_photo_as_a_card_in_gallery_order_with_a_summary(editor_client, gallery):
    body = editor_client.get(url("", gallery)).content.decode()
    assert body.index("Photo 0") < body.index("Photo 1") < body.index("Photo 2")
    assert "3 photos: 3 shown" in body


def test_a_card_edit_saves_the_fields_and_answers_with_its_state(editor_client, gallery):
    photo = gallery.photos.in_order().first()
    anne = make_crewmember(name="Anne McClain")
    answer = post_json(
        editor_client,
        url("_photo", gallery, photo.pk),
        {"title": "Suit check", "caption": "Anne McClain and Nick Hague", "alt_text": "Two astronauts", "people": []},
    )
    assert (answer["status"], answer["state"]) == (200, "shown")
    assert answer["suggested"] == [{"id": anne.pk, "name": "Anne McClain"}]
    photo.refresh_from_db()
    assert (photo.title, photo.caption) == ("Suit check", "Anne McClain and Nick Hague")


def test_a_card_edit_that_is_not_valid_answers_the_errors_by_field(editor_client, gallery):
    photo = gallery.photos.first()
    answer = post_json(editor_client, url("_photo", gallery, photo.pk), {"title": "T" * 201, "alt_text": "x"})
    assert answer["status"] == 400
    assert "title" in answer["errors"]


def test_a_bulk_credit_change_applies_to_the_selection_in_one_request(editor_client, gallery):
    photos = list(gallery.photos.in_order())
    answer = post_json(
        editor_client,
        url("_bulk", gallery),
        {"photos": [photos[0].pk, photos[1].pk], "action": "credit", "new_credit": "Bill Ingalls/NASA"},
    )
    assert answer["status"] == 200
    assert "2 of 2" in answer["message"]
    assert sorted(answer["cards"]) == sorted(str(photo.pk) for photo in photos[:2])
    credits = [str(photo.credit) for photo in gallery.photos.in_order()]
    assert credits[:2] == ["Bill Ingalls/NASA"] * 2
    assert credits[2] != "Bill Ingalls/NASA"


def test_releasing_shows_the_held_back_photos_that_are_ready_only(editor_client, gallery):
    ready, untitled = gallery.photos.in_order()[:2]
    Photo.objects.filter(pk__in=[ready.pk, untitled.pk]).update(is_hidden=True)
    Photo.objects.filter(pk=untitled.pk).update(title="")
    answer = post_json(editor_client, url("_bulk", gallery), {"photos": [ready.pk, untitled.pk], "action": "release"})
    assert "1 of 2" in answer["message"]
    assert list(gallery.photos.filter(is_hidden=True)) == [untitled]


def test_deleting_needs_the_confirmation(editor_client, gallery):
    photo = gallery.photos.first()
    answer = post_json(editor_client, url("_bulk", gallery), {"photos": [photo.pk], "action": "delete"})
    assert answer["status"] == 400
    assert gallery.photos.count() == 3


def test_the_order_is_saved_whole_in_one_request(editor_client, gallery):
    ids = list(gallery.photos.in_order().values_list("pk", flat=True))
    wanted = [ids[2], ids[0], ids[1]]
    response = editor_client.post(
        url("_order", gallery), json.dumps({"order": wanted}), content_type="application/json"
    )
    assert response.json()["ok"]
    assert list(gallery.photos.in_order().values_list("pk", flat=True)) == wanted


def test_an_order_that_leaves_a_photo_out_is_refused(editor_client, gallery):
    ids = list(gallery.photos.in_order().values_list("pk", flat=True))
    response = editor_client.post(
        url("_order", gallery), json.dumps({"order": ids[:2]}), content_type="application/json"
    )
    assert response.status_code == 400
    assert list(gallery.photos.in_order().values_list("pk", flat=True)) == ids


def test_a_photo_of_another_mission_cannot_be_edited_through_this_desk(editor_client, gallery):
    other = make_photo(title="Elsewhere")
    response = editor_client.post(url("_photo", gallery, other.pk), {"title": "Mine now", "alt_text": "x"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == "Elsewhere"


def test_an_edit_by_get_is_refused(editor_client, gallery):
    assert editor_client.get(url("_photo", gallery, gallery.photos.first().pk)).status_code == 405


def test_the_desk_is_for_staff_only(client, gallery):
    response = client.get(url("", gallery))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def bulk_gallery(size: int, **fields) -> Mission:
    """A gallery of `size` photos made in one query (no files: the desk does not open them)."""
    mission, credit = make_mission(), make_credit()
    Photo.objects.bulk_create(
        Photo(
            mission=mission,
            credit=credit,
            position=n * 2,  # gaps, as deletions leave them: the desk numbers photos 1, 2, 3…
            title=f"P{n}",
            sha256=f"{n:064x}",
            image=f"originals/{n}.jpg",
            **fields,
        )
        for n in range(size)
    )
    return mission


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


def test_moving_a_photo_of_another_gallery_is_refused(editor_client, gallery):
    other = make_photo(title="Elsewhere")
    body = json.dumps({"photo": other.pk, "to": 1})
    assert editor_client.post(url("_order", gallery), body, content_type="application/json").status_code == 400


def test_the_cards_endpoint_answers_a_page_with_only_the_cards_the_script_lacks(editor_client, settings):
    settings.GALLERIES_DESK_PAGE_SIZE = 2
    mission = bulk_gallery(3)
    ids = list(mission.photos.in_order().values_list("pk", flat=True))
    answer = editor_client.get(url("_cards", mission), {"page": "last", "have": f"{ids[2]}"}).json()
    assert (answer["page"], answer["cards"], answer["number"]) == ([[ids[2], 3]], {}, 2)


def test_a_card_saved_without_script_lands_back_on_the_same_page(editor_client, settings):
    settings.GALLERIES_DESK_PAGE_SIZE = 2
    mission = bulk_gallery(3, alt_text="Astronauts")
    photo = mission.photos.in_order().last()
    response = editor_client.post(
        url("_photo", mission, photo.pk) + "?filter=all&page=2", {"title": "Again", "alt_text": "x"}
    )
    assert response["Location"] == url("", mission) + f"?filter=all&page=2#card-{photo.pk}"


def test_saving_the_full_photo_form_opened_from_the_desk_lands_back_on_the_desk(editor_client, gallery):
    photo = gallery.photos.first()
    address = reverse("admin:galleries_photo_change", args=[photo.pk]) + f"?next={url('', gallery)}"
    response = editor_client.post(address, photo_form(photo, title="Corrected"))
    assert response["Location"] == f"{url('', gallery)}#card-{photo.pk}"


def test_a_next_address_off_the_site_is_ignored(editor_client, gallery):
    photo = gallery.photos.first()
    address = reverse("admin:galleries_photo_change", args=[photo.pk]) + "?next=https://evil.example/"
    response = editor_client.post(address, photo_form(photo, title="Corrected"))
    assert "evil" not in response["Location"]


def test_the_admin_home_lists_where_work_waits_with_links_to_the_desks(editor_client, gallery):
    draft = make_mission(title="Expedition 61")
    make_photo(mission=draft, title="")  # not ready
    body = editor_client.get(reverse("admin:index")).content.decode()
    assert "Where work waits" in body
    assert url("", draft) in body
    assert url("", gallery) not in body  # published, every photo shown


def test_a_new_license_needs_the_permission_to_add_licenses(editor_client, gallery):
    from galleries.models import License

    before = License.objects.count()
    photo = gallery.photos.first()
    data = {"photos": [photo.pk], "action": "license", "new_license_name": "Mine", "new_license_url": "https://x.org/"}
    assert editor_client.post(url("_bulk", gallery), data).status_code == 403
    assert License.objects.count() == before


def test_a_refused_bulk_change_makes_no_credit(editor_client, gallery):
    from galleries.models import Credit

    before = Credit.objects.count()
    answer = post_json(
        editor_client, url("_bulk", gallery), {"photos": [999999], "action": "credit", "new_credit": "New/One"}
    )
    assert answer["status"] == 400
    assert Credit.objects.count() == before


@pytest.mark.parametrize(
    "data",
    [
        {"photos": ["9" * 30], "action": "hide"},
        {"photos": ["²"], "action": "hide"},
        {"photos": ["1"], "action": "add_people", "people": ["9" * 30]},
    ],
)
def test_malformed_ids_in_a_bulk_change_are_refused_by_name(editor_client, gallery, data):
    answer = post_json(editor_client, url("_bulk", gallery), data)
    assert answer["status"] == 400


def test_malformed_ids_for_new_cards_are_ignored(editor_client, gallery):
    response = editor_client.get(url("_cards", gallery), {"ids": "²,99999999999999999999999999"})
    assert (response.status_code, response.json()["cards"]) == (200, {})


def test_an_order_nested_too_deeply_is_refused(editor_client, gallery):
    response = editor_client.post(url("_order", gallery), "[" * 100_000, content_type="application/json")
    assert response.status_code == 400


def test_an_order_that_moves_nothing_records_nothing(editor_client, gallery):
    ids = list(gallery.photos.in_order().values_list("pk", flat=True))
    before = Photo.history.count()
    editor_client.post(url("_order", gallery), json.dumps({"order": ids}), content_type="application/json")
    assert Photo.history.count() == before


def test_the_admin_home_shows_no_mission_to_staff_who_may_not_see_missions(client, gallery, django_user_model):
    draft = make_mission(title="Secret draft")
    staff = django_user_model.objects.create_user("visitor", password="x", is_staff=True)
    client.force_login(staff)
    assert draft.title not in client.get(reverse("admin:index")).content.decode()


def test_view_on_site_of_a_draft_opens_its_preview_not_a_missing_page(editor_client):
    draft = make_mission(status=Mission.Status.DRAFT, published_at=None)
    photo = make_photo(mission=draft)
    for address in (
        reverse("admin:galleries_mission_change", args=[draft.pk]),
        reverse("admin:galleries_photo_change", args=[photo.pk]),
    ):
        page = editor_client.get(address).content.decode()
        link = page.split('class="viewsitelink"')[0].rsplit('href="', 1)[1].split('"')[0]
        assert editor_client.get(link).status_code == 200, link


@pytest.mark.parametrize("page", ["²", "-1", "9" * 30, "x"])
def test_a_page_number_that_is_not_one_shows_the_first_page(editor_client, page):
    response = editor_client.get(url("", bulk_gallery(3)), {"page": page, "filter": "nonsense"})
    assert response.status_code == 200
    assert ">P0<" in response.content.decode()
