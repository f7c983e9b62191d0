"""The sitemaps (django.contrib.sitemaps): every public page, with Google's image extension.

/sitemap.xml is an index of one sitemap per kind of page (/sitemap-<section>.xml), each split into
pages (?p=2…) far below the protocol's 50,000 addresses and 50 MB, so that every page renders in a
fraction of a second: photo pages 250 to a sitemap page (each with its image), galleries 5 (each
with the images of the photos its first page shows). The template (galleries/sitemap.xml) writes
the images in the order Google's image-sitemap schema requires. The index and every page take a
number of queries that does not grow with the photos; on PostgreSQL the shown-photos indexes
(migration 0007) answer the counts, orders and last changes without reading the photos' rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Prefetch, QuerySet
from django.urls import reverse

from galleries.models import Crewmember, Mission, Photo, PhotoQuerySet
from galleries.models.topics import Topic

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django_stubs_ext import WithAnnotations

    class PublicPhotos(TypedDict):
        public_photos: list[Photo]  # Prefetch(to_attr=...) in MissionSitemap.items()
        photos_updated_at: dt.datetime | None  # from with_photos_updated_at()

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


MISSIONS_PER_PAGE = 5  # each with up to a gallery page of images: at most about 110 KB a sitemap page
PHOTOS_PER_PAGE = 250  # each with its image: about 160 KB a sitemap page
# Photo pages gallery by gallery as they were created, each in the editor's order: the order of
# the shown-photos index, so a page's keys need no sort, and a new gallery leaves earlier pages be.
PHOTO_ORDER = ("mission_id", "position", "pk")


class MissionSitemap(ImageSitemap):
    limit = MISSIONS_PER_PAGE

    def items(self) -> QuerySet[Mission]:
        from galleries.views import GALLERY_PAGE_SIZE  # views import this module

        # The images of the photos a gallery's first page shows; every photo's is also in its own entry.
        photos = Prefetch("photos", queryset=sitemap_photos()[:GALLERY_PAGE_SIZE], to_attr="public_photos")
        return (
            Mission.objects.published()
            .with_photos_updated_at()
            .order_by("-published_at", "-pk")
            .prefetch_related(photos)
        )

    def lastmod(self, item: SitemapMission) -> dt.datetime:
        return max(moment for moment in (item.updated_at, item.photos_updated_at) if moment)

    def get_latest_lastmod(self) -> dt.datetime | None:
        missions = Mission.objects.published().order_by("-updated_at").values_list("updated_at", flat=True)
        changed = [missions.first(), latest_photo_change()]
        return max((moment for moment in changed if moment), default=None)

    def images(self, item: SitemapMission) -> list[Photo]:
        return item.public_photos


class PhotoPages:
    """The published photos in PHOTO_ORDER as the Paginator slices them: a page's keys are found
    from the index alone (OFFSET skips keys, not rows), then only that page's photos are read."""

    def __init__(self) -> None:
        self.keys = Photo.objects.published().order_by(*PHOTO_ORDER)

    def count(self) -> int:
        return self.keys.count()

    def __iter__(self) -> Iterator[Photo]:
        return iter(sitemap_photos().order_by(*PHOTO_ORDER))

    def __getitem__(self, window: slice) -> list[Photo]:
        return list(sitemap_photos().filter(pk__in=self.keys.values("pk")[window]).order_by(*PHOTO_ORDER))


class PhotoSitemap(ImageSitemap):
    limit = PHOTOS_PER_PAGE

    def items(self) -> PhotoPages:
        return PhotoPages()

    def lastmod(self, item: Photo) -> dt.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        return latest_photo_change()

    def images(self, item: Photo) -> list[Photo]:
        return [item]


class CrewmemberSitemap(Sitemap):
    def items(self) -> list[Crewmember]:
        return list(Crewmember.objects.published().order_by("slug"))


TOPICS_PER_PAGE = 1000


class TopicSitemap(Sitemap):
    """Topic pages with at least one published photo, each last changed when its newest photo did.

    One pass over the published photos' topics finds both (160 ms for 100,000 photos with 300,000
    topic links on PostgreSQL; a subquery per topic took 600 ms), then the topics' slugs."""

    limit = TOPICS_PER_PAGE

    def items(self) -> list[tuple[str, dt.datetime]]:
        changed = dict(
            Photo.objects.published()
            .order_by()
            .values("topics")
            .annotate(last=Max("updated_at"))
            .values_list("topics", "last")
        )
        slugs = Topic.objects.order_by("slug").values_list("pk", "slug")
        return [(slug, changed[pk]) for pk, slug in slugs.iterator(chunk_size=2000) if pk in changed]

    def location(self, item: tuple[str, dt.datetime]) -> str:
        return reverse("galleries:topic-detail", kwargs={"slug": item[0]})

    def lastmod(self, item: tuple[str, dt.datetime]) -> dt.datetime:
        return item[1]

    def get_latest_lastmod(self) -> dt.datetime | None:
        return latest_photo_change()


def sitemap_photos() -> PhotoQuerySet:
    return Photo.objects.published().for_display().in_order()


def latest_photo_change() -> dt.datetime | None:
    """When a published photo last changed: the newest first rather than Max(), which PostgreSQL
    cannot answer from an index once the query joins the missions."""
    return Photo.objects.published().order_by("-updated_at").values_list("updated_at", flat=True).first()


SITEMAPS: dict[str, Any] = {
    "home": HomeSitemap,
    "missions": MissionSitemap,
    "photos": PhotoSitemap,
    "crew": CrewmemberSitemap,
    "topics": TopicSitemap,
}
