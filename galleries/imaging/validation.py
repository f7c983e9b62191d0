"""Decide whether an upload is an image we accept, and record what we know about it."""

from __future__ import annotations

import hashlib
import logging
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO

from PIL import Image, UnidentifiedImageError

from galleries.imaging.metadata import Metadata, read_metadata

logger = logging.getLogger(__name__)

# Formats we accept, detected from the bytes, never from the name. Pillow opens MPO (stereo
# cameras) through its JPEG plugin and reports it as "MPO"; the first frame is the photo.
# Animated GIF, PNG and WebP are accepted and shown as their first frame.
ACCEPTED_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "TIFF", "AVIF", "GIF")
FORMAT_NAMES = "JPEG, PNG, WebP, TIFF, AVIF or GIF"
# File extension of each format we read or write, from the detected format (never from a name).
EXTENSIONS = {
    "JPEG": ".jpg",
    "MPO": ".jpg",
    "PNG": ".png",
    "WEBP": ".webp",
    "TIFF": ".tif",
    "AVIF": ".avif",
    "GIF": ".gif",
    "HEIF": ".heic",
}
MAX_FRAMES = 500
MIN_EDGE = 8
ORIENTATION_TAG = 0x0112
SWAPPED_ORIENTATIONS = {5, 6, 7, 8}

try:  # HEIC/HEIF from phones, when the optional pillow-heif wheel is installed.
    import pillow_heif

    pillow_heif.register_heif_opener()
    ACCEPTED_FORMATS += ("HEIF",)
    FORMAT_NAMES = "JPEG, PNG, WebP, TIFF, AVIF, GIF or HEIC"
except ImportError:  # pragma: no cover - depends on the installed extras
    pass


class ImageRejected(ValueError):
    """An upload we refuse; the message is written for editors and omits the file name."""


@dataclass(frozen=True)
class ImageInfo:
    format: str  # as Pillow detected it: "JPEG", "MPO", "PNG", …
    width: int  # upright, after EXIF orientation
    height: int
    frames: int
    sha256: str
    metadata: Metadata = field(default_factory=Metadata)


def sha256_of(source: IO[bytes]) -> str:
    """Return the hex sha256 of `source`, read in chunks from the start."""
    source.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: source.read(1024 * 1024), b""):
        digest.update(chunk)
    source.seek(0)
    return digest.hexdigest()


def file_size(size: int) -> str:
    """Return a byte count as editors read it: "820 KB", "48.2 MB"."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1e6:.1f} MB"


def display_name(name: str, limit: int = 255) -> str:
    """Return the base name of an uploaded file, safe to store and show: no folders, no control
    characters, NFC, at most `limit` characters with its extension kept."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    # Control and format characters go first, so marks they separated compose under NFC.
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = unicodedata.normalize("NFC", base).strip(" .")
    if len(base) > limit:
        stem, dot, suffix = base.rpartition(".")
        suffix = suffix[:16] if dot else ""
        base = (stem if dot else base)[: limit - len(suffix) - 1].rstrip() + (f".{suffix}" if suffix else "")
    return base or "upload"


def inspect(source: IO[bytes], *, size: int, max_bytes: int, max_pixels: int) -> ImageInfo:
    """Check that `source` is an image we accept, decode every frame, and read its metadata.

    Raises ImageRejected for anything else: a disallowed or unknown format, too many bytes or
    pixels (frames × width × height), a decompression bomb, a truncated or corrupt file.
    """
    if size == 0:
        raise ImageRejected("the file is empty.")
    if size > max_bytes:
        raise ImageRejected(f"the file is too large ({file_size(size)}; the limit is {file_size(max_bytes)}).")
    digest = sha256_of(source)
    with warnings.catch_warnings():
        # A bomb warning must stop us, not scroll past in a log.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(source, formats=ACCEPTED_FORMATS) as img:
                info = _decode_all(img, digest=digest, max_pixels=max_pixels)
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageRejected("the image dimensions are too large.") from exc
        except UnidentifiedImageError as exc:
            raise ImageRejected(f"this is not an image we accept; upload {FORMAT_NAMES}.") from exc
        except Exception as exc:  # Pillow raises OSError, ValueError, SyntaxError… on bad data
            logger.info("Rejected an upload that does not decode: %r", exc)
            raise ImageRejected("the file is damaged or incomplete and cannot be read.") from exc
        finally:
            source.seek(0)
    return info


def _decode_all(img: Image.Image, *, digest: str, max_pixels: int) -> ImageInfo:
    frames = getattr(img, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise ImageRejected(f"the image has too many frames ({frames}; the limit is {MAX_FRAMES}).")
    if img.width * img.height * frames > max_pixels:
        raise ImageRejected(
            f"the image dimensions are too large ({img.width}×{img.height}"
            f"{f' × {frames} frames' if frames > 1 else ''}; the limit is {max_pixels / 1e6:.0f} megapixels)."
        )
    if min(img.size) < MIN_EDGE:
        raise ImageRejected(f"the image is too small ({img.width}×{img.height} pixels).")
    detected_format = img.format or ""  # always set on a file Pillow opened; None only for images made in memory
    for frame in range(frames):
        img.seek(frame)
        img.load()  # a full decode: verify() alone passes truncated JPEGs
    img.seek(0)
    width, height = img.size
    if orientation(img) in SWAPPED_ORIENTATIONS:
        width, height = height, width
    return ImageInfo(
        format=detected_format, width=width, height=height, frames=frames, sha256=digest, metadata=read_metadata(img)
    )


def orientation(img: Image.Image) -> int:
    """Return the EXIF orientation 1–8, treating missing, invalid or unreadable values as 1."""
    try:
        with warnings.catch_warnings(action="ignore", category=UserWarning):  # "Corrupt EXIF data"
            value = img.getexif().get(ORIENTATION_TAG, 1)
    except Exception:  # noqa: BLE001 - corrupt EXIF is common, Pillow's errors for it are many, and 1 is harmless
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1
