"""Crop geometry: where a 3:2 card, a square thumbnail or a 1200 × 630 social card sits in a photo.

Pure functions of numbers (and, for the default focal point, of a small Pillow image), so the
editor's live preview (galleries/static/galleries/focal.js, which repeats crop_box) and the
renditions agree. Every point and rectangle is in fractions 0–1 of the *upright* image: an EXIF
orientation is applied before anyone sees the picture, so that is what the editor clicked.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageFilter

# Fractions of the upright image: (x, y) and (left, top, right, bottom).
Point = tuple[float, float]
Rect = tuple[float, float, float, float]

CENTRE: Point = (0.5, 0.5)


@dataclass(frozen=True)
class Box:
    """A crop in pixels of the upright image, as Image.crop() takes it (right and bottom excluded)."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.left, self.top, self.right, self.bottom)


def crop_box(*, size: tuple[int, int], ratio: float, focal: Point | None = None, rect: Rect | None = None) -> Box:
    """The largest box of shape `ratio` (width / height) inside `rect` (default: the whole image of
    `size` pixels), centred on `focal` as nearly as the rectangle allows.

    A focal point near an edge slides the box to that edge rather than leaving the image; a focal
    point outside the rectangle counts as the nearest point inside it. A rectangle narrower than
    `ratio` gives a box as wide as the rectangle (never wider: the editor cut the rest away), and
    every box is at least one pixel each way, so a 1 × 1 original still has a crop.
    """
    width, height = max(1, size[0]), max(1, size[1])
    left, top, right, bottom = _pixels(rect or (0.0, 0.0, 1.0, 1.0), width, height)
    region_w, region_h = right - left, bottom - top
    if region_w / region_h > ratio:  # the region is wider than the shape: full height
        box_h = region_h
        box_w = min(region_w, max(1, round(region_h * ratio)))
    else:
        box_w = region_w
        box_h = min(region_h, max(1, round(region_w / ratio)))
    fx, fy = focal or CENTRE
    centre_x, centre_y = fx * width, fy * height
    box_left = _clamp(round(centre_x - box_w / 2), left, right - box_w)
    box_top = _clamp(round(centre_y - box_h / 2), top, bottom - box_h)
    return Box(box_left, box_top, box_left + box_w, box_top + box_h)


def fitted_size(box: Box, target: tuple[int, int]) -> tuple[int, int]:
    """The size a crop of `box` is stored at for `target` (width, height): the target, or the box's
    own size when the box is smaller (a crop is never enlarged)."""
    scale = min(1.0, target[0] / box.width, target[1] / box.height)
    return (max(1, round(box.width * scale)), max(1, round(box.height * scale)))


# A social card is always 1200 × 630 (what Facebook, LinkedIn and X ask for), so a small crop is
# enlarged up to this much, and what it still lacks is filled with a blurred copy of itself.
SOCIAL_MAX_ENLARGEMENT = 2.0


def letterbox(
    img: Image.Image, target: tuple[int, int], *, max_enlargement: float = SOCIAL_MAX_ENLARGEMENT
) -> Image.Image:
    """`img` (already the crop, about target's shape) at exactly `target`: scaled down, or up by at
    most `max_enlargement`, and centred on a blurred, darkened copy of itself covering the card."""
    scale = min(target[0] / img.width, target[1] / img.height)
    if scale <= max_enlargement:
        return img.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    scale = max_enlargement
    inner = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))), Image.Resampling.LANCZOS)
    cover = max(target[0] / img.width, target[1] / img.height)
    background = img.resize((max(target[0], round(img.width * cover)), max(target[1], round(img.height * cover))))
    background = background.crop((0, 0, target[0], target[1])).filter(ImageFilter.GaussianBlur(24))
    background = Image.eval(background, lambda value: value * 3 // 5)
    background.paste(inner, ((target[0] - inner.width) // 2, (target[1] - inner.height) // 2))
    return background


def salient_point(img: Image.Image) -> Point:
    """A default focal point with no editor's choice and no face detection: the centre, pulled
    towards where a 64-pixel greyscale copy has most edges (detail draws the eye; flat sky and
    black space do not), weighted towards the middle so a busy border does not win.

    Cheap (a few milliseconds whatever the original's size, given a decoded image) and stable: a
    flat image gives the centre exactly.
    """
    scale = min(1.0, 64 / max(img.size))  # a box filter straight to 64 px: no full-size copy
    small = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))), Image.Resampling.BOX)
    small = small.convert("L")
    edges = small.filter(ImageFilter.FIND_EDGES)
    w, h = edges.size
    if w < 3 or h < 3:
        return CENTRE
    values = edges.tobytes()
    total = sx = sy = 0.0
    for y in range(1, h - 1):  # FIND_EDGES marks the image's own border: skip it
        dy = (y + 0.5) / h - 0.5
        row = y * w
        for x in range(1, w - 1):
            energy = values[row + x]
            if not energy:
                continue
            dx = (x + 0.5) / w - 0.5
            weight = energy * (1.0 - 1.6 * (dx * dx + dy * dy))  # 0.6 at the corners, 1 in the middle
            total += weight
            sx += weight * dx
            sy += weight * dy
    if total <= 0:
        return CENTRE
    pull = 0.8  # how far towards the detail, from the centre
    return (_clamp_fraction(0.5 + pull * sx / total), _clamp_fraction(0.5 + pull * sy / total))


def valid_rect(rect: Rect) -> bool:
    """A real rectangle inside the image: 0 ≤ left < right ≤ 1 and 0 ≤ top < bottom ≤ 1."""
    left, top, right, bottom = rect
    return 0 <= left < right <= 1 and 0 <= top < bottom <= 1


def _pixels(rect: Rect, width: int, height: int) -> tuple[int, int, int, int]:
    left = _clamp(round(rect[0] * width), 0, width - 1)
    top = _clamp(round(rect[1] * height), 0, height - 1)
    right = _clamp(round(rect[2] * width), left + 1, width)
    bottom = _clamp(round(rect[3] * height), top + 1, height)
    return left, top, right, bottom


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


def _clamp_fraction(value: float) -> float:
    return max(0.0, min(value, 1.0))
