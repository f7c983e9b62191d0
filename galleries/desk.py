"""The photo desk: a mission's photos as cards, described, changed many at once and reordered.

What the desk's views (galleries/admin/desk.py) ask of the data, with no HTTP in it: a page of a
gallery's cards under a filter, in a number of queries that does not grow with the gallery; the
whole gallery's counts; one photo's description; a change applied to a selection or to every
photo a filter matches; a new order, or one photo moved to a gallery position.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
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


def filter_condition(key: str) -> Q:
    """The photos a filter lists, as a condition on Photo's fields (the same rule as Card.filters)."""
    return {
        "all": Q(),
        "not-ready": ~ready_condition(),
        "held-back": released_condition() & ~ready_condition(),
        "shown": released_condition() & ready_condition(),
        "hidden": ~released_condition(),
    }[key]


@dataclass
class Card:
    """One photo as the desk shows it, with its badges and its place in the gallery (1 is first)."""

    photo: Photo
    state: str  # "shown", "held-back" or "hidden"
    problems: list[str]
    tiny: bool
    duplicates: list[Photo] = field(default_factory=list)
    position: int | None = None  # None where only the badges are shown

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


@dataclass(frozen=True)
class Summary:
    """The whole gallery counted, whatever page of it is on screen: photos per filter, and how
    many lack a title or alt text."""

    counts: dict[str, int]
    missing: dict[str, int]

    def by_filter(self) -> list[tuple[str, str, int]]:
        """Each filter's key, label and how many photos it lists."""
        return [(key, label, self.counts[key]) for key, label in FILTERS.items()]

    def __str__(self) -> str:
        """ "34 photos: 30 shown, 3 held back, 1 hidden; 1 missing alt text"."""
        total = self.counts["all"]
        labels = (("shown", "shown"), ("held-back", "held back"), ("hidden", "hidden"))
        parts = [f"{self.counts[key]:,} {label}" for key, label in labels if self.counts[key]]
        lacks = [f"{count:,} missing {what}" for what, count in self.missing.items() if count]
        text = f"{total:,} photo{'' if total == 1 else 's'}"
        if parts:
            text += ": " + ", ".join(parts)
        if lacks:
            text += "; " + ", ".join(lacks)
        return text


@dataclass
class DeskPage:
    """One page of a gallery's cards under a filter, with the whole gallery's summary."""

    cards: list[Card]
    page: Page
    filter: str
    summary: Summary

    @property
    def label(self) -> str:
        return FILTERS[self.filter]

    @property
    def matching(self) -> int:
        """How many photos the filter lists, on every page."""
        return self.summary.counts[self.filter]

    @property
    def page_range(self) -> list[int | str]:
        """The page numbers to link, "…" where some are left out."""
        return list(self.page.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1))


def desk_photos(mission: Mission) -> QuerySet[Photo]:
    return mission.photos.in_order().select_related("credit", "license").prefetch_related("people")


def desk_summary(mission: Mission) -> Summary:
    """The gallery's counts, in one query."""
    counts = mission.photos.aggregate(
        **{key.replace("-", "_"): Count("pk", filter=filter_condition(key) or None) for key in FILTERS},
        no_alt_text=Count("pk", filter=Q(alt_text="")),
        no_title=Count("pk", filter=Q(title="")),
    )
    return Summary(
        counts={key: counts[key.replace("-", "_")] for key in FILTERS},
        missing={"alt text": counts["no_alt_text"], "title": counts["no_title"]},
    )


def gallery_positions(mission: Mission) -> dict[int, int]:
    """Each photo's place in the gallery, 1 for the first: one query of ids."""
    ids = mission.photos.in_order().values_list("pk", flat=True)
    return {pk: position for position, pk in enumerate(ids, start=1)}


