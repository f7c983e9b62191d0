"""The focal point editor of the photo form and the desk's cards (templates/admin/galleries/_focal_editor.html)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from galleries.models import Photo

# What the preview shows: each crop (galleries.imaging.cropping.CROP_SPECS) as its shape.
PREVIEWS = (
    ("card", 1.5, "3:2 card"),
    ("square", 1.0, "1:1 thumbnail"),
    ("social", 1200 / 630, "1200 × 630 social card"),
)
RECT_INPUTS = ("crop_left", "crop_top", "crop_right", "crop_bottom")


def focal_editor(photo: Photo, *, input_ids: list[str], with_rect: bool, width: int) -> SafeString:
    """The editor for `photo`, shown at most `width` pixels wide, writing into the inputs
    `input_ids` (focal x, focal y, then, `with_rect`, the crop's left, top, right and bottom).
    Nothing until the photo has a rendition to click on: the number inputs still work."""
    image = photo.rendition_for(width=width) if photo.pk else None
    if image is None or not photo.width or not photo.height:
        return mark_safe("")
    scale = min(1.0, width / image.width)
    context = {
        "photo": photo,
        "image": image,
        "size": (round(image.width * scale), round(image.height * scale)),
        "inputs": " ".join(input_ids),
        "with_rect": with_rect,
        "previews": PREVIEWS,
    }
    return mark_safe(render_to_string("admin/galleries/_focal_editor.html", context))  # the template escapes


def small_file_note(photo: Photo) -> str:
    """A warning for an original narrower than the desk's "tiny" badge (GALLERIES_DESK_TINY_WIDTH)."""
    limit = settings.GALLERIES_DESK_TINY_WIDTH
    if not photo.width or photo.width >= limit:
        return ""
    return (
        f"This original is small: {photo.width} × {photo.height} pixels, under the {limit:,} pixels wide "
        "a photo needs to fill the page. Readers see it at its own size, framed, never enlarged; "
        "replace it with a larger file if there is one."
    )
