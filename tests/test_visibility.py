"""The one rule of what is published, on the QuerySets and on the instances; tests/test_access.py checks
what readers can reach on every page."""

from __future__ import annotations

import datetime as dt

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

    def test_photo_without_alt_text_is_not_published(self):
        photo = make_photo(alt_text="")
        assert not Photo.objects.published().exists()
        assert not photo.is_public

    def test_photo_without_a_title_is_not_published(self):
        photo = make_photo(title="")
        assert not Photo.objects.published().exists()
        assert not photo.is_public

    def test_photo_whose_renditions_are_pending_is_not_published(self):
        photo = make_photo(renditions=False)
        assert not Photo.objects.published().exists()
        assert not photo.is_public

    def test_ready_photo_of_a_public_mission_is_published(self):
        photo = make_photo()
        assert list(Photo.objects.published()) == [photo]
        assert photo.is_public

    def test_queryset_and_property_agree_for_every_case(self):
        cases = [
            make_photo(),
            make_photo(is_hidden=True),
            make_photo(alt_text=""),
            make_photo(title=""),
            make_photo(renditions=False),
            make_photo(mission=make_mission(status=Mission.Status.DRAFT, published_at=None)),
            make_photo(mission=make_mission(published_at=timezone.now() + dt.timedelta(hours=1))),
        ]
        published = set(Photo.objects.published())
        assert {photo for photo in cases if photo.is_public} == published
        assert published == {cases[0]}

    def test_what_keeps_a_photo_from_readers_is_named(self):
        photo = make_photo(alt_text="", renditions=False)
        assert photo.readiness_problems() == ["no alt text", "its renditions are being made"]


class CrewmemberVisibilityTests(TestCase):
    def test_crewmember_only_on_a_draft_mission_is_not_published(self):
        draft = make_mission(status=Mission.Status.DRAFT, published_at=None)
        make_crew(draft, make_crewmember())
        assert not Crewmember.objects.published().exists()

    def test_crewmember_shown_in_a_published_photo_is_published(self):
        person = make_crewmember()
        make_photo(people=[person])
        assert list(Crewmember.objects.published()) == [person]
