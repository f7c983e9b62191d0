"""Small factories with sensible defaults; every keyword overrides a field."""

from __future__ import annotations

import datetime as dt
import itertools
from importlib import import_module

from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.utils import timezone

from galleries import ingest
from galleries.models import Agency, Credit, Crewmember, License, Mission, MissionCrew, Photo
from galleries.renditions import photo_renditions_render
from tests.images import image_upload

_numbers = itertools.count(1)
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def make_license(**overrides) -> License:
    fields = {"name": f"License {next(_numbers)}", "url": "https://example.org/license", "allows_download": True}
    return License.objects.create(**(fields | overrides))


def make_credit(**overrides) -> Credit:
    if "default_license" not in overrides:
        overrides["default_license"] = make_license()
    fields = {"photographer": f"Photographer {next(_numbers)}", "organization": "NASA"}
    return Credit.objects.create(**(fields | overrides))


def make_agency(**overrides) -> Agency:
    n = next(_numbers)
    fields = {"name": f"Agency {n}", "short_name": f"AG{n}", "slug": f"agency-{n}"}
    return Agency.objects.create(**(fields | overrides))


def make_crewmember(**overrides) -> Crewmember:
    n = next(_numbers)
    if "agency" not in overrides:
        overrides["agency"] = make_agency()
    fields = {"name": f"Crewmember {n}", "slug": f"crewmember-{n}"}
    return Crewmember.objects.create(**(fields | overrides))


def make_mission(**overrides) -> Mission:
    n = next(_numbers)
    fields = {
        "title": f"Expedition {n}",
        "slug": f"expedition-{n}",
        "start_date": dt.date(2018, 6, 3),
        "status": Mission.Status.PUBLISHED,
        "published_at": timezone.now() - dt.timedelta(hours=1),
    }
    return Mission.objects.create(**(fields | overrides))


def make_crew(mission: Mission, crewmember: Crewmember, **overrides) -> MissionCrew:
    fields = {"role": "Flight Engineer", "is_backup": False, "position": 0}
    return MissionCrew.objects.create(mission=mission, crewmember=crewmember, **(fields | overrides))


def make_photo(
    *, mission: Mission | None = None, renditions: bool = True, size=(64, 48), upload=None, **overrides
) -> Photo:
    """A photo ingested the way uploads are, from a generated JPEG (or `upload`); renditions made
    at once unless told not to."""
    mission = mission or make_mission()
    if "credit" not in overrides:
        overrides["credit"] = make_credit()
    n = next(_numbers)
    fields = {"title": f"Photo {n}", "caption": f"Caption {n}", "alt_text": f"Alt text {n}"}
    upload = upload or image_upload(f"photo-{n}.jpg", size=size)
    if renditions:
        photo = ingest.photo_ingest(mission=mission, upload=upload, **(fields | overrides))
    else:  # where commits happen (live-server tests), keep the task backend away too
        with override_settings(TASKS=DUMMY_TASKS):
            photo = ingest.photo_ingest(mission=mission, upload=upload, **(fields | overrides))
    if renditions and not photo.renditions:  # inside a test's transaction, on_commit never runs
        photo.refresh_from_db(fields=["renditions", "placeholder_color"])
        if not photo.renditions:
            photo_renditions_render(photo=photo)
    return photo


def editors_group() -> Group:
    """The "Editors" group of the data migration; rebuilt the same way when a live-server test flushed it."""
    migration = import_module("galleries.migrations.0002_editors_group")
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        codenames = [f"{a}_{model}" for model, actions in migration.EDITOR_PERMISSIONS.items() for a in actions]
        group.permissions.set(Permission.objects.filter(content_type__app_label="galleries", codename__in=codenames))
    return group
