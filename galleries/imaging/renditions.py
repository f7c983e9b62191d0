"""Make renditions: upright, sRGB, 8-bit, stripped of private metadata, signed with the rights statement."""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, cast
from xml.sax.saxutils import escape

from PIL import Image, ImageCms

from galleries.imaging.validation import ACCEPTED_FORMATS, SWAPPED_ORIENTATIONS, orientation

logger = logging.getLogger(__name__)

EXIF_ARTIST, EXIF_COPYRIGHT = 0x013B, 0x8298
QUALITY = {"JPEG": 80, "WEBP": 78, "AVIF": 60}  # AVIF q60 ≈ JPEG q80 at about half the bytes
MIME_TYPES = {"JPEG": "image/jpeg", "WEBP": "image/webp", "AVIF": "image/avif"}


@dataclass(frozen=True)
class RenditionSpec:
    width: int  # target width in pixels; originals are never upscaled
    format: str  # "AVIF", "WEBP" or "JPEG"

    @property
    def quality(self) -> int:
        return QUALITY[self.format]


@dataclass(frozen=True)
class Rights:
    """Who a photo belongs to, embedded in every rendition so a saved copy still says so.

    The headline and caption are written when the renditions are made (a new original, a new
    credit or licence, `manage.py regenerate_renditions --mission SLUG`), not after every text edit:
    that would re-encode a dozen files and give them new addresses for each saved caption."""

    creator: str = ""  # "Joel Kowsky"
    credit_line: str = ""  # "Joel Kowsky/NASA"
    copyright: str = ""  # "Joel Kowsky/NASA. Public domain (NASA media guidelines)"
    license_url: str = ""
    licensor_url: str = ""  # the photo's public page: Google Images' "Get this image on"
    headline: str = ""  # the title
    description: str = ""  # the caption


# Longest headline and caption written into a rendition (a caption of a few thousand characters
# would weigh more than a thumbnail).
HEADLINE_LIMIT, DESCRIPTION_LIMIT = 200, 2000


@dataclass(frozen=True)
class RenderedImage:
    spec: RenditionSpec
    width: int
    height: int
    data: bytes


def rendition_specs(*, source_width: int, widths: Iterable[int], formats: Iterable[str]) -> list[RenditionSpec]:
    """Return the renditions to make for a source `source_width` wide: never upscaled, widest first.

    Configured widths the source cannot fill are replaced by one rendition at the source's own width.
    """
    widths = set(widths)
    fitting = {w for w in widths if w < source_width}
    if any(w >= source_width for w in widths):
        fitting.add(source_width)
    return [RenditionSpec(width=w, format=f) for w in sorted(fitting, reverse=True) for f in formats]


def render(
    source: IO[bytes], specs: list[RenditionSpec], *, rights: Rights | None = None, quality: int | None = None
) -> list[RenderedImage]:
    """Decode `source` once and return every spec, upright, sRGB and 8-bit.

    Sizes cascade from the widest down, each resize starting from the previous, smaller image;
    encoding runs on a second thread while the next size is made (Pillow releases the GIL).
    Nothing private survives (EXIF, GPS, serials, comments, ICC); `rights` is written instead.
    `quality` replaces each format's usual one (QUALITY), e.g. for a full-size copy to download.
    """
    exif, xmp = _rights_metadata(rights or Rights())
    widest = max(spec.width for spec in specs)
    # Not a `with` block: the upright image may be the opened file itself, still needed after decoding.
    img = Image.open(source, formats=ACCEPTED_FORMATS)
    try:
        img.seek(0)  # animated and multi-frame images: the first frame
        current = _upright_srgb(img, target_width=widest)
        current.load()  # decode here, once: the encoding thread and the next resize both read it
        # Pillow writes some of `info` back on save (a JPEG comment survives resizing): drop it all.
        current.info = {}
        # One job per size: Image.save() sets attributes on the image, so one image is never
        # saved from two threads at once.
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = []
            for width in sorted({spec.width for spec in specs}, reverse=True):
                if current.width != width:
                    height = max(1, round(current.height * width / current.width))
                    current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                same_size = [s for s in specs if s.width == width]
                jobs.append(pool.submit(_encode_all, current, same_size, exif, xmp, quality))
            return [rendered for job in jobs for rendered in job.result()]
    finally:
        img.close()


