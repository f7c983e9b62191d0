"""oEmbed 1.0 for gallery and photo pages, and the embeddable gallery page its iframes show.

Partner sites paste a gallery's or a photo's address; their CMS asks /oembed/?url=… and gets a
`rich` answer (an iframe of /embed/missions/<slug>/) for a gallery, or a `photo` answer (a JPEG
rendition that fits maxwidth × maxheight) for a photo. Both apply the visibility rule: anything a
reader may not see answers 404, and once it is withdrawn the iframe's page and the rendition
addresses answer 404 too (the embed page is cached per mission, galleries.cache), so a cached
oEmbed answer elsewhere shows nothing withdrawn.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from galleries.models import Mission, Photo, Rendition
from galleries.views import public_page

PROVIDER_NAME = "Expedition"
# A hint to consumers: the embedded iframe page and rendition addresses are withdrawn at the
# source the moment a photo or gallery stops being public, whatever a consumer keeps.
CACHE_AGE = 3600
RICH_SIZE = (640, 480)  # the iframe's size when the consumer sets no maximum
EMBED_PHOTOS = 24  # photos an embedded gallery shows; a link leads to the rest
MAX_DIMENSION = 10_000


class OEmbedError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def full_frame_jpegs(photo: Photo) -> list[Rendition]:
    """The photo's JPEG renditions of the whole frame, narrowest first: entries with a `crop` key
    (focal-point crops) show part of the picture and are never embedded."""
    fields = ("width", "height", "format", "bytes", "name")
    entries = (entry for entry in photo.renditions if entry.get("format") == "JPEG" and "crop" not in entry)
    return sorted((Rendition(**{key: entry[key] for key in fields}) for entry in entries), key=lambda r: r.width)


def fitting(renditions: list[Rendition], max_width: int | None, max_height: int | None) -> Rendition | None:
    """The largest of `renditions` no wider than `max_width` and no taller than `max_height`."""
    fits = [r for r in renditions if r.width <= (max_width or r.width) and r.height <= (max_height or r.height)]
    return fits[-1] if fits else None


def _dimension(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_DIMENSION:
        raise OEmbedError(400, f"{name} must be a whole number of pixels from 1 to {MAX_DIMENSION}.")
    return int(raw)


def _target(request: HttpRequest, url: str) -> tuple[str, dict[str, Any]]:
    """The page `url` names on this site: ("mission-detail" or "photo-detail", its kwargs)."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # "http://[::1/…": not an address at all
        raise OEmbedError(404, "Not a page of this site.") from exc
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != request.get_host().lower():
        raise OEmbedError(404, "Not a page of this site.")
    try:
        match = resolve(parts.path or "/")
    except Resolver404 as exc:
        raise OEmbedError(404, "No such page.") from exc
    if match.namespace != "galleries" or match.url_name not in ("mission-detail", "photo-detail"):
        raise OEmbedError(404, "Only gallery and photo pages can be embedded.")
    return match.url_name, match.kwargs


@require_safe
@public_page
def oembed(request: HttpRequest) -> HttpResponse:
    """The oEmbed answer for ?url= (a gallery or photo page), in JSON; XML answers 501, as the spec allows."""
    try:
        fmt = request.GET.get("format", "json")
        if fmt != "json":
            raise OEmbedError(501, "Only format=json is provided.")
        url = request.GET.get("url", "").strip()
        if not url:
            raise OEmbedError(400, "Give the page's address as ?url=.")
        max_width, max_height = _dimension(request, "maxwidth"), _dimension(request, "maxheight")
        name, kwargs = _target(request, url)
        if name == "mission-detail":
            data = mission_oembed(request, kwargs["slug"], max_width, max_height)
        else:
            data = photo_oembed(request, kwargs["mission_slug"], kwargs["pk"], max_width, max_height)
    except OEmbedError as exc:
        return HttpResponse(str(exc), status=exc.status, content_type="text/plain; charset=utf-8")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # consumers may ask from a browser
    return response


