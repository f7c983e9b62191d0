from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from galleries.models import Mission, Photo, Rendition
from galleries.pictures import picture_html

register = template.Library()


@register.simple_tag
def photo_picture(photo: Photo, layout: str = "column", eager: bool = False, default_width: int = 960) -> SafeString:
    """Render `photo` as <picture>: a srcset per format with the `sizes` of its `layout` ("column",
    "photo", "card" or "thumb": galleries.pictures.layout_sizes), alt text, width, height and a placeholder colour.

    Only the first image of a page should be `eager`; the rest load lazily. A photo without
    renditions (readers never get one: it is not ready) renders nothing: an original is never linked.
    """
    css_class = placeholder_class(photo.placeholder_color)
    return picture_html(photo, layout=layout, eager=eager, default_width=default_width, css_class=css_class)


def placeholder_class(color: str) -> str:
    """Return the stylesheet class nearest to `color` ("#rrggbb"): 4 levels a channel, so the
    Content-Security-Policy needs no inline styles."""
    if len(color) != 7 or not color.startswith("#"):
        return ""
    try:
        channels = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    except ValueError:
        return ""
    return "ph-" + "".join(str(round(channel / 85)) for channel in channels)


@register.simple_tag(takes_context=True)
def photo_url(context: template.Context, photo: Photo) -> str:
    """The page of `photo`: its public address, or in an editor's preview the preview's own."""
    if context.get("preview"):
        return reverse("admin:galleries_mission_preview_photo", args=[photo.mission_id, photo.pk])
    return photo.get_absolute_url()


@register.simple_tag(takes_context=True)
def mission_url(context: template.Context, mission: Mission) -> str:
    """The gallery of `mission`: its public address, or in an editor's preview the preview's own."""
    if context.get("preview"):
        return reverse("admin:galleries_mission_preview", args=[mission.pk])
    return mission.get_absolute_url()


@register.simple_tag(takes_context=True)
def absolute(context: template.Context, url: str) -> str:
    """`url` as an absolute address on this site (a CDN address is returned unchanged)."""
    return context["request"].build_absolute_uri(url)


@register.simple_tag
def share_image(photo: Photo | None) -> Rendition | None:
    """The image for Open Graph and Twitter cards: the 1200 × 630 social crop around the focal point,
    or before it is made, the JPEG rendition at least 1200 px wide when there is one."""
    if not photo:  # a template's missing photo is ""
        return None
    return photo.rendition_for(width=1200, crop="social") or photo.rendition_for(width=1200)


@register.simple_tag(takes_context=True)
def gallery_structured_data(context: template.Context, mission: Mission, photos: list[Photo]) -> str:
    """schema.org ImageGallery JSON-LD for a mission's gallery page."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "ImageGallery",
        "name": f"{mission.title}: the mission in photos",
        "url": request.build_absolute_uri(mission.get_absolute_url()),
        "description": mission.summary or None,
        "datePublished": mission.published_at.isoformat() if mission.published_at else None,
        "dateModified": mission.updated_at.isoformat() if mission.updated_at else None,
        "author": {"@type": "Person", "name": mission.author_name} if mission.author_name else None,
        "image": [image_object(request, photo) for photo in photos],
    }
    return json_ld(data)


@register.simple_tag(takes_context=True)
def photo_structured_data(context: template.Context, photo: Photo) -> str:
    """schema.org ImageObject JSON-LD for a photo page."""
    return json_ld({"@context": "https://schema.org", **image_object(context["request"], photo)})


def image_object(request: HttpRequest, photo: Photo) -> dict[str, Any]:
    """Describe `photo` as a schema.org ImageObject with its rights, as Google Images reads them."""
    absolute = absolute_urls(request)
    license = photo.effective_license()
    credit_line = str(photo.credit)
    largest = photo.rendition_for(width=10**6)
    return {
        "@type": "ImageObject",
        "name": photo.title or None,
        "url": absolute(photo.get_absolute_url()),
        "contentUrl": absolute(largest.url) if largest else None,
        "width": largest.width if largest else None,
        "height": largest.height if largest else None,
        "caption": photo.caption or None,
        "description": photo.alt_text or None,
        "dateCreated": photo.taken_at.isoformat() if photo.taken_at else None,
        "contentLocation": {"@type": "Place", "name": photo.location} if photo.location else None,
        "creditText": credit_line,
        "creator": {
            "@type": "Person" if photo.credit.photographer else "Organization",
            "name": photo.credit.photographer or photo.credit.organization,
        },
        "copyrightNotice": f"{credit_line}. {license.name}",
        "license": license.url or None,
        "acquireLicensePage": license.url or None,
    }


def absolute_urls(request: HttpRequest) -> Any:
    """request.build_absolute_uri for paths and full addresses, with the site's root worked out once
    a request (a gallery's JSON-LD asks 96 times)."""
    root = getattr(request, "_expedition_root", None)
    if root is None:
        root = request.build_absolute_uri("/").removesuffix("/")
        request._expedition_root = root  # type: ignore[attr-defined]

    def absolute(url: str) -> str:
        return root + url if url.startswith("/") and not url.startswith("//") else request.build_absolute_uri(url)

    return absolute


def json_ld(data: dict[str, Any]) -> str:
    """`data` without empty values as a <script type="application/ld+json"> block, safe inside HTML."""
    text = json.dumps(_without_empty(data), ensure_ascii=False, cls=DjangoJSONEncoder)
    # No "<", ">" or "&" left: nothing can end the script early. str.replace, not str.translate,
    # which looks every character up in a dict (6 ms for a 48-photo gallery's JSON-LD).
    escaped = text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))


def _without_empty(value: object) -> object:
    if isinstance(value, dict):
        return {key: _without_empty(item) for key, item in value.items() if item not in (None, "", [])}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value
