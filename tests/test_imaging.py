from __future__ import annotations

import hashlib
import io

import pytest
from django.test import SimpleTestCase
from PIL import Image

from galleries import imaging
from tests.images import jpeg_bytes, real_path

LIMITS = {"max_bytes": 60 * 1024 * 1024, "max_pixels": 150_000_000}


def inspect_bytes(data: bytes, **limits) -> imaging.ImageInfo:
    return imaging.inspect(io.BytesIO(data), size=len(data), **(LIMITS | limits))


def inspect_real(name: str) -> imaging.ImageInfo:
    path = real_path(name)
    with path.open("rb") as source:
        return imaging.inspect(source, size=path.stat().st_size, **LIMITS)


class InspectTests(SimpleTestCase):
    def test_plain_jpeg_reports_size_format_and_checksum(self):
        data = jpeg_bytes((64, 48))
        info = inspect_bytes(data)
        assert (info.format, info.width, info.height, info.frames) == ("JPEG", 64, 48, 1)
        assert info.sha256 == hashlib.sha256(data).hexdigest()

    def test_orientation_6_reports_upright_size(self):
        info = inspect_real("Portrait_6.jpg")
        assert (info.width, info.height) == (1200, 1800)

    def test_empty_file_is_refused(self):
        with pytest.raises(imaging.ImageRejected, match="empty"):
            inspect_bytes(b"")

    def test_file_over_the_byte_limit_is_refused(self):
        with pytest.raises(imaging.ImageRejected, match="too large"):
            inspect_bytes(jpeg_bytes(), max_bytes=100)

    def test_image_over_the_pixel_limit_is_refused(self):
        with pytest.raises(imaging.ImageRejected, match="dimensions are too large"):
            inspect_bytes(jpeg_bytes((200, 200)), max_pixels=10_000)

    def test_truncated_jpeg_that_passes_verify_is_refused(self):
        with pytest.raises(imaging.ImageRejected, match="damaged or incomplete"):
            inspect_real("truncated_jpeg.jpg")

    def test_bomb_in_a_later_gif_frame_is_refused(self):
        with pytest.raises(imaging.ImageRejected, match="dimensions are too large"):
            inspect_real("decompression_bomb_extents.gif")

    def test_png_text_chunk_bomb_is_refused(self):
        with pytest.raises(imaging.ImageRejected, match="damaged or incomplete"):
            inspect_real("png_decompression_dos.png")

    def test_formats_outside_the_allow_list_are_refused(self):
        buffer = io.BytesIO()
        Image.new("RGB", (32, 32)).save(buffer, "BMP")
        with pytest.raises(imaging.ImageRejected, match="not an image we accept"):
            inspect_bytes(buffer.getvalue())

    def test_mpo_from_a_stereo_camera_is_accepted(self):
        assert inspect_real("sugarshack.mpo").format == "MPO"

    def test_corrupt_exif_is_treated_as_missing(self):
        info = inspect_real("hopper_bad_exif.jpg")
        assert (info.width, info.height, info.metadata.camera, info.metadata.taken_at) == (500, 500, "", None)


class RenditionSpecTests(SimpleTestCase):
    def test_source_narrower_than_a_width_is_not_upscaled(self):
        specs = imaging.rendition_specs(source_width=1800, widths=[320, 960, 2560], formats=["JPEG"])
        assert [s.width for s in specs] == [1800, 960, 320]

    def test_large_source_gets_every_configured_width(self):
        specs = imaging.rendition_specs(source_width=3000, widths=[320, 960], formats=["WEBP", "JPEG"])
        assert [(s.width, s.format) for s in specs] == [(960, "WEBP"), (960, "JPEG"), (320, "WEBP"), (320, "JPEG")]

    def test_tiny_source_gets_one_rendition_at_its_own_width(self):
        specs = imaging.rendition_specs(source_width=100, widths=[320, 960], formats=["JPEG"])
        assert [s.width for s in specs] == [100]


