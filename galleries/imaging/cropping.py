"""Make the art-directed crops pages need, around a focal point, from an original.

Like galleries.imaging.renditions (whose decoding and signing they share): upright, sRGB, 8-bit,
nothing private kept, the rights statement written in. The geometry is galleries.imaging.crops'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from PIL import Image

from galleries.imaging import crops
from galleries.imaging.renditions import RenditionSpec, Rights, _encode, _rights_metadata, _upright_srgb
from galleries.imaging.validation import ACCEPTED_FORMATS


@dataclass(frozen=True)
class CropSpec:
    """One kind of crop: its label in the renditions record ("3:2"), its shape and stored sizes."""

    label: str
    ratio: tuple[int, int]
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    exact: bool = False  # always exactly width × height (letterboxed if it must): the social card

    def target(self, width: int) -> tuple[int, int]:
        return (width, max(1, round(width * self.ratio[1] / self.ratio[0])))


# The 3:2 crop fills the home page's mission cards and the crew and search pages' thumbnails (both
# 3:2 boxes in site.css, at most 291 and 220 CSS pixels wide, about 560 on a phone); the square one
# is for square thumbnails (the editor's preview shows it; no public page uses one yet); the social
# card is og:image and twitter:image.
CROP_SPECS = (
    CropSpec("3:2", (3, 2), (320, 640, 960), ("WEBP", "JPEG")),
    CropSpec("1:1", (1, 1), (240, 480), ("WEBP", "JPEG")),
    CropSpec("social", (1200, 630), (1200,), ("JPEG",), exact=True),
)


@dataclass(frozen=True)
class RenderedCrop:
    label: str
    width: int
    height: int
    format: str
    data: bytes


def render_crops(
    source: IO[bytes],
    *,
    size: tuple[int, int],
    focal: crops.Point | None,
    rect: crops.Rect | None,
    specs: tuple[CropSpec, ...] = CROP_SPECS,
    rights: Rights | None = None,
) -> list[RenderedCrop]:
    """Decode `source` (an original `size` pixels upright) once, at the smallest scale that still
    gives every crop its full size, and return every spec's crops. Without a `focal` point, the
    salient point of the picture (galleries.imaging.crops.salient_point) is used."""
    exif, xmp = _rights_metadata(rights or Rights())
    img = Image.open(source, formats=ACCEPTED_FORMATS)
    try:
        img.seek(0)
        upright = _upright_srgb(img, target_width=_decode_width(size, focal, rect, specs))
        upright.load()
        upright.info = {}
        focal = focal or crops.salient_point(upright)
        made = []
        for spec in specs:
            box = crops.crop_box(size=upright.size, ratio=spec.ratio[0] / spec.ratio[1], focal=focal, rect=rect)
            piece = upright.crop(box.as_tuple())
            for width in sorted(set(spec.widths), reverse=True):
                target = spec.target(width)
                if spec.exact:
                    sized = crops.letterbox(piece, target)
                else:
                    fitted = crops.fitted_size(box, target)
                    if fitted[0] < width and any(w < width and w >= fitted[0] for w in spec.widths):
                        continue  # a smaller configured width already covers this small crop
                    sized = piece if fitted == piece.size else piece.resize(fitted, Image.Resampling.LANCZOS)
                for fmt in spec.formats:
                    data = _encode(sized, RenditionSpec(width=sized.width, format=fmt), exif, xmp)
                    made.append(RenderedCrop(spec.label, sized.width, sized.height, fmt, data))
        return made
    finally:
        img.close()


def _decode_width(
    size: tuple[int, int], focal: crops.Point | None, rect: crops.Rect | None, specs: tuple[CropSpec, ...]
) -> int:
    """How wide the upright image must be decoded for the widest crop of every spec to be made at
    full size from it (JPEG decodes at 1/2, 1/4 or 1/8 when that is enough)."""
    needed = 1
    for spec in specs:
        box = crops.crop_box(size=size, ratio=spec.ratio[0] / spec.ratio[1], focal=focal, rect=rect)
        needed = max(needed, round(max(spec.widths) * size[0] / box.width))
    return min(size[0], needed)
