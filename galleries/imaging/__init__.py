"""Pillow work for uploads and renditions: pure functions, no ORM, no request, no storage.

A form, a management command and a background task all call these same functions.
"""

from __future__ import annotations

from galleries.imaging.metadata import Metadata, clean_text, credit_names, read_metadata
from galleries.imaging.renditions import (
    MIME_TYPES,
    RenderedImage,
    RenditionSpec,
    Rights,
    dominant_color,
    render,
    rendition_specs,
)
from galleries.imaging.validation import (
    ACCEPTED_FORMATS,
    EXTENSIONS,
    FORMAT_NAMES,
    ImageInfo,
    ImageRejected,
    display_name,
    inspect,
    orientation,
    sha256_of,
)

__all__ = [
    "ACCEPTED_FORMATS",
    "EXTENSIONS",
    "FORMAT_NAMES",
    "MIME_TYPES",
    "ImageInfo",
    "ImageRejected",
    "Metadata",
    "RenderedImage",
    "RenditionSpec",
    "Rights",
    "clean_text",
    "credit_names",
    "display_name",
    "dominant_color",
    "inspect",
    "orientation",
    "read_metadata",
    "render",
    "rendition_specs",
    "sha256_of",
]