class RenderTests(SimpleTestCase):
    def render_real(self, name: str, width: int = 320) -> Image.Image:
        with real_path(name).open("rb") as source:
            (rendered,) = imaging.render(source, [imaging.RenditionSpec(width=width, format="JPEG")])
        return Image.open(io.BytesIO(rendered.data))

    def test_sixteen_bit_big_endian_tiff_comes_out_eight_bit_with_its_range_scaled(self):
        img = Image.new("I;16B", (40, 30))
        img.putdata([index * 50 for index in range(40 * 30)])  # 0 … 59,950 of 65,535
        source = io.BytesIO()
        img.save(source, "TIFF")
        source.seek(0)
        (rendered,) = imaging.render(source, [imaging.RenditionSpec(width=40, format="JPEG")])
        brightest = Image.open(io.BytesIO(rendered.data)).convert("L").getextrema()[1]
        assert 220 <= brightest <= 240  # 59,950 / 257 ≈ 233, not clipped to white

    def test_rotated_photo_comes_out_upright_without_an_orientation_tag(self):
        img = self.render_real("Landscape_6.jpg")
        assert img.size == (320, 213)
        assert img.getexif().get(0x0112) in (None, 1)

    def test_cmyk_comes_out_rgb_and_not_inverted(self):
        with real_path("pil_sample_cmyk.jpg").open("rb") as source:
            original = Image.open(source).convert("RGB").resize((1, 1)).getpixel((0, 0))
        rendered = self.render_real("pil_sample_cmyk.jpg", width=100)
        assert rendered.mode == "RGB"
        average = rendered.resize((1, 1)).getpixel((0, 0))
        assert all(abs(a - b) < 40 for a, b in zip(average, original, strict=True))

    def test_16_bit_greyscale_is_scaled_not_clipped_to_white(self):
        img = self.render_real("i_trns.png", width=64)
        low, high = img.convert("L").getextrema()
        assert high - low > 50
        assert low < 250

    def test_rendition_carries_no_gps_or_camera_metadata(self):
        img = self.render_real("exif_gps.jpg", width=8)
        exif = img.getexif()
        assert not exif.get_ifd(0x8825)
        assert 0x010F not in exif
        assert 0x0110 not in exif
        assert "comment" not in img.info
        assert "icc_profile" not in img.info

    def test_rendition_carries_the_rights_statement(self):
        rights = imaging.Rights(
            creator="Serena Auñón-Chancellor",
            credit_line="Serena Auñón-Chancellor/NASA",
            copyright="Serena Auñón-Chancellor/NASA. Public domain (NASA media guidelines)",
            license_url="https://www.nasa.gov/nasa-brand-center/images-and-media/",
        )
        for fmt in ("JPEG", "WEBP", "AVIF"):
            with real_path("Landscape_6.jpg").open("rb") as source:
                (rendered,) = imaging.render(source, [imaging.RenditionSpec(width=160, format=fmt)], rights=rights)
            img = Image.open(io.BytesIO(rendered.data))
            assert img.format == fmt
            assert img.getexif()[0x013B] == "Serena Aunon-Chancellor"  # EXIF Artist is ASCII
            assert img.getexif()[0x8298].startswith("Serena Aunon-Chancellor/NASA. Public domain")
            description = img.getxmp()["xmpmeta"]["RDF"]["Description"]
            assert description["Credit"] == "Serena Auñón-Chancellor/NASA"
            assert description["creator"]["Seq"]["li"] == "Serena Auñón-Chancellor"
            assert description["WebStatement"] == rights.license_url

    def test_webp_spec_renders_a_webp_file(self):
        with real_path("Landscape_6.jpg").open("rb") as source:
            (rendered,) = imaging.render(source, [imaging.RenditionSpec(width=160, format="WEBP")])
        assert Image.open(io.BytesIO(rendered.data)).format == "WEBP"


class CreditNamesTests(SimpleTestCase):
    def names(self, creator: str = "", line: str = "") -> tuple[str, str] | None:
        return imaging.credit_names(imaging.Metadata(creator=creator, credit_line=line))

    def test_the_creator_and_the_credit_line_give_photographer_and_organization(self):
        assert self.names("Joel Kowsky", "NASA/Joel Kowsky") == ("Joel Kowsky", "NASA")

    def test_a_placeholder_is_not_a_name(self):
        assert self.names(line="CREDIT") is None

    def test_a_placeholder_photographer_leaves_the_organization(self):
        assert self.names("Photographer", "NASA") == ("", "NASA")

    def test_punctuation_is_not_a_name(self):
        assert self.names("---", "/") is None

    def test_a_photographer_in_capitals_is_offered_in_title_case(self):
        assert self.names(line="SSG KYLE DAVIS/HHC 1ST BCT") == ("Ssg Kyle Davis", "HHC 1ST BCT")
