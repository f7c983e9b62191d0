from __future__ import annotations

import datetime as dt

import pytest
from django.test import TestCase
from django.utils import timezone

from galleries.models import Crewmember, Mission, Photo
from tests.factories import make_crew, make_crewmember, make_mission, make_photo


class MissionVisibilityTests(TestCase):
    def test_published_mission_with_past_time_is_published(self):
        mission = make_mission()
        assert list(Mission.objects.published()) == [mission]
        assert mission.is_public

    def test_draft_mission_is_not_published(self):
        mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
        assert not Mission.objects.published().exists()
        assert not mission.is_public

    def test_scheduled_mission_is_not_published_until_its_time(self):
        mission = make_mission(published_at=timezone.now() + dt.timedelta(days=1))
        assert not Mission.objects.published().exists()
        assert not mission.is_public

    def test_publishing_without_a_time_publishes_now(self):
        mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
        mission.status = Mission.Status.PUBLISHED
        mission.save()
        assert mission.published_at is not None
        assert mission.is_public


class PhotoVisibilityTests(TestCase):
    def test_hidden_photo_is_not_published(self):
        photo = make_photo(is_hidden=True, renditions=False)
        assert not Photo.objects.published().exists()
        assert not photo.is_public

    def test_photo_in_scheduled_mission_is_not_published(self):
        scheduled = make_mission(published_at=timezone.now() + dt.timedelta(days=1))
        photo = make_photo(mission=scheduled, renditions=False)
        assert not Photo.objects.published().exists()
        assert not photo.is_public

    def test_queryset_and_property_agree_for_every_case(self):
        cases = [
            make_photo(renditions=False),
            make_photo(renditions=False, is_hidden=True),
            make_photo(mission=make_mission(status=Mission.Status.DRAFT, published_at=None), renditions=False),
            make_photo(mission=make_mission(published_at=timezone.now() + dt.timedelta(hours=1)), renditions=False),
        ]
        published = set(Photo.objects.published())
        assert {photo for photo in cases if photo.is_public} == published
        assert len(published) == 1


class CrewmemberVisibilityTests(TestCase):
    def test_crewmember_only_on_a_draft_mission_is_not_published(self):
        draft = make_mission(status=Mission.Status.DRAFT, published_at=None)
        make_crew(draft, make_crewmember())
        assert not Crewmember.objects.published().exists()

    def test_crewmember_shown_in_a_published_photo_is_published(self):
        person = make_crewmember()
        make_photo(people=[person], renditions=False)
        assert list(Crewmember.objects.published()) == [person]


@pytest.fixture
def hidden_world(db):
    """One of each thing a reader must not see, plus the crewmember tied only to them."""
    draft = make_mission(status=Mission.Status.DRAFT, published_at=None, slug="draft-mission", title="Draft Gemini")
    scheduled = make_mission(
        published_at=timezone.now() + dt.timedelta(days=2), slug="scheduled-mission", title="Scheduled Apollo"
    )
    public = make_mission(slug="public-mission", title="Public Skylab")
    secret_person = make_crewmember(slug="secret-person")
    make_crew(draft, secret_person)
    return {
        "draft": draft,
        "scheduled": scheduled,
        "public": public,
        "draft_photo": make_photo(mission=draft, people=[secret_person]),
        "scheduled_photo": make_photo(mission=scheduled),
        "hidden_photo": make_photo(
            mission=public, is_hidden=True, people=[secret_person], title="Hidden frame", caption="Hidden caption"
        ),
        "secret_person": secret_person,
    }


@pytest.mark.parametrize(
    "url",
    [
        lambda w: w["draft"].get_absolute_url(),
        lambda w: w["scheduled"].get_absolute_url(),
        lambda w: w["draft_photo"].get_absolute_url(),
        lambda w: w["scheduled_photo"].get_absolute_url(),
        lambda w: w["hidden_photo"].get_absolute_url(),
        lambda w: w["secret_person"].get_absolute_url(),
        # A visible photo's id under another mission's slug is not a way in either.
        lambda w: f"/missions/{w['public'].slug}/photos/{w['draft_photo'].pk}/",
    ],
    ids=["draft", "scheduled", "draft-photo", "scheduled-photo", "hidden-photo", "crew-only-on-drafts", "wrong-slug"],
)
def test_reader_gets_404_for_content_not_yet_public(client, hidden_world, url):
    response = client.get(url(hidden_world))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_home_lists_only_public_missions(client, hidden_world):
    body = client.get("/").content.decode()
    assert hidden_world["public"].title in body
    assert hidden_world["draft"].title not in body
    assert hidden_world["scheduled"].title not in body


def test_gallery_leaves_out_hidden_photos(client, hidden_world):
    body = client.get(hidden_world["public"].get_absolute_url()).content.decode()
    assert hidden_world["hidden_photo"].title not in body
    assert hidden_world["hidden_photo"].caption not in body
