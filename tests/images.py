"""Test images: generated in memory, or real files from tests/data and ../shared/testdata/real."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

DATA = Path(__file__).parent / "data"
SHARED_REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "testdata" / "real"


def jpeg_bytes(size: tuple[int, int] = (64, 48), color: str = "navy", **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", **save_options)
    return buffer.getvalue()


def image_upload(name: str = "eva.jpg", size: tuple[int, int] = (64, 48), color: str = "navy") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(size, color), content_type="image/jpeg")


def real_path(name: str) -> Path:
    """Path of a real test file: ours in tests/data, else the shared corpus; skip when neither has it."""
    for folder in (DATA, SHARED_REAL):
        if (folder / name).exists():
            return folder / name
    pytest.skip(f"{name} is read from ../shared/testdata/real/, which is absent (its licence keeps it out of tests/)")


def real_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, real_path(name).read_bytes())


def patch_upload(
    name: str, size: tuple[int, int], at: tuple[float, float], *, orientation: int = 1
) -> SimpleUploadedFile:
    """A grey JPEG, `size` upright, with a red square at `at` (fractions of the upright picture), so
    a test can tell whether a crop kept that spot. With `orientation` 6 the pixels are stored turned
    a quarter to the left, as a camera held upright writes them, and EXIF says how to turn them back."""
    img = Image.new("RGB", size, (128, 128, 128))
    side = max(4, min(size) // 10)
    x, y = round(at[0] * size[0]), round(at[1] * size[1])
    img.paste((255, 0, 0), (x - side // 2, y - side // 2, x + side // 2, y + side // 2))
    exif = Image.Exif()
    if orientation == 6:
        img = img.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=95, exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
