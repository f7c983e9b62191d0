"""How a photo was exposed, read from its EXIF: lens, shutter, aperture, ISO and focal length.

Every value comes from the uploader's file (THREATS #12): numbers must be finite and within what
a camera can do, text is cleaned and capped, and anything else becomes "unknown". Serial numbers
(BodySerialNumber, LensSerialNumber) and GPS are never read here.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

TAG_EXPOSURE_TIME, TAG_F_NUMBER, TAG_ISO, TAG_FOCAL_LENGTH = 0x829A, 0x829D, 0x8827, 0x920A
TAG_LENS_MAKE, TAG_LENS_MODEL = 0xA433, 0xA434

# What real cameras can do, generously: anything outside is a broken or forged tag.
SECONDS = (1 / 100_000, 24 * 3600)  # a day-long exposure at most
APERTURE = (0.5, 256.0)
ISO = (1, 10_000_000)
FOCAL_MM = (0.5, 10_000.0)


@dataclass(frozen=True)
class Exposure:
    """What the file says about the shot; None and "" mean "the file does not say"."""

    lens: str = ""
    exposure_time: float | None = None  # seconds
    aperture: float | None = None  # the f-number
    iso: int | None = None
    focal_length: float | None = None  # millimetres
    utc_offset: int | None = None  # minutes east of UTC where the camera's clock was, when given

    def as_record(self) -> dict[str, Any]:
        """The JSON stored on Photo.exposure: only what is known."""
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}


def read_exposure(exif_ifd: dict[int, Any], *, utc_offset: int | None, clean: Any) -> Exposure:
    """The exposure of a photo from its EXIF sub-IFD; `clean` is metadata.clean_text."""
    lens_make, lens = (clean(exif_ifd.get(tag), 100) for tag in (TAG_LENS_MAKE, TAG_LENS_MODEL))
    if lens and lens_make and not lens.casefold().startswith(lens_make.casefold().split()[0]):
        lens = f"{lens_make} {lens}"[:100]
    iso = _number(_first(exif_ifd.get(TAG_ISO)), *ISO)
    return Exposure(
        lens=lens,
        exposure_time=_number(exif_ifd.get(TAG_EXPOSURE_TIME), *SECONDS),
        aperture=_rounded(_number(exif_ifd.get(TAG_F_NUMBER), *APERTURE), 1),
        iso=round(iso) if iso is not None else None,
        focal_length=_rounded(_number(exif_ifd.get(TAG_FOCAL_LENGTH), *FOCAL_MM), 1),
        utc_offset=utc_offset,
    )


def _first(value: Any) -> Any:
    """ISO may be a list of values (one per sensitivity type): the first is the one shown."""
    return value[0] if isinstance(value, tuple | list) and value else value


def _number(value: Any, low: float, high: float) -> float | None:
    """`value` (an IFDRational, int or float) as a float within [low, high], else None."""
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return number if math.isfinite(number) and low <= number <= high else None


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def shutter_text(seconds: float) -> str:
    """1/250 s for short exposures, 2 s or 1.5 s for long ones."""
    if seconds < 1:
        return f"1/{round(1 / seconds):,} s" if seconds <= 0.5 else f"{Fraction(seconds).limit_denominator(10)} s"
    return f"{seconds:.1f}".removesuffix(".0") + " s"


def number_text(value: float) -> str:
    """5.6, 50 (not 50.0)."""
    return f"{value:.1f}".removesuffix(".0")


def offset_text(minutes: int) -> str:
    """UTC+06:00, UTC−03:30 (a true minus sign)."""
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"
