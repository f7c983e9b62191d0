from __future__ import annotations

from django import template

from galleries.models import Photo

register = template.Library()


@register.inclusion_tag("galleries/includes/_picture.html")
def photo_picture(photo: Photo, sizes: str = "100vw", eager: bool = False, css_class: str = "") -> dict:
    """Render `photo` as <picture> with a srcset per format, alt text, width and height."""
    by_format = photo.renditions_by_format()
    fallback = by_format.get("JPEG", [])
    default = next((r for r in fallback if r.width >= 960), fallback[-1] if fallback else None)
    sources = [
        {"type": renditions[0].mime_type, "srcset": ", ".join(f"{r.url} {r.width}w" for r in renditions)}
        for fmt, renditions in by_format.items()
        if fmt != "JPEG"
    ]
    return {
        "photo": photo,
        "alt": photo.alt_text or photo.title,
        "sources": sources,
        "srcset": ", ".join(f"{r.url} {r.width}w" for r in fallback),
        "src": default.url if default else photo.image.url,
        "width": default.width if default else photo.width,
        "height": default.height if default else photo.height,
        "sizes": sizes,
        "eager": eager,
        "css_class": css_class,
    }