def dominant_color(data: bytes) -> str:
    """Return the average colour of an encoded image as "#rrggbb", for a placeholder behind it."""
    with Image.open(io.BytesIO(data)) as img:
        img.draft("RGB", (64, 64))
        pixel = img.convert("RGB").resize((1, 1), Image.Resampling.BOX).tobytes()  # one pixel: red, green, blue
    return f"#{pixel.hex()}"


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
    if turn in TRANSPOSE_FOR_ORIENTATION:  # orientation 1 needs no copy at all
        img = img.transpose(TRANSPOSE_FOR_ORIENTATION[turn])
    return img


def _to_8bit(img: Image.Image) -> Image.Image:
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale 0-65535 to 0-255 rather than clip everything bright to white.
        # Files that only use 0-255 (some encoders write 8-bit data in 16-bit containers) keep their values.
        # Pillow's getextrema() and point() refuse the big- and little-endian 16-bit modes: widen first.
        wide = img.convert("I")
        high = cast(float, wide.getextrema()[1])  # one band: (lowest, highest)
        return (wide.point(lambda value: value / 257) if high > 255 else wide).convert("L")
    if img.mode in ("RGBA", "LA", "PA", "RGBa") or (img.mode == "P" and "transparency" in img.info):
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
        srgb = ImageCms.profileToProfile(
            img,
            ImageCms.ImageCmsProfile(io.BytesIO(icc)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        logger.warning("Ignoring an unusable ICC profile: %s", exc)
        return img
    return img if srgb is None else srgb  # None only when converting in place, which we never ask for


def _ascii(text: str) -> str:
    """EXIF text is ASCII: keep letters, drop accents ("Auñón" → "Aunon")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 128 and not unicodedata.combining(ch))


def _rights_metadata(rights: Rights) -> tuple[bytes, bytes]:
    exif = Image.Exif()
    if rights.creator:
        exif[EXIF_ARTIST] = _ascii(rights.creator)
    if rights.copyright:
        exif[EXIF_COPYRIGHT] = _ascii(rights.copyright)
    fields = []
    if rights.creator:
        fields.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(rights.creator)}</rdf:li></rdf:Seq></dc:creator>")
    if rights.copyright:
        notice = escape(rights.copyright)
        fields.append(f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{notice}</rdf:li></rdf:Alt></dc:rights>')
    if rights.credit_line:
        fields.append(f"<photoshop:Credit>{escape(rights.credit_line)}</photoshop:Credit>")
    if rights.license_url:
        fields.append(f"<xmpRights:WebStatement>{escape(rights.license_url)}</xmpRights:WebStatement>")
    fields += _description_fields(rights)
    if not fields:
        return exif.tobytes(), b""
    xmp = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"'
        ' xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/">'
        + "".join(fields)
        + '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    return exif.tobytes(), xmp.encode("utf-8")


def _description_fields(rights: Rights) -> list[str]:
    """The IPTC Licensor URL, headline and caption as XMP properties, escaped and capped."""
    fields = []
    if rights.licensor_url:
        fields.append(
            '<plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource">'
            f"<plus:LicensorURL>{escape(_xml_text(rights.licensor_url, 2000))}</plus:LicensorURL>"
            "</rdf:li></rdf:Seq></plus:Licensor>"
        )
    if rights.headline:
        fields.append(f"<photoshop:Headline>{escape(_xml_text(rights.headline, HEADLINE_LIMIT))}</photoshop:Headline>")
    if rights.description:
        caption = escape(_xml_text(rights.description, DESCRIPTION_LIMIT))
        fields.append(
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{caption}</rdf:li></rdf:Alt></dc:description>'
        )
    return fields


def _xml_text(text: str, limit: int) -> str:
    """`text` without what XML 1.0 forbids (control characters but tab and newline), cut to `limit`."""
    kept = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch) != "Cc")
    return kept[:limit].rstrip()


def _encode_all(
    img: Image.Image, specs: list[RenditionSpec], exif: bytes, xmp: bytes, quality: int | None = None
) -> list[RenderedImage]:
    return [RenderedImage(spec, img.width, img.height, _encode(img, spec, exif, xmp, quality)) for spec in specs]


def _encode(img: Image.Image, spec: RenditionSpec, exif: bytes, xmp: bytes, quality: int | None = None) -> bytes:
    out = io.BytesIO()
    options: dict[str, object] = {"quality": quality or spec.quality, "exif": exif}
    if xmp:
        options["xmp"] = xmp
    if spec.format == "JPEG":
        options.update(optimize=True, progressive=True)
    elif spec.format == "WEBP":
        options.update(method=4)
    elif spec.format == "AVIF":
        options.update(speed=7)
    # Only what we pass is written: no EXIF from the original, no ICC (sRGB is the default), no comment.
    img.save(out, spec.format, **options)
    return out.getvalue()