def _common(request: HttpRequest, title: str, author_name: str) -> dict[str, Any]:
    return {
        "version": "1.0",
        "title": title,
        "author_name": author_name,
        "provider_name": PROVIDER_NAME,
        "provider_url": request.build_absolute_uri(reverse("galleries:mission-list")),
        "cache_age": CACHE_AGE,
    }


def _thumbnail(request: HttpRequest, photo: Photo | None, max_width: int | None, max_height: int | None) -> dict:
    """thumbnail_url, _width and _height (all three or none), within maxwidth × maxheight."""
    renditions = full_frame_jpegs(photo) if photo else []
    thumb = fitting(renditions[:1], max_width, max_height)
    if thumb is None:
        return {}
    return {
        "thumbnail_url": request.build_absolute_uri(thumb.url),
        "thumbnail_width": thumb.width,
        "thumbnail_height": thumb.height,
    }


def mission_oembed(request: HttpRequest, slug: str, max_width: int | None, max_height: int | None) -> dict:
    """A `rich` answer: an iframe of the embed page, as large as RICH_SIZE or the maximums allow."""
    mission = Mission.objects.published().with_cover_ids().filter(slug=slug).first()
    if mission is None:
        raise OEmbedError(404, "No such gallery.")
    shown = Photo.objects.published().filter(mission=mission).for_display()
    cover_id = getattr(mission, "cover_id", None)  # from with_cover_ids(): the cover, else the first shown
    cover = shown.filter(pk=cover_id).first() if cover_id else None
    width = min(RICH_SIZE[0], max_width or RICH_SIZE[0])
    height = min(RICH_SIZE[1], max_height or RICH_SIZE[1])
    title = f"{mission.title}: the mission in photos"
    src = request.build_absolute_uri(reverse("galleries:embed-mission", kwargs={"slug": mission.slug}))
    html = format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe>',
        src,
        width,
        height,
        title,
    )
    return {
        "type": "rich",
        **_common(request, title, mission.author_name or PROVIDER_NAME),
        "html": str(html),
        "width": width,
        "height": height,
        **_thumbnail(request, cover, max_width, max_height),
    }


def photo_oembed(request: HttpRequest, slug: str, pk: int, max_width: int | None, max_height: int | None) -> dict:
    """A `photo` answer: the largest full-frame JPEG rendition within the maximums."""
    photo = Photo.objects.published().for_display().filter(mission__slug=slug, pk=pk).first()
    if photo is None:
        raise OEmbedError(404, "No such photo.")
    image = fitting(full_frame_jpegs(photo), max_width, max_height)
    if image is None:
        raise OEmbedError(404, "No picture of this photo is that small.")
    return {
        "type": "photo",
        **_common(request, photo.title, str(photo.credit)),
        "url": request.build_absolute_uri(image.url),
        "width": image.width,
        "height": image.height,
        **_thumbnail(request, photo, max_width, max_height),
    }


def oembed_discovery_url(request: HttpRequest, page_path: str) -> str:
    """The address a discovery <link> gives for the page at `page_path`."""
    query = urlencode({"url": request.build_absolute_uri(page_path), "format": "json"})
    return request.build_absolute_uri(f"{reverse('galleries:oembed')}?{query}")


def _framable_csp() -> dict[str, Any]:
    return {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


@require_safe
@xframe_options_exempt
@csp_override(_framable_csp())
@public_page
def embed_mission(request: HttpRequest, slug: str) -> HttpResponse:
    """A gallery to show inside another site's iframe: its first photos, each with its credit,
    linking to the real pages in a new tab. Any site may frame this page, and only this page."""
    mission = get_object_or_404(Mission.objects.published(), slug=slug)
    shown = Photo.objects.published().filter(mission=mission)
    photos = list(shown.in_order().for_display()[:EMBED_PHOTOS])
    total = len(photos) if len(photos) < EMBED_PHOTOS else shown.count()
    return render(request, "galleries/embed_mission.html", {"mission": mission, "photos": photos, "total": total})
