"""The demo's pictures: believable stand-ins for the seed's photos, and real public-domain ones.

The seed article's photographs are not ours to ship, so each Expedition 56 photo is drawn as a
scene in its own light (a sky or a lit room, the ground, the people it shows as silhouettes, a
rocket where the caption has one), with film grain and a vignette so that pages look like a photo
site, and a small "Placeholder" label so nobody mistakes it for the real picture.

Real photographs come from scikit-image's data module when it is installed (the `photos` extra):
its astronaut, Hubble and rocket images are public domain (NASA; SpaceX). The files are read from
the package's folder without importing it (scikit-image imports NumPy and SciPy).
"""

from __future__ import annotations

import importlib.util
import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from galleries.demo import DemoPhoto

Colour = tuple[int, int, int]


def placeholder_jpeg(row: DemoPhoto, size: tuple[int, int]) -> bytes:
    """Draw `row`'s scene at `size`, labelled as a placeholder, as a JPEG."""
    width, height = size
    rng = random.Random(row["title"])  # the same picture every time: the demo is idempotent
    top, bottom = row["palette"]
    horizon = int(height * rng.uniform(0.55, 0.7))
    img = _gradient((width, horizon), top, _mix(top, bottom, 0.8))
    ground = _gradient((width, height - horizon), _mix(bottom, (40, 36, 30), 0.35), _mix(bottom, (0, 0, 0), 0.6))
    img = _stack(img, ground)
    draw = ImageDraw.Draw(img)
    scale = height / 2000
    sun = (int(width * rng.uniform(0.15, 0.85)), int(horizon * rng.uniform(0.2, 0.5)))
    _glow(img, sun, int(420 * scale), _mix(bottom, (255, 244, 220), 0.7))
    text = f"{row['caption']} {row['location']}".lower()
    rocket = "rocket" in text or "launch pad" in text
    if rocket:  # far off, on the horizon; the people stand in the foreground, clear of it
        _rocket(draw, (int(width * 0.8), horizon), scale * 0.6)
    _figures(draw, int(width * (0.7 if rocket else 1)), height, len(row["people"]), scale, rng)
    img = img.filter(ImageFilter.GaussianBlur(radius=max(1, 3 * scale)))  # a lens, not a vector drawing
    img = _grain_and_vignette(img, rng)
    _label(img, "Placeholder", scale)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    ramp = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)


def _stack(upper: Image.Image, lower: Image.Image) -> Image.Image:
    img = Image.new("RGB", (upper.width, upper.height + lower.height))
    img.paste(upper, (0, 0))
    img.paste(lower, (0, upper.height))
    return img


def _glow(img: Image.Image, centre: tuple[int, int], radius: int, colour: Colour) -> None:
    """A soft light source: a radial gradient blended in where it is bright."""
    glow = Image.radial_gradient("L").resize((radius * 2, radius * 2))
    mask = glow.point(lambda value: max(0, 200 - value * 2))
    img.paste(Image.new("RGB", mask.size, colour), (centre[0] - radius, centre[1] - radius), mask)


def _rocket(draw: ImageDraw.ImageDraw, base: tuple[int, int], scale: float) -> None:
    x, ground = base
    body_w, body_h = int(90 * scale), int(1000 * scale)
    dark = (28, 28, 32)
    draw.rectangle([x - body_w // 2, ground - body_h, x + body_w // 2, ground], fill=dark)
    draw.polygon(
        [(x - body_w // 2, ground - body_h), (x, ground - body_h - 160 * scale), (x + body_w // 2, ground - body_h)],
        fill=dark,
    )
    for side in (-1, 1):  # the boosters of a Soyuz
        bx = x + side * body_w
        draw.polygon([(bx - 30 * scale, ground), (bx, ground - body_h * 0.45), (bx + 30 * scale, ground)], fill=dark)
    tower = x + int(260 * scale)
    draw.rectangle([tower, ground - int(body_h * 1.1), tower + int(50 * scale), ground], fill=(44, 40, 38))


def _figures(draw: ImageDraw.ImageDraw, width: int, height: int, count: int, scale: float, rng: random.Random) -> None:
    """`count` people in the foreground, in dark clothes, a little apart, across `width`."""
    spacing = width / (count + 1) if count else 0
    for n in range(count):
        x = spacing * (n + 1) + rng.uniform(-0.08, 0.08) * spacing
        feet = height - rng.uniform(60, 140) * scale
        tall = rng.uniform(1050, 1200) * scale
        colour = _mix((18, 24, 38), (58, 66, 86), rng.random())
        head, shoulders, hips = 70 * scale, 175 * scale, 130 * scale
        neck, waist = feet - tall + head * 2.2, feet - tall * 0.48
        draw.ellipse([x - head, feet - tall, x + head * 0.95, feet - tall + head * 2.1], fill=(30, 26, 24))
        draw.polygon(
            [
                (x - shoulders, neck + 40 * scale),
                (x + shoulders, neck + 40 * scale),
                (x + hips, waist),
                (x - hips, waist),
            ],
            fill=colour,
        )
        draw.ellipse([x - shoulders, neck, x + shoulders, neck + 90 * scale], fill=colour)  # the shoulders' curve
        for side in (-1, 1):  # legs, a hand's width apart
            draw.polygon(
                [
                    (x + side * 12 * scale, waist),
                    (x + side * hips, waist),
                    (x + side * 95 * scale, feet),
                    (x + side * 20 * scale, feet),
                ],
                fill=_mix(colour, (0, 0, 0), 0.3),
            )


def _grain_and_vignette(img: Image.Image, rng: random.Random) -> Image.Image:
    noise = Image.frombytes("L", img.size, rng.randbytes(img.width * img.height)).convert("RGB")
    img = Image.blend(img, noise, 0.06)
    vignette = Image.radial_gradient("L").resize(img.size).point(lambda value: min(255, value * 2 // 3))
    return Image.composite(Image.new("RGB", img.size, (0, 0, 0)), img, vignette.point(lambda v: v // 2))


def _label(img: Image.Image, text: str, scale: float) -> None:
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=max(10, int(54 * scale)))
    margin = int(40 * scale) + 4
    box = draw.textbbox((0, 0), text, font=font)
    pad = max(3, int(16 * scale))
    x, y = margin, img.height - margin - (box[3] - box[1]) - 2 * pad
    draw.rounded_rectangle([x, y, x + box[2] - box[0] + 2 * pad, y + box[3] + 2 * pad], radius=pad, fill=(0, 0, 0))
    draw.text((x + pad, y + pad), text, font=font, fill=(255, 255, 255))


def scikit_image_data() -> Path | None:
    """scikit-image's data folder, if the package is installed (found, not imported)."""
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return folder if folder.is_dir() else None
