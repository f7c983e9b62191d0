"""The content of tests/test_access.py's tables: published content and one of each thing readers
must not see, all holding one search word."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from galleries.models import Mission
from tests.factories import make_credit, make_crew, make_crewmember, make_mission, make_photo

SEARCH_TERM = "nebula"  # every title and name below holds it, so one search could find them all


@dataclass
class World:
    """Published content and one of each thing readers must not see, all matching SEARCH_TERM."""

    public: Mission
    draft: Mission
    scheduled: Mission
    photos: dict  # name -> Photo: "first", "second" (visible), "hidden", "draft", "scheduled"
    people: dict  # name -> Crewmember: "visible", "draft_only", "scheduled_only", "hidden_only"

    def secret_markers(self) -> list[str]:
        """Strings that no public response may contain."""
        markers = []
        for mission in (self.draft, self.scheduled):
            markers += [mission.title, mission.summary, mission.get_absolute_url()]
        for name in ("hidden", "draft", "scheduled"):
            photo = self.photos[name]
            markers += [
                photo.title,
                photo.caption,
                photo.alt_text,
                photo.location,
                str(photo.credit),
                photo.get_absolute_url(),
                photo.key.hex,  # in every rendition name and in the original's
            ]
        for name in ("draft_only", "scheduled_only", "hidden_only"):
            markers += [self.people[name].name, self.people[name].get_absolute_url()]
        # A keyword only unpublished photos have is no topic readers may see.
        markers += [f"{token}only topic" for token in ("Hidden", "Draft", "Scheduled")]
        markers += [f"/topics/{token}only-topic/" for token in ("hidden", "draft", "scheduled")]
        # Originals are private by design: with renditions made, no page links any of them.
        markers += [Path(photo.image.name).name for photo in self.photos.values()]
        return markers


def make_world() -> World:
    """One of each: the published mission with two visible photos, and what readers must not see."""
    now = timezone.now()
    public = make_mission(title="Nebula Skylab", slug="skylab", summary="Nebula Skylab summary", vehicle="Saturn V")
    draft = make_mission(
        title="Nebula Gemini", slug="gemini", summary="Gemini summary", status=Mission.Status.DRAFT, published_at=None
    )
    scheduled = make_mission(
        title="Nebula Apollo", slug="apollo", summary="Apollo summary", published_at=now + dt.timedelta(days=2)
    )
    people = {
        "visible": make_crewmember(name="Nebula Visible Person", slug="visible-person"),
        "draft_only": make_crewmember(name="Nebula Draftonly Person", slug="draftonly-person"),
        "scheduled_only": make_crewmember(name="Nebula Scheduledonly Person", slug="scheduledonly-person"),
        "hidden_only": make_crewmember(name="Nebula Hiddenonly Person", slug="hiddenonly-person"),
    }
    make_crew(public, people["visible"], role="Commander")
    make_crew(draft, people["visible"], role="Pilot")  # a published person with a draft assignment
    make_crew(draft, people["draft_only"])
    make_crew(scheduled, people["scheduled_only"])

    def photo(mission, name, **fields):
        token = name.capitalize()
        return make_photo(
            mission=mission,
            title=f"Nebula {token} frame",
            caption=f"{token} caption nebula",
            alt_text=f"{token} alt text",
            location=f"{token} place",
            keywords=f"Nebula topic, {token}only topic",
            credit=make_credit(photographer=f"{token} Shooter", organization="NASA"),
            **fields,
        )

    photos = {
        "first": photo(public, "first", people=[people["visible"]]),
        # Between the two visible photos, so previous/next and "1 of 2" must skip it.
        "hidden": photo(public, "hidden", is_hidden=True, people=[people["visible"], people["hidden_only"]]),
        "second": photo(public, "second"),
        "draft": photo(draft, "draft", people=[people["visible"], people["draft_only"]]),
        "scheduled": photo(scheduled, "scheduled", people=[people["scheduled_only"]]),
    }
    public.cover_photo = photos["hidden"]  # a hidden cover must not reach the home page, feed or cards
    public.save()
    return World(public=public, draft=draft, scheduled=scheduled, photos=photos, people=people)
