"""The sitemaps (django.contrib.sitemaps): every public page, with Google's image extension.

/sitemap.xml is an index of one sitemap per kind of page (/sitemap-<section>.xml), each split into
pages (?p=2…) of at most 50,000 addresses, as the protocol requires; galleries go 1,000 to a page,
each listing at most 1,000 images (Google's limit per page), so no file nears 50 MB. Galleries list
the images of their photos and each photo page its own; the template (galleries/sitemap.xml)
writes them in the order Google's image-sitemap schema requires. The index and every page take
a number of queries that does not grow with the photos.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Prefetch, QuerySet
from django.urls import reverse

from galleries.models import Crewmember, Mission, Photo, PhotoQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class PublicPhotos(TypedDict):
        public_photos: list[Photo]  # Prefetch(to_attr=...) in MissionSitemap.items()

    SitemapMission = WithAnnotations[Mission, PublicPhotos]


@dataclass(frozen=True)
class SitemapImage:
    """One <image:image> entry; its fields in the order the schema requires."""

    loc: str
    caption: str
    geo_location: str
    title: str
    license: str


class ImageSitemap(Sitemap):
    """A sitemap whose entries carry `images`: the photos `images(item)` returns that have renditions."""

    def images(self, item: Any) -> list[Photo]:
        return []

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None) -> list[dict[str, Any]]:
        urls = super().get_urls(page, site, protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            url["images"] = [image for photo in self.images(url["item"]) if (image := sitemap_image(photo, origin))]
        return urls


def sitemap_image(photo: Photo, origin: str) -> SitemapImage | None:
    """The largest rendition of `photo` with its words and licence; None until it has renditions
    (readers, and so search engines, are never given an original)."""
    largest = photo.rendition_for(width=10**6)
    if largest is None:
        return None
    url = largest.url
    return SitemapImage(
        loc=f"{origin}{url}" if url.startswith("/") else url,
        caption=photo.caption or photo.alt_text,
        geo_location=photo.location,
        title=photo.title,
        license=photo.effective_license().url,
    )


class HomeSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["galleries:mission-list"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> dt.datetime | None:
        return Mission.objects.published().order_by("-updated_at").values_list("updated_at", flat=True).first()


IMAGES_PER_PAGE = 1000  # Google reads at most 1,000 <image:image> entries per <url>


class MissionSitemap(ImageSitemap):
    limit = 1000

    def items(self) -> QuerySet[Mission]:
        photos = Prefetch("photos", queryset=sitemap_photos()[:IMAGES_PER_PAGE], to_attr="public_photos")
        return Mission.objects.published().order_by("-published_at", "-pk").prefetch_related(photos)

    def lastmod(self, item: SitemapMission) -> dt.datetime:
        return max([item.updated_at, *(photo.updated_at for photo in item.public_photos)])

    def get_latest_lastmod(self) -> dt.datetime | None:
        changed = [
            Mission.objects.published().aggregate(latest=Max("updated_at"))["latest"],
            sitemap_photos().aggregate(latest=Max("updated_at"))["latest"],
        ]
        return max((moment for moment in changed if moment), default=None)

    def images(self, item: SitemapMission) -> list[Photo]:
        return item.public_photos


class PhotoSitemap(ImageSitemap):
    def items(self) -> PhotoQuerySet:
        return sitemap_photos().order_by("-mission__published_at", "mission_id", "position", "pk")

    def lastmod(self, item: Photo) -> dt.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        return sitemap_photos().aggregate(latest=Max("updated_at"))["latest"]

    def images(self, item: Photo) -> list[Photo]:
        return [item]


class CrewmemberSitemap(Sitemap):
    def items(self) -> list[Crewmember]:
        return list(Crewmember.objects.published().order_by("slug"))


def sitemap_photos() -> PhotoQuerySet:
    return Photo.objects.published().for_display().in_order()


SITEMAPS: dict[str, Any] = {
    "home": HomeSitemap,
    "missions": MissionSitemap,
    "photos": PhotoSitemap,
    "crew": CrewmemberSitemap,
}
