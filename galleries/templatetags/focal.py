"""{% card_focal_editor %}: the focal point editor (galleries.admin.focal) on the desk's cards."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from galleries.admin.focal import focal_editor as editor_html
from galleries.models import Photo

register = template.Library()


@register.simple_tag
def card_focal_editor(photo: Photo, width: int = 240) -> SafeString:
    """The editor of `photo` on its desk card, writing into the card's focal-x-<pk> and focal-y-<pk>
    inputs (the crop rectangle is the photo form's)."""
    return editor_html(photo, input_ids=[f"focal-x-{photo.pk}", f"focal-y-{photo.pk}"], with_rect=False, width=width)
