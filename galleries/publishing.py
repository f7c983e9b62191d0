"""Putting a mission's gallery in front of readers, and taking it away again."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from galleries.cache import content_changed
from galleries.models import Mission
from galleries.renditions import photo_renditions_retire
from galleries.tasks import photo_renditions_schedule


class MissionNotReady(Exception):
    """A gallery that cannot be published yet; `problems` lists what to fix, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def mission_publish(*, mission: Mission, at: dt.datetime | None = None) -> Mission:
    """Publish `mission` now (or schedule it `at` a later time); refuse with the list of problems."""
    problems = mission.publishing_problems()
    if problems:
        raise MissionNotReady(problems)
    mission.status = Mission.Status.PUBLISHED
    mission.published_at = at or mission.published_at or timezone.now()
    mission.save(update_fields=["status", "published_at", "updated_at"])
    content_changed()
    return mission


@transaction.atomic
def mission_unpublish(*, mission: Mission, was_public: bool = True) -> Mission:
    """Take `mission` off the public site; it keeps its publication time for when it returns.

    If readers could see it, its photos' rendition addresses are retired too, so a copied link
    or a CDN's cached copy of the public address stops working once the CDN's copy expires.
    """
    mission.status = Mission.Status.DRAFT
    mission.save(update_fields=["status", "updated_at"])
    if was_public:
        for photo in mission.photos.shown():
            photo_renditions_retire(photo=photo)
            photo.save(update_fields=["key", "renditions"])
            photo_renditions_schedule(photo=photo)
    content_changed()
    return mission
