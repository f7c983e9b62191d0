"""Putting a mission's gallery in front of readers, and taking it away again."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from galleries.cache import content_changed
from galleries.models import Mission, Photo
from galleries.renditions import photo_renditions_retire
from galleries.tasks import photo_renditions_schedule


class MissionNotReady(Exception):
    """A gallery that cannot be published yet; `problems` lists what to fix, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def mission_publish(*, mission: Mission, at: dt.datetime | None = None) -> Mission:
    """Publish `mission` now, or schedule it `at` a later time; refuse with the list of problems.

    "Now" means now: a publication time still in the future is brought forward.
    """
    problems = mission.publishing_problems()
    if problems:
        raise MissionNotReady(problems)
    now = timezone.now()
    mission.status = Mission.Status.PUBLISHED
    if at is not None:
        mission.published_at = at
    elif mission.published_at is None or mission.published_at > now:
        mission.published_at = now
    mission._change_reason = "Published" if at is None else f"Scheduled for {at:%Y-%m-%d %H:%M}"  # type: ignore[attr-defined]
    mission.save(update_fields=["status", "published_at", "updated_at"])
    content_changed()
    return mission


@transaction.atomic
def mission_unpublish(*, mission: Mission) -> Mission:
    """Take `mission` off the public site; it keeps its publication time for when it returns."""
    public = public_photo_ids(mission=mission)
    mission.status = Mission.Status.DRAFT
    mission._change_reason = "Unpublished"  # type: ignore[attr-defined]
    mission.save(update_fields=["status", "updated_at"])
    photos_withdrawn(photo_ids=public)
    return mission


def public_photo_ids(*, mission: Mission) -> list[int]:
    """The photos of `mission` readers can see now: what photos_withdrawn checks after a save."""
    return list(Photo.objects.published().filter(mission=mission).values_list("pk", flat=True))


def photos_withdrawn(*, photo_ids: list[int]) -> None:
    """After a save: every one of these photos, which readers could see before it, that they no
    longer can (hidden, no longer ready, its mission set to draft or rescheduled, all in one save
    or not) has its rendition addresses retired at once, so a copied link or a CDN's copy of a
    public address stops working; and the cached pages are emptied."""
    for photo in Photo.objects.select_related("mission").filter(pk__in=photo_ids):
        if photo.renditions and not photo.is_public:  # no renditions: already retired by photo_save
            photo_withdrawn(photo=photo)
    content_changed()


def photo_withdrawn(*, photo: Photo) -> None:
    """Move `photo`'s renditions to new, unpublished addresses (the old ones answer 404 once the
    transaction commits) and build them again for when it returns."""
    photo_renditions_retire(photo=photo)
    photo.skip_history_when_saving = True  # type: ignore[attr-defined]  # new addresses, not an editorial change
    photo.save(update_fields=["key", "renditions", "full_size", "zoom"])
    photo_renditions_schedule(photo=photo)
