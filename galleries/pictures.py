"""The pieces of a photo's <picture> element, worked out once per set of renditions.

A gallery page shows 48 photos with about a dozen renditions each; building every srcset from the
rendition records on every request cost more than the rest of the page. The pieces depend only on
the rendition records (whose names change whenever the files do) and the storage's address base, so
they are kept, per process, for the most recent sets of renditions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from galleries import imaging
from galleries.models.photo import media_url

if TYPE_CHECKING:
    from galleries.models import Photo

# Modern formats first: the browser takes the first <source> it supports.
SOURCE_ORDER = ("AVIF", "WEBP")


@dataclass(frozen=True)
class PictureParts:
    """Escaped for an HTML attribute already."""

    sources: tuple[tuple[str, str], ...]  # (MIME type, srcset), in SOURCE_ORDER
    srcset: str  # JPEG
    src: str
    width: int
    height: int


def picture_parts(photo: Photo, default_width: int = 960) -> PictureParts | None:
    """The srcsets and fallback <img> of `photo` (None without JPEG renditions: never an original)."""
    records = tuple((r["name"], r["width"], r["height"], r["format"]) for r in photo.renditions)
    return _parts(records, default_width, media_url(""))


@lru_cache(maxsize=16384)
def _parts(records: tuple[tuple[str, int, int, str], ...], default_width: int, base: str) -> PictureParts | None:
    by_format: dict[str, list[tuple[str, int, int]]] = {}
    for name, width, height, fmt in sorted(records, key=lambda record: record[1]):
        by_format.setdefault(fmt, []).append((media_url(name), width, height))
    fallback = by_format.get("JPEG")
    if not fallback:
        return None
    url, width, height = next((r for r in fallback if r[1] >= default_width), fallback[-1])

    def srcset(renditions: list[tuple[str, int, int]]) -> str:
        return escape(", ".join(f"{url} {width}w" for url, width, _ in renditions))

    sources = tuple((imaging.MIME_TYPES[fmt], srcset(by_format[fmt])) for fmt in SOURCE_ORDER if fmt in by_format)
    return PictureParts(sources=sources, srcset=srcset(fallback), src=escape(url), width=width, height=height)


def picture_html(photo: Photo, *, sizes: str, eager: bool, default_width: int, css_class: str) -> SafeString:
    """`photo` as <picture>: a srcset per format, its alt text, width and height, lazy unless `eager`."""
    parts = picture_parts(photo, default_width)
    if parts is None:
        return mark_safe("")
    sizes_attr = escape(sizes)
    lines = ["<picture>"]
    lines += [f'\n  <source type="{mime}" srcset="{srcset}" sizes="{sizes_attr}">' for mime, srcset in parts.sources]
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    class_attr = f' class="{css_class}"' if css_class else ""
    alt = escape(photo.alt_text or photo.title)
    lines.append(
        f'\n  <img src="{parts.src}" srcset="{parts.srcset}" sizes="{sizes_attr}" width="{parts.width}" '
        f'height="{parts.height}" alt="{alt}" {loading} decoding="async"{class_attr}>\n</picture>'
    )
    return mark_safe("".join(lines))  # every value above is escaped
