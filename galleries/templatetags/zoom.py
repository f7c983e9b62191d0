"""Deep zoom on reader pages: the address of a photo's IIIF info.json, when it has tiles."""

from __future__ import annotations

from functools import cache

from django import template
from django.urls import get_script_prefix, reverse

from galleries.models import Photo

register = template.Library()


@cache
def _info_address_parts(script_prefix: str) -> tuple[str, str]:
    """info.json's address around the pk, reversed once per script prefix (a gallery has 48 photos)."""
    before, after = reverse("galleries:iiif-info", kwargs={"pk": 123456789}).split("123456789")
    return before, after


@register.simple_tag(takes_context=True)
def zoom_info_url(context: template.Context, photo: Photo) -> str:
    """`photo`'s /iiif/3/photo-<pk>/info.json if it has deep-zoom tiles, else "". Never in an
    editor's preview: the service answers readers only, and a preview's photo is not theirs yet."""
    if context.get("preview") or not photo.has_zoom:
        return ""
    before, after = _info_address_parts(get_script_prefix())
    return f"{before}{photo.pk}{after}"
