"""The Atom feed of published missions, newest first, each with its cover image."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Enclosure

from galleries.models import Mission, Photo, Rendition

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class FeedExtras(TypedDict):
        """What each mission of the feed carries besides its fields."""

        cover_id: int | None  # from with_cover_ids()
        photo_count: int  # from with_photo_counts()
        cover: Photo | None  # set by items(), like the two below
        cover_image: Rendition | None
        cover_url: str

    FeedMission = WithAnnotations[Mission, FeedExtras]

FEED_LENGTH = 20


class MissionFeed(Feed):
    feed_type = Atom1Feed
    title = "Expedition: mission galleries"
    subtitle = "Photo galleries of human spaceflight missions."
    link = reverse_lazy("galleries:mission-list")
    feed_url = reverse_lazy("galleries:mission-feed")
    description_template = "galleries/feed_description.html"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpRequest:
        # The request is the feed's "object", so items can carry absolute image addresses:
        # one Feed instance serves every request, so nothing request-bound may live on self.
        return request

    def items(self, request: HttpRequest) -> list[FeedMission]:
        missions = cast(
            "list[FeedMission]",
            list(
                Mission.objects.published()
                .with_cover_ids()
                .with_photo_counts()
                .order_by("-published_at", "-pk")[:FEED_LENGTH]
            ),
        )
        covers = Photo.objects.for_display().by_pk([mission.cover_id for mission in missions])
        for mission in missions:
            mission.cover = covers.get(mission.cover_id) if mission.cover_id else None
            image = mission.cover.rendition_for(width=1200) if mission.cover else None
            mission.cover_image = image
            mission.cover_url = request.build_absolute_uri(image.url) if image else ""
        return missions

    def item_title(self, mission: Mission) -> str:
        return mission.title

    def item_pubdate(self, mission: Mission) -> dt.datetime | None:
        return mission.published_at

    def item_updateddate(self, mission: Mission) -> dt.datetime:
        return max(mission.updated_at, mission.published_at or mission.updated_at)

    def item_author_name(self, mission: Mission) -> str:
        return mission.author_name

    def item_categories(self, mission: Mission) -> list[str]:
        return [mission.vehicle] if mission.vehicle else []

    def item_enclosures(self, mission: FeedMission) -> list[Enclosure]:
        image = mission.cover_image
        if not image:
            return []
        return [Enclosure(url=mission.cover_url, length=str(image.bytes), mime_type=image.mime_type)]
