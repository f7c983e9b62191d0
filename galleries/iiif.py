"""IIIF Image API 3.0, level 0: a published photo's deep-zoom tiles for any IIIF viewer.

`/iiif/3/photo-<pk>/info.json` describes the tiles recorded on the row (no storage call) and
`/iiif/3/photo-<pk>/<region>/<size>/0/default.jpg` streams one stored tile. Anything a reader may
not see (draft or scheduled mission, hidden or unready photo, no tiles, a region or size that was
never made) answers 404. Both are for other sites' viewers too, hence CORS.

Caching: the address carries no key, so a browser or CDN must not keep a tile past the photo's
withdrawal. Responses say `no-cache` with an ETag made from the tiles' storage name: every use
revalidates (one indexed query, no storage call, a 304 with no body), and a hidden photo's tiles
are gone at once. They never enter the page cache (/iiif/ is among its uncached prefixes).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import path, reverse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from galleries.imaging import tiles
from galleries.models import Photo
from galleries.storage import storage_errors

CONTEXT = "http://iiif.io/api/image/3/context.json"
INFO_TYPE = f'application/ld+json;profile="{CONTEXT}"'
# The `rights` property takes only these (IIIF Presentation 3.0 §3.3, Image 3.0 §5.5).
RIGHTS_PREFIXES = ("http://creativecommons.org/", "https://creativecommons.org/", "http://rightsstatements.org/")
REGION = re.compile(r"(\d{1,6}),(\d{1,6}),(\d{1,6}),(\d{1,6})")
SIZE = re.compile(r"(\d{1,6})?,(\d{1,6})?")


def _zoomable(pk: int) -> Photo:
    """The published photo `pk` if it has tiles for its current picture, else 404."""
    photo = Photo.objects.published().select_related("credit__default_license", "license").filter(pk=pk).first()
    if photo is None or not photo.has_zoom:
        raise Http404("No such image")
    return photo


def _shared(response: HttpResponseBase, etag: str) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, no-cache"
    response["ETag"] = etag
    return response


def _etag(photo: Photo, *parts: str) -> str:
    digest = hashlib.sha256("/".join((photo.zoom["prefix"], *parts)).encode()).hexdigest()[:24]
    return f'"{digest}"'


def service_reference(photo: Photo, absolute: Callable[[str], str]) -> list[dict[str, Any]]:
    """How a IIIF Presentation 3.0 resource (a manifest's painted image) names `photo`'s image
    service, when it has tiles: `absolute` makes a path an absolute URL (request.build_absolute_uri)."""
    if not photo.has_zoom:
        return []
    base = absolute(reverse("galleries:iiif-base", kwargs={"pk": photo.pk}))
    return [{"id": base, "type": "ImageService3", "profile": "level0"}]


@require_safe
def image_info(request: HttpRequest, pk: int) -> HttpResponseBase:
    photo = _zoomable(pk)
    zoom = photo.zoom
    license_url = photo.effective_license().url
    etag = _etag(photo, "info", license_url)
    if (unchanged := get_conditional_response(request, etag=etag)) is not None:
        return _shared(unchanged, etag)
    info = {
        "@context": CONTEXT,
        "id": request.build_absolute_uri(reverse("galleries:iiif-base", kwargs={"pk": pk})),
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": zoom["width"],
        "height": zoom["height"],
        "sizes": [{"width": w, "height": h} for w, h in zoom["sizes"]],
        "tiles": [{"width": zoom["tile"], "scaleFactors": zoom["scale_factors"]}],
    }
    # The largest whole picture stored: `full/max` answers it (level 0 requires full/max "up to the
    # limits specified"), and no request wider or taller than it is served (tiles are smaller).
    largest_width, largest_height = max(tuple(size) for size in zoom["sizes"])
    info["maxWidth"], info["maxHeight"] = largest_width, largest_height
    if license_url.startswith(RIGHTS_PREFIXES):
        info["rights"] = license_url
    return _shared(JsonResponse(info, content_type=INFO_TYPE), etag)


@require_safe
def image_base(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The service's base address (info.json's id) leads to info.json, as the spec recommends."""
    _zoomable(pk)
    response = HttpResponseRedirect(reverse("galleries:iiif-info", kwargs={"pk": pk}), status=303)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def stored_path(region: str, size: str, zoom: dict) -> str | None:
    """The stored file answering `region`/`size` (any form of them a level 0 client may send for
    a stored tile: `full` or `x,y,w,h`; `w,h`, `w,`, `,h` or `max`), or None."""
    width, height = zoom["width"], zoom["height"]
    layout = tiles.stored_layout(
        width,
        height,
        tile_size=zoom["tile"],
        factors=tuple(zoom["scale_factors"]),
        sizes=tuple((w, h) for w, h in zoom["sizes"]),
    )
    if (match := REGION.fullmatch(region)) and tuple(map(int, match.groups())) == (0, 0, width, height):
        region = "full"
    stored = layout.get(region, ())
    if not stored:
        return None
    if size == "max" and region == "full":  # the largest whole picture stored: info.json's maxWidth
        return tiles.image_path(region, max(stored))
    if size == "max":
        wanted = max(stored, default=None)
        # max is the region at full size: only a full-size tile has it
        full = (width, height) if region == "full" else tuple(map(int, region.split(",")[2:]))
        return tiles.image_path(region, wanted) if wanted == full else None
    match = SIZE.fullmatch(size)
    if not match or match.groups() == (None, None):
        return None
    w, h = (int(value) if value else None for value in match.groups())
    found = [s for s in stored if (w is None or s[0] == w) and (h is None or s[1] == h)]
    return tiles.image_path(region, found[0]) if len(found) == 1 else None


@require_safe
def image_tile(request: HttpRequest, pk: int, region: str, size: str) -> HttpResponseBase:
    photo = _zoomable(pk)
    found = stored_path(region, size, photo.zoom)
    if found is None:
        raise Http404("No such tile")
    etag = _etag(photo, found)
    if (unchanged := get_conditional_response(request, etag=etag)) is not None:
        return _shared(unchanged, etag)
    try:
        stored = default_storage.open(f"{photo.zoom['prefix']}/{found}", "rb")
    except FileNotFoundError as exc:  # deleted by a retire that committed after our query
        raise Http404("No such tile") from exc
    except storage_errors():
        return HttpResponse("The image store does not answer; try again shortly.", status=503)
    return _shared(FileResponse(stored, content_type="image/jpeg"), etag)


# Included under /iiif/3/ by galleries.urls; other IIIF resources (manifests) go beside these.
urlpatterns = [
    path("photo-<int:pk>", image_base, name="iiif-base"),
    path("photo-<int:pk>/info.json", image_info, name="iiif-info"),
    path("photo-<int:pk>/<str:region>/<str:size>/0/default.jpg", image_tile, name="iiif-tile"),
]
