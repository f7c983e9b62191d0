"""The photo desk's page and endpoints: cards, in-place edits, bulk changes, order; permissions; query counts."""

from __future__ import annotations

import json

import pytest
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
