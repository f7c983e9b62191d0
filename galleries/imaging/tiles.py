"""Deep-zoom tiles: the IIIF Image API 3.0 level 0 static layout of one picture, made with Pillow.

A level 0 service answers only the files it has, so the layout is fixed here and a viewer reads
it from info.json: square tiles of TILE_SIZE at scale factors 1, 2, 4, … down to the scale where
the whole picture fits in one tile, each at `{region}/{size}/0/default.jpg` with the region in
full-size pixels (`x,y,w,h`, or `full` when it is the whole picture) and the size in the
canonical 3.0 form `w,h`; plus whole-picture sizes for thumbnails (`full/w,h/0/default.jpg`).
Pure functions: no ORM, no storage.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import IO

from PIL import Image

from galleries.imaging.renditions import _upright_srgb
from galleries.imaging.validation import ACCEPTED_FORMATS

TILE_SIZE = 512
QUALITY = 80
# Whole-picture sizes listed in info.json (and stored) up to this many pixels on the long side.
LARGEST_LISTED_SIZE = 2 * TILE_SIZE


@dataclass(frozen=True)
class Tile:
    """One stored tile: its region of the full-size picture and the pixel size it is stored at."""

    x: int
    y: int
    width: int  # of the region, in full-size pixels
    height: int
    size: tuple[int, int]  # stored pixels
    scale: int

    def path(self, *, picture: tuple[int, int]) -> str:
        region = (
            "full"
            if (self.x, self.y, self.width, self.height) == (0, 0, *picture)
            else (f"{self.x},{self.y},{self.width},{self.height}")
        )
        return image_path(region, self.size)


def image_path(region: str, size: tuple[int, int]) -> str:
    """Where a level 0 service keeps the image of `region` at `size`, relative to its prefix."""
    return f"{region}/{size[0]},{size[1]}/0/default.jpg"


def scale_factors(width: int, height: int, tile_size: int = TILE_SIZE) -> list[int]:
    """1, 2, 4, … up to the first scale at which the whole picture fits in one tile."""
    factors = [1]
    while math.ceil(width / factors[-1]) > tile_size or math.ceil(height / factors[-1]) > tile_size:
        factors.append(factors[-1] * 2)
    return factors


def level_size(width: int, height: int, scale: int) -> tuple[int, int]:
    """The whole picture's pixel size at `scale` (what Image.reduce(scale) makes: rounded up)."""
    return math.ceil(width / scale), math.ceil(height / scale)


def listed_sizes(width: int, height: int, tile_size: int = TILE_SIZE) -> list[tuple[int, int]]:
    """The whole-picture sizes info.json lists, smallest first: the small levels, for thumbnails."""
    levels = (level_size(width, height, scale) for scale in reversed(scale_factors(width, height, tile_size)))
    return [size for size in levels if max(size) <= LARGEST_LISTED_SIZE]


def level_tiles(width: int, height: int, scale: int, tile_size: int = TILE_SIZE) -> list[Tile]:
    """The tiles of one scale, row by row; the last column and row are narrower at the edges."""
    span = tile_size * scale
    return [
        Tile(
            x=x,
            y=y,
            width=min(span, width - x),
            height=min(span, height - y),
            size=(math.ceil(min(span, width - x) / scale), math.ceil(min(span, height - y) / scale)),
            scale=scale,
        )
        for y in range(0, height, span)
        for x in range(0, width, span)
    ]


@lru_cache(maxsize=256)
def stored_layout(
    width: int, height: int, *, tile_size: int, factors: tuple[int, ...], sizes: tuple[tuple[int, int], ...]
) -> dict[str, tuple[tuple[int, int], ...]]:
    """Each stored region (as in its path) and the pixel sizes it is stored at, for a recorded
    layout: what was made is read back from the record, so a later change to this module's
    constants renames nothing. Cached (a few hundred photos): the tile view asks for every tile."""
    found: dict[str, list[tuple[int, int]]] = {}
    for scale in factors:
        for tile in level_tiles(width, height, scale, tile_size):
            region, _ = tile.path(picture=(width, height)).split("/", 1)
            found.setdefault(region, []).append(tile.size)
    found.setdefault("full", []).extend(sizes)
    return {region: tuple(dict.fromkeys(stored)) for region, stored in found.items()}


def layout_paths(
    width: int, height: int, *, tile_size: int, factors: tuple[int, ...], sizes: tuple[tuple[int, int], ...]
) -> list[str]:
    """Every file of a recorded layout, relative to its prefix, each once."""
    layout = stored_layout(width, height, tile_size=tile_size, factors=factors, sizes=sizes)
    return [image_path(region, size) for region, stored in layout.items() for size in stored]


def make_tiles(source: IO[bytes], tile_size: int = TILE_SIZE) -> Iterator[tuple[str, bytes]]:
    """Yield (path, JPEG bytes) for every file of the picture's layout, largest scale first.

    Memory stays near twice the decoded picture: one scale is in memory at a time (the next is
    made from it with Image.reduce, a box filter, before it is let go), and each tile is yielded
    as soon as it is encoded, for the caller to store. Tiles are upright and sRGB and carry no
    metadata at all (no EXIF, GPS, ICC or comment).
    """
    img = Image.open(source, formats=ACCEPTED_FORMATS)
    img.seek(0)  # animated and multi-frame images: the first frame
    # Upright and sRGB as renditions are; a target as large as the picture keeps libjpeg at full scale.
    level = _upright_srgb(img, target_width=max(img.size))
    if level is not img:
        img.close()  # the decoded original goes now; the caller closes the file itself
    del img
    level.info = {}  # Pillow writes some of `info` back on save (EXIF, a comment): drop it all
    width, height = level.size
    listed = set(listed_sizes(width, height, tile_size))
    seen: set[str] = set()
    for scale in scale_factors(width, height, tile_size):
        if scale > 1:
            level = level.reduce(2)
        for tile in level_tiles(width, height, scale, tile_size):
            left, top = tile.x // scale, tile.y // scale
            path = tile.path(picture=(width, height))
            seen.add(path)
            yield path, _encode(level.crop((left, top, left + tile.size[0], top + tile.size[1])))
        if level.size in listed and image_path("full", level.size) not in seen:
            seen.add(image_path("full", level.size))
            yield image_path("full", level.size), _encode(level)


def _encode(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=QUALITY, optimize=True)  # nothing but pixels: no exif, no icc
    return out.getvalue()
