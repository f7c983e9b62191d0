"""The photo desk: a mission's photos as cards, described, changed many at once and reordered.

What the desk's views (galleries/admin/desk.py) ask of the data, with no HTTP in it: the cards of
a gallery in a number of queries that does not grow with it, one photo's description, a change
applied to a selection, a new order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from simple_history.utils import bulk_update_with_history

from galleries import ingest
from galleries.cache import content_changed
from galleries.models import Crewmember, Mission, Photo
from galleries.models.photo import Rendition, ready_condition, released_condition

THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT = 240, 180
FILTERS = {
    "all": "All",
    "not-ready": "Not ready",
    "held-back": "Held back",
    "shown": "Shown",
    "hidden": "Hidden",
}


@dataclass
class Card:
    """One photo as the desk shows it, with its badges."""

    photo: Photo
    state: str  # "shown", "held-back" or "hidden"
    problems: list[str]
    tiny: bool
    duplicates: list[Photo] = field(default_factory=list)

    @property
    def thumbnail(self) -> Rendition | None:
        return self.photo.rendition_for(width=THUMBNAIL_WIDTH, format="JPEG")

    @property
    def thumbnail_size(self) -> tuple[int, int]:
        """The thumbnail's box: within 240 × 180, upright as the photo is, never enlarged."""
        rendition = self.thumbnail
        if rendition is None:
            return (0, 0)
        width, height = self.photo.width or rendition.width, self.photo.height or rendition.height
        scale = min(1, THUMBNAIL_WIDTH / width, THUMBNAIL_HEIGHT / height)
        return (max(1, round(width * scale)), max(1, round(height * scale)))

    @property
    def filters(self) -> list[str]:
        """The filters this card is listed under (besides "all")."""
        return [self.state, *(["not-ready"] if self.problems else [])]


def desk_photos(mission: Mission) -> list[Photo]:
    return list(mission.photos.in_order().select_related("credit", "license").prefetch_related("people"))


def desk_cards(photos: Sequence[Photo], *, mission: Mission) -> list[Card]:
    """Cards for `photos` of `mission`: one query for duplicates elsewhere, whatever their number."""
    others: dict[str, list[Photo]] = {}
    digests = {photo.sha256 for photo in photos if photo.sha256}
    if digests:
        elsewhere = Photo.objects.filter(sha256__in=digests).exclude(mission=mission).select_related("mission")
        for other in elsewhere.order_by("mission__title", "position")[:500]:
            others.setdefault(other.sha256, []).append(other)
    tiny_below = settings.GALLERIES_DESK_TINY_WIDTH
    cards = []
    for photo in photos:
        photo.mission = mission  # is_public and readiness need it; it is the same row for all
        problems = photo.readiness_problems()
        state = "hidden" if photo.is_hidden else "held-back" if problems else "shown"
        cards.append(
            Card(
                photo=photo,
                state=state,
                problems=problems,
                tiny=photo.width is not None and 0 < photo.width < tiny_below,
                duplicates=others.get(photo.sha256, [])[:3],
            )
        )
    return cards


def desk_summary(cards: Sequence[Card]) -> str:
    """ "34 photos: 30 shown, 3 held back, 1 hidden; 1 missing alt text"."""
    states = Counter(card.state for card in cards)
    labels = (("shown", "shown"), ("held-back", "held back"), ("hidden", "hidden"))
    parts = [f"{states[key]} {label}" for key, label in labels if states[key]]
    missing = Counter(problem for card in cards for problem in card.problems if problem.startswith("no "))
    lacks = [f"{count} missing {problem.removeprefix('no ')}" for problem, count in sorted(missing.items())]
    text = f"{len(cards)} photo{'' if len(cards) == 1 else 's'}"
    if parts:
        text += ": " + ", ".join(parts)
    if lacks:
        text += "; " + ", ".join(lacks)
    return text


