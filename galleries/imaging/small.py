"""Small pictures (mission patches, crew portraits) that keep their transparency.

A patch is usually a PNG cut out on a transparent background: flattened onto white like photos'
renditions, it would sit in a white square on the dark theme. Pictures with an alpha channel are
made here, upright and sRGB like every rendition and with no metadata at all, as WebP (with alpha)
and PNG (the fallback); opaque ones go through the photos' pipeline (render()) as WebP and JPEG.
"""

from __future__ import annotations

import io
from typing import IO

from PIL import Image, ImageCms

from galleries.imaging.renditions import QUALITY, TRANSPOSE_FOR_ORIENTATION, RenderedImage, RenditionSpec, render
from galleries.imaging.validation import ACCEPTED_FORMATS, SWAPPED_ORIENTATIONS, orientation

ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")


def render_small(source: IO[bytes], widths: tuple[int, ...]) -> list[RenderedImage]:
    """`source` at each of `widths` (never upscaled), in WebP and JPEG, or WebP and PNG when it is
    transparent; the first frame of an animation."""
    with Image.open(source, formats=ACCEPTED_FORMATS) as img:
        img.seek(0)
        turn = orientation(img)
        width = img.height if turn in SWAPPED_ORIENTATIONS else img.width
        transparent = img.mode in ALPHA_MODES or (img.mode == "P" and "transparency" in img.info)
        sizes = sorted({w for w in widths if w < width} | ({width} if any(w >= width for w in widths) else set()))
        if not transparent:
            source.seek(0)
            return render(source, [RenditionSpec(width=w, format=f) for w in sizes for f in ("WEBP", "JPEG")])
        rgba = _upright_rgba(img, turn)
    made = []
    for target in sorted(sizes, reverse=True):
        height = max(1, round(rgba.height * target / rgba.width))
        resized = rgba.resize((target, height), Image.Resampling.LANCZOS)
        for fmt in ("WEBP", "PNG"):
            made.append(RenderedImage(RenditionSpec(width=target, format=fmt), target, height, _encode(resized, fmt)))
    return made


def _upright_rgba(img: Image.Image, turn: int) -> Image.Image:
    icc = img.info.get("icc_profile")
    rgba = img.convert("RGBA")
    if icc:
        try:
            converted = ImageCms.profileToProfile(
                rgba, ImageCms.ImageCmsProfile(io.BytesIO(icc)), ImageCms.createProfile("sRGB"), outputMode="RGBA"
            )
            rgba = converted or rgba
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unusable profile: the pixels as they are
    if turn in TRANSPOSE_FOR_ORIENTATION:
        rgba = rgba.transpose(TRANSPOSE_FOR_ORIENTATION[turn])
    rgba.info = {}
    return rgba


def _encode(img: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "WEBP":
        img.save(out, "WEBP", quality=QUALITY["WEBP"], method=4, exif=b"")
    else:
        img.save(out, "PNG", optimize=True)  # Pillow writes no text chunks or EXIF it is not given
    return out.getvalue()
