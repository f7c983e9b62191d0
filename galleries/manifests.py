"""IIIF Presentation API 3.0 manifests: a public gallery as viewers such as Mirador open it.

`/iiif/3/missions/<slug>/manifest.json` lists one canvas per photo readers see, in gallery order,
each painted with its largest JPEG rendition (never the original) and, where the photo has
deep-zoom tiles, their IIIF Image API service. Built by hand rather than with iiif-prezi3: that
library pins Pillow 12.0 or older, and the pipeline needs Pillow 13; a manifest is plain JSON whose
shape the tests check against the specification's requirements.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from galleries import iiif
from galleries.cache import VERSION_KEY, content_versions, mission_key
from galleries.models import Mission, Photo, Rendition
from galleries.templatetags.galleries import absolute_urls

logger = logging.getLogger(__name__)

PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
CONTENT_TYPE = f'application/ld+json;profile="{PRESENTATION_CONTEXT}"'
# `rights` may only name a Creative Commons licence or a RightsStatements.org statement (3.0 §3.3.1);
# other licences (NASA's media guidelines) are stated in requiredStatement and metadata instead.
RIGHTS_URI = re.compile(r"^https?://(creativecommons\.org/(licenses|publicdomain)/|rightsstatements\.org/vocab/)")
CREDITS_NAMED = 10  # the manifest's attribution names this many credits, then "and others"
THUMBNAIL_WIDTH = 400
LANGUAGE = "en"

Absolute = Callable[[str], str]


def text(value: str) -> dict[str, list[str]]:
    """A IIIF language map of one English value."""
    return {LANGUAGE: [value]}


def entry(label: str, value: str) -> dict[str, Any]:
    return {"label": text(label), "value": text(value)}


def image_service(photo: Photo, absolute: Absolute) -> list[dict[str, Any]]:
    """The IIIF Image API service of `photo`'s deep-zoom tiles, when it has them."""
    return iiif.service_reference(photo, absolute)


def image_body(rendition: Rendition, absolute: Absolute) -> dict[str, Any]:
    return {
        "id": absolute(rendition.url),
        "type": "Image",
        "format": rendition.mime_type,
        "width": rendition.width,
        "height": rendition.height,
    }


def canvas(photo: Photo, base: str, absolute: Absolute) -> dict[str, Any] | None:
    """One photo as a canvas of its full size, painted with its largest JPEG rendition."""
    largest = photo.rendition_for(width=photo.width or 1)
    if largest is None:
        return None
    canvas_id = f"{base}/canvas/{photo.pk}"
    body = image_body(largest, absolute)
    if service := image_service(photo, absolute):
        body["service"] = service
    license = photo.effective_license()
    shown: dict[str, Any] = {
        "id": canvas_id,
        "type": "Canvas",
        "label": text(photo.title),
        "width": photo.width or largest.width,
        "height": photo.height or largest.height,
        "requiredStatement": entry("Credit", f"{photo.credit}. {license.name}"),
        "homepage": [
            {
                "id": absolute(photo.get_absolute_url()),
                "type": "Text",
                "label": text(photo.title),
                "format": "text/html",
            }
        ],
        "items": [
            {
                "id": f"{canvas_id}/page",
                "type": "AnnotationPage",
                "items": [
                    {
                        "id": f"{canvas_id}/page/painting",
                        "type": "Annotation",
                        "motivation": "painting",
                        "body": body,
                        "target": canvas_id,
                    }
                ],
            }
        ],
    }
    if photo.caption:
        shown["summary"] = text(photo.caption)
    if RIGHTS_URI.match(license.url or ""):
        shown["rights"] = license.url
    if thumbnail := photo.rendition_for(width=THUMBNAIL_WIDTH):
        shown["thumbnail"] = [image_body(thumbnail, absolute)]
    return shown