def missions_with_work() -> Sequence[Mission]:
    """Missions where editors have something to do, with counts: drafts, photos held back or not
    ready, hidden photos, failed renditions; the 20 changed last. One query."""
    missions = Mission.objects.annotate(
        photo_total=Count("photos"),
        not_ready=Count("photos", filter=~ready_condition("photos__")),
        hidden=Count("photos", filter=~released_condition("photos__")),
        failed=Count("photos", filter=~Q(photos__rendition_error="")),
    )
    waiting = Q(status=Mission.Status.DRAFT) | Q(not_ready__gt=0) | Q(hidden__gt=0) | Q(failed__gt=0)
    return list(missions.filter(waiting).order_by("-updated_at")[:20])


def suggested_people(photo: Photo) -> list[Crewmember]:
    """Crewmembers the caption names who are not tagged yet."""
    tagged = {person.pk for person in photo.people.all()}
    return [person for person in Crewmember.objects.mentioned_in(photo.caption) if person.pk not in tagged]


# Bulk changes, by name, as the desk offers them.
BULK_ACTIONS = {
    "credit": "Set the credit",
    "license": "Set the license",
    "location": "Set the location",
    "taken_at": "Set the date taken",
    "add_keywords": "Add keywords",
    "remove_keywords": "Remove keywords",
    "add_people": "Tag people",
    "remove_people": "Untag people",
    "hide": "Hide",
    "show": "Show (unhide)",
    "release": "Release the held-back photos that are ready",
    "delete": "Delete",
}


def _keywords(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


def photos_bulk_apply(*, mission: Mission, photos: Iterable[Photo], action: str, values: dict[str, Any]) -> int:
    """Apply `action` to every photo of the selection, in one transaction; how many photos changed."""
    photos = list(photos)
    with transaction.atomic():
        content_changed(mission_slug=mission.slug)  # people tags and deletions save no photo row
        if action == "delete":
            for photo in photos:
                photo.delete()
            return len(photos)
        changed = 0
        for photo in photos:
            photo._change_reason = f"Desk: {BULK_ACTIONS[action].lower()}"  # type: ignore[attr-defined]
            if _apply_one(photo, action, values):
                # A hidden photo's renditions move to new addresses; a new credit or license rebuilds them.
                ingest.photo_save(photo=photo, rights_changed=action in ("credit", "license"))
                changed += 1
    return changed


def _apply_one(photo: Photo, action: str, values: dict[str, Any]) -> bool:
    """Change `photo` in memory (people are saved here); whether its row needs saving."""
    if action in ("add_people", "remove_people"):
        people: list[Crewmember] = values["people"]
        (photo.people.add if action == "add_people" else photo.people.remove)(*people)
        return False
    if action in ("add_keywords", "remove_keywords"):
        current, words = _keywords(photo.keywords), _keywords(values["keywords"])
        if action == "add_keywords":
            have = {word.casefold() for word in current}
            kept = current + [word for word in words if word.casefold() not in have]
        else:
            unwanted = {word.casefold() for word in words}
            kept = [word for word in current if word.casefold() not in unwanted]
        if kept == current:
            return False
        photo.keywords = ", ".join(kept)[:500]
        return True
    if action in ("hide", "show", "release"):  # release: shows the hidden photos that are ready
        hidden = {"hide": True, "show": False, "release": photo.is_hidden and not photo.is_ready}[action]
        if hidden == photo.is_hidden:
            return False
        photo.is_hidden = hidden
        return True
    if getattr(photo, action) == values[action]:  # credit, license, location, taken_at: the field's name
        return False
    setattr(photo, action, values[action])
    return True


def photos_order(*, mission: Mission, order: Sequence[int]) -> None:
    """Put the mission's photos in the order of the ids in `order`: every photo, each once, or
    ValueError. Only the photos that move are saved (and recorded in their history)."""
    with transaction.atomic():
        Mission.objects.select_for_update().filter(pk=mission.pk).first()
        photos = mission.photos.in_bulk()
        if sorted(photos) != sorted(order):
            raise ValueError("not every photo of the gallery, once each")
        moving = [photos[pk] for position, pk in enumerate(order) if photos[pk].position != position]
        if not moving:
            return
        with ingest.photos_reordering(mission=mission, photos=moving):
            for position, pk in enumerate(order):
                photos[pk].position = position
            bulk_update_with_history(moving, Photo, ["position"], batch_size=500, default_change_reason="Reordered")
        content_changed(mission_slug=mission.slug)
