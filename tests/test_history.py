"""History: every editorial change with who, when, before and after; a field reverted in one click."""

from __future__ import annotations

import pytest
from django.urls import reverse

from galleries import publishing
from galleries.models import Mission, Photo
from tests.factories import make_crewmember, make_mission, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery():
    mission = make_mission(status=Mission.Status.PUBLISHED)
    make_photo(mission=mission, title="Suit check", caption="First words", alt_text="Two astronauts")
    return mission


def desk_post(client, mission, name, data, *args):
    address = reverse(f"admin:galleries_mission_desk{name}", args=[mission.pk, *args])
    return client.post(address, data, headers={"Accept": "application/json"})


def history_page(client, photo) -> str:
    return client.get(reverse("admin:galleries_photo_history", args=[photo.pk])).content.decode()


def test_a_caption_edited_on_the_desk_is_in_the_photos_history_with_before_after_and_who(
    editor_client, editor, gallery
):
    photo = gallery.photos.get()
    desk_post(
        editor_client,
        gallery,
        "_photo",
        {"title": photo.title, "caption": "Corrected", "alt_text": "Two astronauts"},
        photo.pk,
    )
    latest = photo.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Described on the desk")
    page = history_page(editor_client, photo)
    assert "First words → Corrected" in page


def test_a_bulk_credit_change_is_in_the_history_of_each_photo(editor_client, gallery):
    photo = gallery.photos.get()
    before = str(photo.credit)
    desk_post(
        editor_client, gallery, "_bulk", {"photos": [photo.pk], "action": "credit", "new_credit": "Bill Ingalls/NASA"}
    )
    change = photo.history.latest().diff_against(photo.history.latest().prev_record).changes
    assert [c.field for c in change] == ["credit"]
    assert "Desk: set the credit" in history_page(editor_client, photo)
    assert before != "Bill Ingalls/NASA"


def test_a_release_is_in_the_history(editor_client, gallery):
    photo = gallery.photos.get()
    Photo.objects.filter(pk=photo.pk).update(is_hidden=True)
    desk_post(editor_client, gallery, "_bulk", {"photos": [photo.pk], "action": "release"})
    latest = photo.history.latest()
    assert latest.is_hidden is False
    assert latest.history_change_reason == "Desk: release the held-back photos that are ready"


def test_publishing_and_unpublishing_are_in_the_missions_history(gallery):
    publishing.mission_unpublish(mission=gallery)
    assert gallery.history.latest().history_change_reason == "Unpublished"


def test_one_field_of_a_change_is_reverted_in_one_click(editor_client, gallery):
    photo = gallery.photos.get()
    desk_post(
        editor_client,
        gallery,
        "_photo",
        {"title": "Renamed", "caption": "Corrected", "alt_text": "Two astronauts"},
        photo.pk,
    )
    change = photo.history.latest()
    address = reverse("admin:galleries_photo_revert_field", args=[photo.pk, change.pk, "caption"])
    assert f'action="{address}"' in history_page(editor_client, photo)  # the button on the history page
    response = editor_client.post(address)
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.title, photo.caption) == ("Renamed", "First words")
    assert photo.history.latest().history_change_reason.startswith("Reverted caption")


def test_a_field_that_is_not_revertible_here_is_refused(editor_client, gallery):
    photo = gallery.photos.get()
    change = photo.history.latest()
    editor_client.post(reverse("admin:galleries_photo_revert_field", args=[photo.pk, change.pk, "position"]))
    photo.refresh_from_db()
    assert photo.position == 0


def test_a_whole_earlier_version_opens_for_review_and_revert(editor_client, gallery):
    photo = gallery.photos.get()
    first = photo.history.earliest()
    response = editor_client.get(reverse("admin:galleries_photo_simple_history", args=[photo.pk, first.pk]))
    assert response.status_code == 200
    assert "Revert" in response.content.decode()


def test_order_changes_on_the_desk_are_recorded(editor_client, gallery):
    import json

    second = make_photo(mission=gallery, title="Second", alt_text="x")
    first = gallery.photos.exclude(pk=second.pk).get()
    address = reverse("admin:galleries_mission_desk_order", args=[gallery.pk])
    editor_client.post(address, json.dumps({"order": [second.pk, first.pk]}), content_type="application/json")
    assert second.history.latest().history_change_reason == "Reordered"
    assert second.history.latest().position == 0


def test_a_reverted_value_that_no_longer_fits_is_refused_with_a_message(editor_client, gallery):
    import datetime as dt

    gallery.end_date = dt.date(2018, 12, 20)
    gallery.save()
    gallery.end_date = dt.date(2018, 12, 21)
    gallery.save()
    change = gallery.history.latest()
    gallery.start_date = dt.date(2018, 12, 21)  # the old end date would now come before the start
    gallery.save()
    response = editor_client.post(
        reverse("admin:galleries_mission_revert_field", args=[gallery.pk, change.pk, "end_date"]), follow=True
    )
    assert response.status_code == 200
    assert "cannot go back to that value" in response.content.decode()
    gallery.refresh_from_db()
    assert gallery.end_date == dt.date(2018, 12, 21)


def test_a_whole_mission_version_cannot_be_reverted_past_the_publishing_rules(editor_client, gallery):
    first = gallery.history.earliest()
    address = reverse("admin:galleries_mission_simple_history", args=[gallery.pk, first.pk])
    assert "Revert" not in editor_client.get(address).content.decode().split("<h1>")[-1].split("</h1>")[0]
    response = editor_client.post(address, {"title": gallery.title, "slug": gallery.slug, "status": "draft"})
    assert response.status_code == 403
    gallery.refresh_from_db()
    assert gallery.status == Mission.Status.PUBLISHED


def test_a_whole_earlier_version_reverts_the_people_shown_too(editor_client, gallery):
    photo = gallery.photos.get()
    prokopyev, gerst = make_crewmember(name="Sergey Prokopyev"), make_crewmember(name="Alexander Gerst")
    photo.people.set([prokopyev])
    version = photo.history.latest()
    photo.people.set([gerst])
    address = reverse("admin:galleries_photo_simple_history", args=[photo.pk, version.pk])
    form = editor_client.get(address).context["adminform"].form
    assert [person.pk for person in form.initial["people"]] == [prokopyev.pk]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data["people"] = [person.pk for person in form.initial["people"]]
    data.pop("image", None)
    response = editor_client.post(address, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert list(photo.people.all()) == [prokopyev]
