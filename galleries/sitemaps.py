"""The sitemap: every public page, with Google's image extension on galleries and photo pages.

Rendered from our own template (galleries/sitemap.xml), so django.contrib.sitemaps need not be
installed; one query per kind of page, whatever the number of photos.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse

from galleries.models import Crewmember, Mission, Photo


@dataclass
class SitemapImage:
    loc: str
    title: str
    caption: str
    license: str


@dataclass
class SitemapEntry:
    loc: str
    lastmod: datetime | None = None
    images: list[SitemapImage] = field(default_factory=list)


def sitemap_entries(request: HttpRequest) -> list[SitemapEntry]:
    """Return the home page, each visible mission, photo and crewmember, with absolute addresses."""
    url = request.build_absolute_uri
    missions = list(Mission.objects.published().order_by("-published_at", "-pk"))
    photos_by_mission: dict[int, list[Photo]] = {}
    for photo in Photo.objects.published().for_display().order_by("mission", "position", "pk"):
        photos_by_mission.setdefault(photo.mission_id, []).append(photo)

    entries = [SitemapEntry(loc=url(reverse("galleries:mission-list")), lastmod=_latest(missions))]
    for mission in missions:
        photos = photos_by_mission.get(mission.pk, [])
        entries.append(
            SitemapEntry(
                loc=url(mission.get_absolute_url()),
                lastmod=max([mission.updated_at, *(photo.updated_at for photo in photos)]),
                images=[sitemap_image(request, photo) for photo in photos],
            )
        )
        entries += [
            SitemapEntry(
                loc=url(photo.get_absolute_url()), lastmod=photo.updated_at, images=[sitemap_image(request, photo)]
            )
            for photo in photos
        ]
    entries += [SitemapEntry(loc=url(person.get_absolute_url())) for person in Crewmember.objects.published()]
    return entries


def sitemap_image(request: HttpRequest, photo: Photo) -> SitemapImage:
    largest = photo.rendition_for(width=10**6)
    return SitemapImage(
        loc=request.build_absolute_uri(largest.url if largest else photo.image.url),
        title=photo.title,
        caption=photo.caption or photo.alt_text,
        license=photo.effective_license().url,
    )


def _latest(missions: list[Mission]) -> datetime | None:
    return max((mission.updated_at for mission in missions), default=None)