def manifest(mission: Mission, photos: list[Photo], *, manifest_id: str, absolute: Absolute) -> dict[str, Any]:
    base = manifest_id.removesuffix("/manifest.json")
    canvases = [shown for photo in photos if (shown := canvas(photo, base, absolute))]
    credits = list(dict.fromkeys(str(photo.credit) for photo in photos))
    attribution = "; ".join(credits[:CREDITS_NAMED]) + (" and others" if len(credits) > CREDITS_NAMED else "")
    metadata = [entry("Mission", mission.title)]
    if mission.vehicle:
        metadata.append(entry("Vehicle", mission.vehicle))
    if mission.start_date:
        dates = f"{mission.start_date:%-d %B %Y}" + (f" – {mission.end_date:%-d %B %Y}" if mission.end_date else "")
        metadata.append(entry("Dates", dates))
    licences = {photo.effective_license().url for photo in photos}
    document: dict[str, Any] = {
        "@context": PRESENTATION_CONTEXT,
        "id": manifest_id,
        "type": "Manifest",
        "label": text(mission.title),
        "metadata": metadata,
        "requiredStatement": entry("Photos", attribution or mission.title),
        "homepage": [
            {
                "id": absolute(mission.get_absolute_url()),
                "type": "Text",
                "label": text(mission.title),
                "format": "text/html",
            }
        ],
        "provider": [{"id": absolute("/"), "type": "Agent", "label": text("Expedition")}],
        "items": canvases,
    }
    if mission.summary:
        document["summary"] = text(mission.summary)
    if len(licences) == 1 and RIGHTS_URI.match(next(iter(licences)) or ""):
        document["rights"] = next(iter(licences))
    if canvases and (thumbnail := canvases[0].get("thumbnail")):
        document["thumbnail"] = thumbnail
    return document


@require_safe
def mission_manifest(request: HttpRequest, slug: str) -> HttpResponse:
    """The manifest of a gallery readers may see (404 for drafts and scheduled ones)."""
    mission = get_object_or_404(Mission.objects.published(), slug=slug)
    root = request.build_absolute_uri("/").removesuffix("/")
    # Built once a page-cache period per gallery and site address, whatever the query string: a
    # gallery of thousands of photos takes seconds to list, and ?anything would otherwise skip
    # the page cache. The key carries the gallery's content versions, so a change retires it.
    seconds, key, body = settings.GALLERIES_PAGE_CACHE_SECONDS, "", None
    try:
        if seconds:
            versions = "-".join(map(str, content_versions([VERSION_KEY, mission_key(slug)])))
            key = f"galleries:manifest:{versions}:{hashlib.sha256(f'{root}|{slug}'.encode()).hexdigest()[:32]}"
            body = cache.get(key)
    except Exception:  # as the page cache: a cache that is down costs time, never the answer
        logger.exception("Manifest cache unavailable")
        key = ""
    if body is None:
        body = manifest_body(request, mission)
        if key:
            try:
                cache.set(key, body, timeout=seconds)
            except Exception:
                logger.exception("Manifest cache unavailable")
    if not body:  # a manifest has at least one canvas (3.0 §3.4)
        raise Http404("This gallery has no photos readers may see yet.")
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Access-Control-Allow-Origin"] = "*"  # viewers on other sites read it
    response["Cache-Control"] = "public, max-age=60"
    return response


def manifest_body(request: HttpRequest, mission: Mission) -> str:
    """The manifest of `mission` as JSON text, or "" when readers may see none of its photos."""
    photos = list(
        Photo.objects.published()
        .filter(mission=mission)
        .in_order()
        .select_related("credit__default_license", "license", "mission")
        .only(
            *("pk", "title", "caption", "width", "height", "renditions", "position", "key", "zoom", "mission__slug"),
            *("credit__photographer", "credit__organization", "credit__default_license", "license"),
        )
    )

    absolute = absolute_urls(request)
    address = absolute(reverse("galleries:mission-manifest", kwargs={"slug": mission.slug}))
    document = manifest(mission, photos, manifest_id=address, absolute=absolute)
    return json.dumps(document, ensure_ascii=False) if document["items"] else ""
