"""Atom feeds of one gallery's photos and of the photos a crewmember is shown in, newest first.

Readers follow a mission or an astronaut in a feed reader. Each entry is a photo page with its
title, credit, caption and a JPEG rendition of the whole frame (never the original); the feeds go
through the same visibility rule as the pages, so a draft's feed is a 404 and a withdrawn photo
leaves the feed at once (the page cache keeps a mission's feed with that mission's pages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure

from galleries.embeds import full_frame_jpegs
from galleries.models import Crewmember, Mission, Photo, PhotoQuerySet, Rendition

FEED_LENGTH = 50
FEED_IMAGE_WIDTH = 1200


@dataclass(frozen=True)
class Subject:
    """What a feed is of, with the request (one Feed instance serves every request: nothing
    request-bound may live on it)."""

    item: Model
    request: HttpRequest
    photos: PhotoQuerySet


def feed_image(photo: Photo) -> Rendition | None:
    """The narrowest full-frame JPEG rendition FEED_IMAGE_WIDTH wide or more, else the widest."""
    renditions = full_frame_jpegs(photo)
    return next((r for r in renditions if r.width >= FEED_IMAGE_WIDTH), renditions[-1] if renditions else None)


class PhotoFeed(Feed):
    feed_type = Atom1Feed
    description_template = "galleries/photo_feed_description.html"

    def items(self, subject: Subject) -> list[Photo]:
        photos = list(subject.photos.for_display().order_by("-created_at", "-pk")[:FEED_LENGTH])
        for photo in photos:
            image = feed_image(photo)
            photo.feed_image = image  # type: ignore[attr-defined]
            photo.feed_image_url = subject.request.build_absolute_uri(image.url) if image else ""  # type: ignore[attr-defined]
        return photos

    def link(self, subject: Subject) -> str:
        return subject.item.get_absolute_url()  # type: ignore[attr-defined]

    def item_title(self, photo: Photo) -> str:
        return photo.title

    def item_author_name(self, photo: Photo) -> str:
        return str(photo.credit)

    def item_pubdate(self, photo: Photo) -> dt.datetime:
        return photo.created_at

    def item_updateddate(self, photo: Photo) -> dt.datetime:
        return photo.updated_at

    def item_categories(self, photo: Photo) -> list[str]:
        return [word.strip() for word in photo.keywords.split(",") if word.strip()]

    def item_enclosures(self, photo: Any) -> list[Enclosure]:
        image: Rendition | None = photo.feed_image
        if image is None:
            return []
        return [Enclosure(url=photo.feed_image_url, length=str(image.bytes), mime_type=image.mime_type)]


class MissionPhotoFeed(PhotoFeed):
    def get_object(self, request: HttpRequest, *args: Any, slug: str = "", **kwargs: Any) -> Subject:
        mission = get_object_or_404(Mission.objects.published(), slug=slug)
        return Subject(mission, request, Photo.objects.published().filter(mission=mission))

    def title(self, subject: Subject) -> str:
        return f"Expedition: {subject.item}, the mission in photos"

    def feed_url(self, subject: Subject) -> str:
        return reverse("galleries:mission-photo-feed", kwargs={"slug": subject.item.slug})  # type: ignore[attr-defined]


class CrewmemberPhotoFeed(PhotoFeed):
    def get_object(self, request: HttpRequest, *args: Any, slug: str = "", **kwargs: Any) -> Subject:
        crewmember = get_object_or_404(Crewmember.objects.published(), slug=slug)
        return Subject(crewmember, request, Photo.objects.published().showing(crewmember))

    def title(self, subject: Subject) -> str:
        return f"Expedition: photos of {subject.item}"

    def feed_url(self, subject: Subject) -> str:
        return reverse("galleries:crewmember-photo-feed", kwargs={"slug": subject.item.slug})  # type: ignore[attr-defined]
