"""The editor's workflow in the admin: publishing rules, actions, people shown, roles."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from galleries import publishing
from galleries.models import Mission, Photo
from tests.factories import make_credit, make_crewmember, make_mission, make_photo


@pytest.fixture
def superuser_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("chief", "c@example.org", "pw"))
    return client


@pytest.fixture
def editor_client(client, db):
    editor = get_user_model().objects.create_user("editor", "e@example.org", "pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def mission_form(mission: Mission, photos: list[Photo], **changes) -> dict:
    data = {
        "title": mission.title,
        "slug": mission.slug,
        "start_date": "2018-06-03",
        "status": mission.status,
        "published_at_0": "",
        "published_at_1": "",
        "crew-TOTAL_FORMS": "0",
        "crew-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": str(len(photos)),
    }
    for index, photo in enumerate(photos):
        data |= {
            f"photos-{index}-id": photo.pk,
            f"photos-{index}-mission": mission.pk,
            f"photos-{index}-position": photo.position,
            f"photos-{index}-title": photo.title,
            f"photos-{index}-credit": photo.credit_id,
            f"photos-{index}-alt_text": photo.alt_text,
        }
    return data | changes


def test_publishing_is_refused_with_a_list_while_a_photo_lacks_alt_text(superuser_client):
    mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
    photos = [make_photo(mission=mission, title="Step One", alt_text=""), make_photo(mission=mission)]
    url = reverse("admin:galleries_mission_change", args=[mission.pk])
    response = superuser_client.post(url, mission_form(mission, photos, status="published"), follow=True)
    body = response.content.decode()
    assert "is saved as a draft, not published" in body and "Photo 1 “Step One” has no alt text." in body
    mission.refresh_from_db()
    assert mission.status == Mission.Status.DRAFT and not mission.is_public


def test_alt_text_typed_in_the_same_save_lets_the_gallery_publish(superuser_client):
    mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
    photos = [make_photo(mission=mission, title="Step One", alt_text="")]
    data = mission_form(mission, photos, status="published") | {"photos-0-alt_text": "An astronaut in a capsule."}
    superuser_client.post(reverse("admin:galleries_mission_change", args=[mission.pk]), data)
    mission.refresh_from_db()
    assert mission.is_public


def test_publish_and_unpublish_actions(superuser_client):
    ready = make_mission(status=Mission.Status.DRAFT, published_at=None, title="Ready")
    make_photo(mission=ready)
    unready = make_mission(status=Mission.Status.DRAFT, published_at=None, title="Unready")
    make_photo(mission=unready, alt_text="")
    changelist = reverse("admin:galleries_mission_changelist")
    response = superuser_client.post(
        changelist, {"action": "publish", "_selected_action": [ready.pk, unready.pk]}, follow=True
    )
    assert "“Ready” is published." in response.content.decode()
    assert "“Unready” is saved as a draft" in response.content.decode()
    assert list(Mission.objects.published()) == [ready]
    superuser_client.post(changelist, {"action": "unpublish", "_selected_action": [ready.pk]})
    assert not Mission.objects.published().exists()


def test_an_empty_gallery_cannot_be_published(db):
    with pytest.raises(publishing.MissionNotReady, match="no photos"):
        publishing.mission_publish(mission=make_mission(status=Mission.Status.DRAFT, published_at=None))


def test_caption_names_suggest_people_and_one_click_tags_them(superuser_client):
    serena = make_crewmember(name="Serena Auñón-Chancellor")
    oleg = make_crewmember(name="Oleg Kononenko")
    make_crewmember(name="Anne McClain")
    photo = make_photo(caption="Expedition 56 crewmember Serena Aunon-Chancellor of NASA and Kononenko watch.")
    url = reverse("admin:galleries_photo_change", args=[photo.pk])
    body = superuser_client.get(url).content.decode()
    assert (
        "Also tag Oleg Kononenko, Serena Auñón-Chancellor" in body and "McClain" not in body.split("Also tag")[1][:80]
    )
    data = {
        "mission": photo.mission.pk,
        "position": photo.position,
        "credit": photo.credit.pk,
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "add_suggested_people": "on",
    }
    assert superuser_client.post(url, data).status_code == 302
    assert set(photo.people.all()) == {serena, oleg}


def test_changelist_action_tags_people_named_in_captions(superuser_client):
    serena = make_crewmember(name="Serena Auñón-Chancellor")
    photo = make_photo(caption="Serena Auñón-Chancellor runs through procedures.", renditions=False)
    superuser_client.post(
        reverse("admin:galleries_photo_changelist"),
        {"action": "add_people_named_in_captions", "_selected_action": [photo.pk]},
    )
    assert list(photo.people.all()) == [serena]


def test_filter_finds_photos_missing_alt_text(superuser_client):
    make_photo(title="Described", renditions=False)
    make_photo(title="Undescribed", alt_text="", renditions=False)
    body = superuser_client.get(reverse("admin:galleries_photo_changelist"), {"alt_text": "missing"}).content.decode()
    assert "Undescribed" in body and "Described<" not in body


def test_editor_can_run_the_workflow_but_not_manage_users(editor_client):
    mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
    credit = make_credit()
    assert editor_client.get(reverse("admin:galleries_photo_add")).status_code == 200
    photo = make_photo(mission=mission, credit=credit)
    changelist = reverse("admin:galleries_mission_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [mission.pk]})
    assert Mission.objects.get(pk=mission.pk).is_public
    assert editor_client.get(reverse("admin:galleries_photo_change", args=[photo.pk])).status_code == 200
    assert editor_client.get(reverse("admin:galleries_credit_add")).status_code == 200
    for url in [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_group_changelist"),
        "/admin/auth/user/add/",
    ]:
        assert editor_client.get(url).status_code == 403, url
    assert editor_client.get(reverse("admin:galleries_license_add")).status_code == 403
