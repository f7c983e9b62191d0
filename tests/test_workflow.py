"""The editors' workflow in the admin: the publishing rules, the actions, and tagging the people shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from galleries import publishing
from galleries.models import Mission, Photo
from tests.admin_forms import mission_form
from tests.factories import make_crewmember, make_mission, make_photo


def publish_in_the_form(client, mission: Mission, photos: list[Photo]) -> str:
    """Set the mission's status to published in its form, with its photo list; the page answered."""
    url = reverse("admin:galleries_mission_change", args=[mission.pk])
    return client.post(url, mission_form(mission, photos, status="published"), follow=True).content.decode()


def test_publishing_a_gallery_no_reader_could_see_is_refused_with_what_each_photo_lacks(editor_client):
    mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
    body = publish_in_the_form(editor_client, mission, [make_photo(mission=mission, title="Step One", alt_text="")])
    assert "is saved as a draft, not published" in body
    assert "Photo 1 “Step One”</a>: no alt text" in body
    mission.refresh_from_db()
    assert mission.status == Mission.Status.DRAFT


def test_publishing_names_the_photos_that_stay_held_back(editor_client):
    mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
    photos = [make_photo(mission=mission, title="Step One", alt_text=""), make_photo(mission=mission)]
    assert "Readers do not see these photos yet" in publish_in_the_form(editor_client, mission, photos)
    mission.refresh_from_db()
    assert mission.is_public


def test_publishing_recommends_captions_without_refusing(editor_client):
    mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
    photos = [make_photo(mission=mission, caption="")]
    assert "A caption is recommended" in publish_in_the_form(editor_client, mission, photos)
    mission.refresh_from_db()
    assert mission.is_public


def test_alt_text_typed_in_the_same_save_lets_the_gallery_publish(editor_client):
    mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
    photos = [make_photo(mission=mission, title="Step One", alt_text="")]
    data = mission_form(mission, photos, status="published") | {"photos-0-alt_text": "An astronaut in a capsule."}
    editor_client.post(reverse("admin:galleries_mission_change", args=[mission.pk]), data)
    mission.refresh_from_db()
    assert mission.is_public


def test_publish_action_publishes_ready_galleries_and_names_the_unready(editor_client):
    ready = make_mission(status=Mission.Status.DRAFT, published_at=None, title="Ready")
    make_photo(mission=ready)
    unready = make_mission(status=Mission.Status.DRAFT, published_at=None, title="Unready")
    make_photo(mission=unready, alt_text="")
    response = editor_client.post(
        reverse("admin:galleries_mission_changelist"),
        {"action": "publish", "_selected_action": [ready.pk, unready.pk]},
        follow=True,
    )
    assert "“Ready” is published." in response.content.decode()
    assert "“Unready” is saved as a draft" in response.content.decode()
    assert list(Mission.objects.published()) == [ready]


def test_unpublish_action_takes_a_gallery_down(editor_client):
    mission = make_mission()
    make_photo(mission=mission, renditions=False)
    editor_client.post(
        reverse("admin:galleries_mission_changelist"), {"action": "unpublish", "_selected_action": [mission.pk]}
    )
    assert not Mission.objects.published().exists()


def test_an_empty_gallery_cannot_be_published(db):
    with pytest.raises(publishing.MissionNotReady, match="no photos"):
        publishing.mission_publish(mission=make_mission(status=Mission.Status.DRAFT, published_at=None))


def captioned_photo():
    """A photo whose caption names two of three crewmembers, one of them without her accents."""
    serena = make_crewmember(name="Serena Auñón-Chancellor")
    oleg = make_crewmember(name="Oleg Kononenko")
    make_crewmember(name="Anne McClain")
    photo = make_photo(caption="Expedition 56 crewmember Serena Aunon-Chancellor of NASA and Kononenko watch.")
    return photo, {serena, oleg}


def test_photo_page_suggests_the_people_its_caption_names(editor_client):
    photo, _ = captioned_photo()
    body = editor_client.get(reverse("admin:galleries_photo_change", args=[photo.pk])).content.decode()
    assert "Also tag Oleg Kononenko, Serena Auñón-Chancellor" in body
    assert "McClain" not in body.split("Also tag")[1][:80]


def test_one_click_tags_the_suggested_people(editor_client):
    photo, named = captioned_photo()
    data = {
        "mission": photo.mission.pk,
        "position": photo.position,
        "credit": photo.credit.pk,
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "add_suggested_people": "on",
    }
    assert editor_client.post(reverse("admin:galleries_photo_change", args=[photo.pk]), data).status_code == 302
    assert set(photo.people.all()) == named


def test_changelist_action_tags_people_named_in_captions(editor_client):
    serena = make_crewmember(name="Serena Auñón-Chancellor")
    photo = make_photo(caption="Serena Auñón-Chancellor runs through procedures.", renditions=False)
    editor_client.post(
        reverse("admin:galleries_photo_changelist"),
        {"action": "add_people_named_in_captions", "_selected_action": [photo.pk]},
    )
    assert list(photo.people.all()) == [serena]


def test_filter_finds_photos_missing_alt_text(editor_client):
    make_photo(title="Described", renditions=False)
    make_photo(title="Undescribed", alt_text="", renditions=False)
    body = editor_client.get(reverse("admin:galleries_photo_changelist"), {"alt_text": "missing"}).content.decode()
    assert "Undescribed" in body
    assert "Described<" not in body
