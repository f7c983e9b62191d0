"""Pillow work for uploads and renditions: pure functions, no ORM, no request, no storage."""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageCms, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Formats we accept, detected from the bytes. Pillow opens MPO (stereo cameras) through its JPEG
# plugin and reports it as "MPO"; the first frame is the photo.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "AVIF", "GIF")
FORMAT_NAMES = "JPEG, PNG, WebP, TIFF, AVIF or GIF"
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
    pillow_heif = None


class ImageRejected(ValueError):
    """An upload we refuse; the message is written for editors and omits the file name."""


@dataclass(frozen=True)
class ImageInfo:
    format: str  # as Pillow detected it: "JPEG", "PNG", …
    width: int  # upright, after EXIF orientation
    height: int
    frames: int
    sha256: str
    camera: str = ""


@dataclass(frozen=True)
class RenditionSpec:
    width: int  # target width in pixels; originals are never upscaled
    format: str  # "AVIF", "WEBP" or "JPEG"
    quality: int = 80


@dataclass(frozen=True)
class RenderedImage:
    spec: RenditionSpec
    width: int
    height: int
    data: bytes


def sha256_of(source: BinaryIO) -> str:
    """Return the hex sha256 of `source`, read in chunks from the start."""
    source.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: source.read(1024 * 1024), b""):
        digest.update(chunk)
    source.seek(0)
    return digest.hexdigest()


def inspect(source: BinaryIO, *, size: int, max_bytes: int, max_pixels: int) -> ImageInfo:
    """Check that `source` is an image we accept and decode every frame; return what we record.

    Raises ImageRejected for anything else: a disallowed or unknown format, too many bytes or
    pixels (frames × width × height), a decompression bomb, a truncated or corrupt file.
    """
    if size == 0:
        raise ImageRejected("the file is empty.")
    if size > max_bytes:
        raise ImageRejected(f"the file is too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB).")
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
        except Exception as exc:  # noqa: BLE001 - Pillow raises OSError, ValueError, SyntaxError… on bad data
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
    detected_format = img.format
    for frame in range(frames):
        img.seek(frame)
        img.load()  # a full decode: verify() alone passes truncated JPEGs
    img.seek(0)
    width, height = img.size
    if orientation(img) in SWAPPED_ORIENTATIONS:
        width, height = height, width
    return ImageInfo(
        format=detected_format, width=width, height=height, frames=frames, sha256=digest, camera=camera_of(img)
    )


def orientation(img: Image.Image) -> int:
    """Return the EXIF orientation 1–8, treating missing, invalid or unreadable values as 1."""
    try:
        with warnings.catch_warnings(action="ignore", category=UserWarning):  # "Corrupt EXIF data"
            value = img.getexif().get(ORIENTATION_TAG, 1)
    except Exception:  # noqa: BLE001 - corrupt EXIF is common and harmless here
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def camera_of(img: Image.Image) -> str:
    """Return "Make Model" from EXIF, or "" when absent or unreadable."""
    try:
        with warnings.catch_warnings(action="ignore", category=UserWarning):
            exif = img.getexif()
    except Exception:  # noqa: BLE001 - corrupt EXIF means no camera, not a failed upload
        return ""
    make, model = (str(exif.get(tag) or "").strip(" \x00") for tag in (0x010F, 0x0110))
    if make and model.lower().startswith(make.lower().split()[0]):
        return model[:200]
    return " ".join(part for part in (make, model) if part)[:200]


def rendition_specs(*, source_width: int, widths: Iterable[int], formats: Iterable[str]) -> list[RenditionSpec]:
    """Return the renditions to make for a source `source_width` wide: never upscaled, widest first.

    Configured widths the source cannot fill are replaced by one rendition at the source's own width.
    """
    widths = set(widths)
    fitting = {w for w in widths if w < source_width}
    if any(w >= source_width for w in widths):
        fitting.add(source_width)
    return [RenditionSpec(width=w, format=f) for w in sorted(fitting, reverse=True) for f in formats]


def render(source: BinaryIO, specs: list[RenditionSpec]) -> list[RenderedImage]:
    """Decode `source` once and return each spec upright, sRGB, 8-bit, without private metadata.

    Sizes cascade from the widest rendition down, so each resize starts from a smaller image.
    """
    widest = max(spec.width for spec in specs)
    results: list[RenderedImage] = []
    # Not a `with` block: the upright image may be the opened file itself, still needed after decoding.
    img = Image.open(source, formats=ACCEPTED_FORMATS)
    try:
        img.seek(0)  # animated and multi-frame images: the first frame
        current = _upright_srgb(img, target_width=widest)
        for width in sorted({spec.width for spec in specs}, reverse=True):
            if current.width != width:
                height = max(1, round(current.height * width / current.width))
                current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            for spec in (s for s in specs if s.width == width):
                data = _encode(current, spec)
                results.append(RenderedImage(spec=spec, width=current.width, height=current.height, data=data))
    finally:
        img.close()
    return results


# How to turn stored pixels upright for each EXIF orientation.
TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _upright_srgb(img: Image.Image, *, target_width: int) -> Image.Image:
    turn = orientation(img)
    if img.format in ("JPEG", "MPO"):
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers the target width,
        # which is the stored height for orientations 5-8.
        img.draft(None, (target_width, 1) if turn not in SWAPPED_ORIENTATIONS else (1, target_width))
    icc = img.info.get("icc_profile")
    img = _to_8bit(img)
    if icc:
        img = _to_srgb(img, icc)
    if img.mode != "RGB":
        img = img.convert("RGB")
    if turn in TRANSPOSE_FOR_ORIENTATION:
        img = img.transpose(TRANSPOSE_FOR_ORIENTATION[turn])
    return img


def _to_8bit(img: Image.Image) -> Image.Image:
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale 0-65535 to 0-255 rather than clip everything bright to white.
        # Files that only use 0-255 (some encoders write 8-bit data in 16-bit containers) keep their values.
        _, high = img.getextrema()
        return (img.point(lambda value: value / 257) if high > 255 else img).convert("L")
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # Flatten transparency onto white: JPEG has no alpha, and a gallery page is light or dark.
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return img


def _to_srgb(img: Image.Image, icc: bytes) -> Image.Image:
    if img.mode not in ("RGB", "CMYK", "L"):
        img = img.convert("RGB")
    try:
        return ImageCms.profileToProfile(
            img,
            ImageCms.ImageCmsProfile(io.BytesIO(icc)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        logger.warning("Ignoring an unusable ICC profile: %s", exc)
        return img


def _encode(img: Image.Image, spec: RenditionSpec) -> bytes:
    out = io.BytesIO()
    options: dict[str, object] = {"quality": spec.quality}
    if spec.format == "JPEG":
        options.update(optimize=True, progressive=True)
    elif spec.format == "WEBP":
        options.update(method=4)
    # No exif=, icc_profile= or comment: nothing private from the original survives.
    img.save(out, spec.format, **options)
    return out.getvalue()
