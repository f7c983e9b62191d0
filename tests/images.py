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
