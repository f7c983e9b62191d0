from __future__ import annotations

from django import template

from galleries import services
from galleries.models import Photo

register = template.Library()

# Modern formats first: the browser takes the first <source> it supports.
SOURCE_ORDER = ["AVIF", "WEBP"]


@register.inclusion_tag("galleries/includes/_picture.html")
def photo_picture(photo: Photo, sizes: str = "100vw", eager: bool = False, default_width: int = 960) -> dict:
    """Render `photo` as <picture>: a srcset per format, alt text, width, height and a placeholder colour.

    Only the first image of a page should be `eager`; the rest load lazily. A photo whose
    renditions are missing asks for them and shows its original meanwhile.
    """
    by_format = photo.renditions_by_format()
    fallback = by_format.get("JPEG", [])
    if not fallback:
        services.photo_renditions_ensure(photo=photo)
    default = next((r for r in fallback if r.width >= default_width), fallback[-1] if fallback else None)
    return {
        "alt": photo.alt_text or photo.title,
        "sources": [
            {"type": by_format[fmt][0].mime_type, "srcset": ", ".join(f"{r.url} {r.width}w" for r in by_format[fmt])}
            for fmt in SOURCE_ORDER
            if fmt in by_format
        ],
        "srcset": ", ".join(f"{r.url} {r.width}w" for r in fallback),
        "src": default.url if default else photo.image.url,
        "width": default.width if default else photo.width,
        "height": default.height if default else photo.height,
        "sizes": sizes,
        "eager": eager,
        "placeholder_class": placeholder_class(photo.placeholder_color),
    }


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
