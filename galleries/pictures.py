"""The pieces of a photo's <picture> element, worked out once per set of renditions.

A gallery page shows 48 photos with about a dozen renditions each; building every srcset from the
rendition records on every request cost more than the rest of the page. The pieces depend only on
the rendition records (whose names change whenever the files do) and the storage's address base, so
they are kept, per process, for the most recent sets of renditions.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from galleries import imaging
from galleries.models.files import media_url

if TYPE_CHECKING:
    from galleries.models import Photo

# Modern formats first: the browser takes the first <source> it supports.
SOURCE_ORDER = ("AVIF", "WEBP")

# `sizes` of each layout, worked out from site.css so the browser picks the rendition the image is
# shown at: the column is min(100vw, 60rem) less 1rem of padding a side (928 px at most); .cards
# are minmax(17rem, 1fr) with 1.5rem gaps and a 1px border (1, 2, then 3 a row from 600 and 896 px
# wide); .thumbs are minmax(12rem, 1fr) with 1rem gaps (1, 2, 3, then 4 a row from 432, 640 and 848).
COLUMN_WIDTH = 928
LAYOUT_SIZES = {
    "column": "(min-width: 960px) 928px, calc(100vw - 32px)",
    "card": "(min-width: 960px) 291px, (min-width: 896px) calc(33.33vw - 29px), "
    "(min-width: 600px) calc(50vw - 30px), calc(100vw - 34px)",
    "thumb": "(min-width: 960px) 220px, (min-width: 848px) calc(25vw - 20px), "
    "(min-width: 640px) calc(33.33vw - 22px), (min-width: 432px) calc(50vw - 24px), calc(100vw - 32px)",
}


@dataclass(frozen=True)
class PictureParts:
    """Escaped for an HTML attribute already."""

    sources: tuple[tuple[str, str], ...]  # (MIME type, srcset), in SOURCE_ORDER
    srcset: str  # JPEG
    src: str
    width: int
    height: int
    widest: int  # of the JPEG renditions: a picture is never shown wider


# The layouts whose boxes are 3:2 in site.css, and so show the photo's 3:2 crop once it has one.
CROPPED_LAYOUTS = {"card": "3:2", "thumb": "3:2"}


def picture_parts(photo: Photo, default_width: int = 960, crop: str = "") -> PictureParts | None:
    """The srcsets and fallback <img> of `photo` (None without JPEG renditions: never an original):
    the whole picture's renditions, or the `crop`'s ("3:2") when it has JPEG ones."""
    records = _records(photo, crop) if crop else ()
    if not any(record[3] == "JPEG" for record in records):
        records = _records(photo, "")
    return _parts(records, default_width, media_url(""))


def _records(photo: Photo, crop: str) -> tuple[tuple[str, int, int, str], ...]:
    return tuple(
        (r["name"], r["width"], r["height"], r["format"]) for r in photo.renditions if r.get("crop", "") == crop
    )


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
    return PictureParts(
        sources=sources, srcset=srcset(fallback), src=escape(url), width=width, height=height, widest=fallback[-1][1]
    )


def layout_sizes(layout: str, parts: PictureParts) -> str:
    """`sizes` for `layout`; "photo" (a gallery's or a photo page's picture) is the column, but a
    tall picture there is 85% of the screen's height tall (site.css .photo), so as wide as that
    height allows."""
    if layout in ("photo", "column") and parts.widest < COLUMN_WIDTH and parts.height <= parts.width:
        # A small original: shown at its own width where the column is wider.
        return f"(min-width: {parts.widest + 32}px) {parts.widest}px, calc(100vw - 32px)"
    if layout != "photo" or parts.height <= parts.width:
        return LAYOUT_SIZES["column" if layout == "photo" else layout]
    # Narrower screens than the picture's shape (at 85% of their height) fit it to their width.
    shape = Fraction(85 * parts.width, 100 * parts.height).limit_denominator(1000)
    ratio = f"{85 * parts.width / parts.height:.1f}"
    return f"(max-aspect-ratio: {shape.numerator}/{shape.denominator}) calc(100vw - 32px), {ratio}vh"


def picture_html(photo: Photo, *, layout: str, eager: bool, default_width: int, css_class: str) -> SafeString:
    """`photo` as <picture>: a srcset per format, its alt text, width and height, lazy unless `eager`."""
    parts = picture_parts(photo, default_width, CROPPED_LAYOUTS.get(layout, ""))
    if parts is None:
        return mark_safe("")
    sizes_attr = escape(layout_sizes(layout, parts))
    lines = ["<picture>"]
    lines += [f'\n  <source type="{mime}" srcset="{srcset}" sizes="{sizes_attr}">' for mime, srcset in parts.sources]
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    # A tall picture is sized by its height (capped to the screen where site.css says so); a small
    # one (narrower than the column) is framed at its own size.
    shape = "tall" if parts.height > parts.width else "small" if parts.widest < COLUMN_WIDTH else ""
    classes = " ".join(name for name in (css_class, shape) if name)
    class_attr = f' class="{classes}"' if classes else ""
    alt = escape(photo.alt_text or photo.title)
    lines.append(
        f'\n  <img src="{parts.src}" srcset="{parts.srcset}" sizes="{sizes_attr}" width="{parts.width}" '
        f'height="{parts.height}" alt="{alt}" {loading} decoding="async"{class_attr}>\n</picture>'
    )
    return mark_safe("".join(lines))  # every value above is escaped