def desk_page(mission: Mission, *, filter: str = "all", number: int | str = 1) -> DeskPage:
    """Page `number` ("last" for the last) of the cards `filter` lists, in gallery order. A number
    out of range gives the nearest page; a filter not known, "all"."""
    filter = filter if filter in FILTERS else "all"
    summary = desk_summary(mission)
    # A setting may set the page size; 100 cards keep the page quick and the selection in view.
    per_page = settings.GALLERIES_DESK_PAGE_SIZE
    paginator = Paginator(range(summary.counts[filter]), per_page)
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    offset = (page.number - 1) * paginator.per_page
    photos = list(desk_photos(mission).filter(filter_condition(filter))[offset : offset + paginator.per_page])
    if filter == "all":  # a contiguous run of the gallery
        positions = {photo.pk: offset + index for index, photo in enumerate(photos, start=1)}
    else:
        positions = gallery_positions(mission)
    return DeskPage(desk_cards(photos, mission=mission, positions=positions), page, filter, summary)


def desk_cards(photos: Sequence[Photo], *, mission: Mission, positions: Mapping[int, int] | None = None) -> list[Card]:
    """Cards for `photos` of `mission`: one query for duplicates elsewhere, whatever their number."""
    others: dict[str, list[Photo]] = {}
    digests = {photo.sha256 for photo in photos if photo.sha256}
    if digests:
        elsewhere = Photo.objects.filter(sha256__in=digests).exclude(mission=mission).select_related("mission")
        for other in elsewhere.order_by("mission__title", "position")[:500]:
            others.setdefault(other.sha256, []).append(other)
    tiny_below = settings.GALLERIES_DESK_TINY_WIDTH
    positions = positions or {}
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
                position=positions.get(photo.pk),
            )
        )
    return cards


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
    ValueError. Only the photos that move are read whole and saved (and recorded in their history)."""
    with transaction.atomic():
        Mission.objects.select_for_update().filter(pk=mission.pk).first()
        current = dict(mission.photos.values_list("pk", "position"))
        if sorted(current) != sorted(order):
            raise ValueError("not every photo of the gallery, once each")
        wanted = {pk: position for position, pk in enumerate(order)}
        photos = mission.photos.in_bulk([pk for pk, position in wanted.items() if current[pk] != position])
        if not photos:
            return
        moving = list(photos.values())
        with ingest.photos_reordering(mission=mission, photos=moving):
            for photo in moving:
                photo.position = wanted[photo.pk]
            bulk_update_with_history(moving, Photo, ["position"], batch_size=500, default_change_reason="Reordered")
        content_changed(mission_slug=mission.slug)


def photo_move(*, mission: Mission, photo_id: int, to: int) -> int:
    """Put one photo of the mission at gallery position `to` (1 is first; past either end, at that
    end), the others keeping their order; the position it now has. ValueError for a photo of
    another gallery.

    Where the positions run 0, 1, 2… without gaps, the photos in between shift by one with two
    UPDATEs (whatever their number) and only the moved photo's history records the move;
    otherwise the whole order is saved once, which closes the gaps."""
    with transaction.atomic():
        Mission.objects.select_for_update().filter(pk=mission.pk).first()
        order = list(mission.photos.in_order().values_list("pk", "position"))
        pks = [pk for pk, _ in order]
        if photo_id not in pks:
            raise ValueError("not a photo of this gallery")
        start = pks.index(photo_id)
        index = max(0, min(len(pks) - 1, to - 1))
        if any(position != n for n, (_, position) in enumerate(order)):
            pks.insert(index, pks.pop(start))
            photos_order(mission=mission, order=pks)
            return index + 1
        if index != start:
            photo = mission.photos.get(pk=photo_id)
            low, high, step = (index, start - 1, 1) if index < start else (start + 1, index, -1)
            with ingest.photos_reordering(mission=mission, photos=[photo]):
                between = mission.photos.filter(position__gte=low, position__lte=high)
                parked = 2 * len(pks) + 1  # past every position and the moved photo's parking place
                between.update(position=F("position") + parked)
                mission.photos.filter(position__gte=low + parked, position__lte=high + parked).update(
                    position=F("position") - parked + step
                )
                photo.position = index
                photo._change_reason = "Moved"  # type: ignore[attr-defined]
                photo.save(update_fields=["position"])
            content_changed(mission_slug=mission.slug)
    return index + 1
