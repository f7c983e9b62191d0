from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from PIL import Image

from galleries import demo
from galleries.demo_pictures import placeholder_jpeg, scikit_image_data
from galleries.models import Credit, Crewmember, Mission, MissionCrew, Photo
from tests.factories import editors_group


def load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", "--size", "300x200", *args, stdout=out)
    return out.getvalue()


class DemoLoaderTests(TestCase):
    def setUp(self):
        editors_group()  # a live-server test run before this one may have flushed the migration's group

    def test_demo_loads_the_expedition_56_gallery_in_seed_order(self):
        with self.captureOnCommitCallbacks(execute=True):
            load_demo()
        mission = Mission.objects.get(slug="expedition-56")
        assert mission.is_public
        assert list(mission.photos.in_order().values_list("title", flat=True)) == [
            "Making Their Mark",
            "Rehearsal Time",
            "Step One",
            "Paying Tribute",
            "Learning About Past",
            "Watching the Arrival",
            "Photos for the Press",
        ]
        assert [str(p.credit) for p in mission.photos.in_order()][-2:] == ["Joel Kowsky/NASA"] * 2
        assert all(photo.alt_text for photo in mission.photos.all())
        assert all(photo.renditions for photo in mission.photos.all())
        assert mission.author_name == "Christine Lunsford"

    def test_demo_crew_is_spelled_correctly_with_roles(self):
        load_demo()
        crew = {
            (c.crewmember.name, c.crewmember.agency.short_name, c.role, c.is_backup)
            for c in MissionCrew.objects.filter(mission__slug="expedition-56")
        }
        assert ("Serena Auñón-Chancellor", "NASA", "Flight Engineer", False) in crew
        assert ("Oleg Kononenko", "Roscosmos", "Soyuz Commander", True) in crew
        assert ("Sergey Prokopyev", "Roscosmos", "Soyuz Commander", False) in crew
        assert len(crew) == 6
        assert Crewmember.objects.matching("Aunon").get().photos.count() == 4

    def test_running_the_demo_twice_changes_nothing(self):
        with self.captureOnCommitCallbacks(execute=True):
            load_demo()
        files_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))
        counts = [model.objects.count() for model in (Mission, Photo, Credit, Crewmember, MissionCrew)]
        with self.captureOnCommitCallbacks(execute=True):
            output = load_demo()
        assert "0 new photo(s)" in output
        assert [model.objects.count() for model in (Mission, Photo, Credit, Crewmember, MissionCrew)] == counts
        assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == files_before

    def test_admin_option_prints_a_fresh_password_each_time(self):
        first = load_demo("--admin").split("demo-editor / ")[1].strip()
        second = load_demo("--admin").split("demo-editor / ")[1].strip()
        assert first != second
        assert self.client.login(username="demo-editor", password=second)

    def test_the_demo_login_is_an_editor_not_a_superuser(self):
        load_demo("--admin")
        user = get_user_model().objects.get(username="demo-editor")
        assert not user.is_superuser
        assert [group.name for group in user.groups.all()] == ["Editors"]


@pytest.mark.skipif(scikit_image_data() is None, reason="the `photos` extra (scikit-image) is not installed")
class ArchiveDemoTests(TestCase):
    def setUp(self):
        editors_group()

    def test_the_archive_gallery_shows_real_public_domain_photos_with_their_credits(self):
        with self.captureOnCommitCallbacks(execute=True):
            load_demo()
        mission = Mission.objects.published().get(slug="from-the-archives")
        photos = list(mission.photos.published().in_order())
        assert [(photo.title, str(photo.credit)) for photo in photos] == [
            ("Eileen Collins", "NASA"),
            ("Hubble eXtreme Deep Field", "NASA"),
            ("DSCOVR Lifts Off", "SpaceX"),
        ]
        assert [person.name for person in photos[0].people.all()] == ["Eileen Collins"]
        assert (photos[2].width, photos[2].height) == (640, 427)
        assert mission.cover_photo == photos[2]

    def test_placeholders_are_drawn_scenes_labelled_as_placeholders(self):
        row = demo.PHOTOS[0]
        with Image.open(io.BytesIO(placeholder_jpeg(row, (600, 400)))) as img:
            colours = img.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert len(colours) > 2_000  # light, grain and shadows, not a flat card with text
        assert placeholder_jpeg(row, (600, 400)) == placeholder_jpeg(row, (600, 400))  # the demo is repeatable
