"""Property-based tests (hypothesis) for the code that reads what uploaders control: file names,
file bytes and the text inside files."""

from __future__ import annotations

import datetime as dt
import io
import struct
import unicodedata
import warnings

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from PIL import Image, TiffImagePlugin

from galleries import imaging
from galleries.imaging.metadata import EARLIEST_PHOTO, MAX_TEXT, NOT_NAMES
from galleries.text import fold
from tests.images import DATA

# Every character, including controls, format characters, private use and lone surrogates.
any_text = st.text(st.characters(exclude_categories=()), max_size=400)
# Pillow's decoders are compiled code and take a few milliseconds: no deadline, fewer examples.
# No example database: the suite leaves nothing behind in the checkout.
fast = settings(max_examples=300, database=None)
decoding = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
MAX_BYTES = 10_000_000
MAX_PIXELS = 4_000_000


def is_control(char: str) -> bool:
    return unicodedata.category(char)[0] == "C"


# --- Uploaded file names -------------------------------------------------------------------------


@fast
@given(any_text)
@example("../../etc/passwd")
@example("C:\\Users\\eva\\Desktop\\launch.jpg")
@example("\x00.jpg")
@example(" . ")
@example("x" * 300 + ".jpeg")
def test_display_name_is_a_short_visible_base_name(name):
    result = imaging.display_name(name)
    assert result
    assert len(result) <= 255
    assert "/" not in result
    assert "\\" not in result
    assert not any(is_control(char) for char in result)
    assert result not in (".", "..")


@fast
@given(any_text)
@example("e\u200d\u0301.jpg")  # "é" split by a zero-width joiner
def test_display_name_is_nfc(name):
    result = imaging.display_name(name)
    assert unicodedata.is_normalized("NFC", result)


visible_stem = st.text(st.characters(exclude_categories=("C", "Z"), exclude_characters="/\\:."), min_size=1)


@fast
@given(
    before=st.text(st.characters(exclude_characters="/\\"), max_size=300),
    stem=visible_stem,
    extension=st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True),
    folder=st.sampled_from(["", "../", "a/b/", "C:\\temp\\", "/abs/"]),
)
@example(before="x" * 400, stem="y", extension="jpeg", folder="")
def test_display_name_keeps_a_short_extension(before, stem, extension, folder):
    result = imaging.display_name(f"{folder}{before}{stem}.{extension}")
    assert result.endswith(f".{extension}")


# Generated clean, rather than filtered out of any_text: too few of those pass the checks below, and
# Hypothesis then fails the filter_too_much health check at random.
clean_names = st.text(
    st.characters(exclude_categories=("C",), exclude_characters="/\\:"), min_size=1, max_size=255
).map(lambda text: unicodedata.normalize("NFC", text).strip(" ."))


@fast
@given(clean_names)
def test_display_name_of_a_clean_short_name_is_that_name(name):
    assume(0 < len(name) <= 255 and unicodedata.is_normalized("NFC", name))
    assume(not any(is_control(char) or char in "/\\:" for char in name) and name == name.strip(" ."))
    assert imaging.display_name(name) == name


# --- Accent folding for search -------------------------------------------------------------------


@fast
@given(any_text)
@example("Serena Auñón-Chancellor")
@example("STRASSE Straße ǅ İ ﬀ")
def test_fold_is_idempotent_case_folded_and_without_combining_marks(text):
    folded = fold(text)
    assert fold(folded) == folded
    # Case-folded, which is "lower case" for every script but Cherokee (it folds to upper case).
    assert folded.casefold() == folded
    assert not any(unicodedata.combining(char) for char in folded)
    assert folded == folded.strip()
    assert "  " not in folded


@fast
@given(st.text(st.characters(codec="latin-1"), max_size=60))
def test_fold_makes_accented_latin_text_match_its_plain_spelling(text):
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    assert fold(text) == fold(plain)


# --- File bytes: inspect and read_metadata --------------------------------------------------------


def iptc_segment(records: dict[int, bytes]) -> bytes:
    """A JPEG APP13 segment holding IPTC-IIM records of dataset 2 (caption, by-line, keywords…)."""
    iim = b"".join(
        b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value for number, value in records.items()
    )
    if len(iim) % 2:
        iim += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def seed_jpeg() -> bytes:
    """A small JPEG carrying EXIF (with GPS), XMP, IPTC and a comment: every parser has bytes to chew on."""
    exif = Image.Exif()
    exif[0x013B] = "Joel Kowsky"  # Artist
    exif[0x010F], exif[0x0110] = "NIKON CORPORATION", "NIKON D5"
    exif[0x0112] = 6  # Orientation
    exif.get_ifd(0x8769)[0x9003] = "2018:06:06 11:12:13"
    exif.get_ifd(0x8825).update({1: "N", 2: (45.0, 57.0, 54.0), 3: "E", 4: (63.0, 18.0, 19.0)})
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="NASA">'
        b"<dc:title><rdf:Alt><rdf:li>Soyuz rollout</rdf:li></rdf:Alt></dc:title>"
        b"<dc:subject><rdf:Bag><rdf:li>Soyuz</rdf:li><rdf:li>Baikonur</rdf:li></rdf:Bag></dc:subject>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    out = io.BytesIO()
    Image.new("RGB", (24, 16), "navy").save(out, "JPEG", exif=exif, xmp=xmp, comment=b"<script>x</script>")
    data = out.getvalue()
    iptc = iptc_segment({120: b"The Soyuz rocket is rolled out", 80: b"Joel Kowsky", 25: b"launch"})
    return data[:2] + iptc + data[2:]


SEEDS = [seed_jpeg(), (DATA / "exif_gps.jpg").read_bytes()]
MAGICS = [
    b"\xff\xd8\xff\xe1",
    b"\x89PNG\r\n\x1a\n",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF\x00\x00\x00\x00WEBPVP8 ",
]


@st.composite
def mutated_images(draw) -> bytes:
    """A real JPEG with some bytes overwritten, some inserted, and maybe cut short."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        if draw(st.booleans()):
            data[position] = draw(st.integers(0, 255))
        else:
            data[position:position] = draw(st.binary(min_size=1, max_size=16))
    if draw(st.booleans()):
        data = data[: draw(st.integers(1, len(data)))]
    return bytes(data)


random_files = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda magic, rest: magic + rest, st.sampled_from(MAGICS), st.binary(max_size=2000)),
    mutated_images(),
)


def assert_clean_metadata(metadata: imaging.Metadata, *, now: dt.datetime) -> None:
    """What read_metadata promises about any file: tidy, capped text and plausible facts only."""
    for text, limit in [
        (metadata.title, 200),
        (metadata.caption, MAX_TEXT),
        (metadata.creator, 200),
        (metadata.credit_line, 200),
        (metadata.copyright, 500),
        (metadata.camera, 201),
        *((keyword, 100) for keyword in metadata.keywords),
    ]:
        assert len(text) <= limit
        assert text == text.strip()
        assert not any(is_control(char) for char in text)
    assert len(metadata.keywords) <= 50
    if metadata.taken_at is not None:
        assert metadata.taken_at.tzinfo is not None
        assert EARLIEST_PHOTO <= metadata.taken_at <= now + dt.timedelta(days=1)
    if metadata.gps is not None:
        latitude, longitude = metadata.gps
        assert -90 <= latitude <= 90
        assert -180 <= longitude <= 180


@decoding
@given(random_files)
def test_inspect_refuses_hostile_bytes_only_with_image_rejected(data):
    now = dt.datetime.now(dt.UTC)
    rejected: imaging.ImageRejected | None = None
    with warnings.catch_warnings(action="ignore"):
        try:
            info = imaging.inspect(io.BytesIO(data), size=len(data), max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS)
        except imaging.ImageRejected as exc:
            rejected = exc
    if rejected is not None:
        assert str(rejected)  # a message for the editor
        return
    assert info.format in imaging.ACCEPTED_FORMATS or info.format == "MPO"
    assert min(info.width, info.height) >= 8
    assert info.width * info.height * info.frames <= MAX_PIXELS
    assert_clean_metadata(info.metadata, now=now)


@decoding
@given(st.one_of(mutated_images(), mutated_images(), random_files))
def test_read_metadata_never_raises_on_an_image_pillow_opens(data):
    now = dt.datetime.now(dt.UTC)
    with warnings.catch_warnings(action="ignore"):
        try:
            img = Image.open(io.BytesIO(data), formats=imaging.ACCEPTED_FORMATS)
        except Exception:  # noqa: BLE001 - what Pillow cannot open is inspect's business, tested above
            assume(False)
        with img:
            assume(img.width * img.height <= MAX_PIXELS)  # PNG metadata decodes the pixels
            metadata = imaging.read_metadata(img, now=now)
    assert_clean_metadata(metadata, now=now)


exif_values = st.one_of(
    any_text,
    st.binary(max_size=300),
    st.integers(-(2**31), 2**32 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.builds(TiffImagePlugin.IFDRational, st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1)),
    st.tuples(*[st.builds(TiffImagePlugin.IFDRational, st.integers(0, 2**31), st.integers(0, 2**31))] * 3),
    st.from_regex(r"\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}", fullmatch=True),
)


@decoding
@given(
    main=st.dictionaries(st.sampled_from([0x010E, 0x010F, 0x0110, 0x0112, 0x013B, 0x8298]), exif_values, max_size=6),
    dates=st.dictionaries(st.sampled_from([0x9003, 0x9011]), exif_values, max_size=2),
    gps=st.dictionaries(st.sampled_from([1, 2, 3, 4]), exif_values, max_size=4),
)
def test_absurd_exif_never_refuses_a_good_image(main, dates, gps):
    exif = Image.Exif()
    exif.update(main)
    exif.get_ifd(0x8769).update(dates)
    exif.get_ifd(0x8825).update(gps)
    out = io.BytesIO()
    try:
        with warnings.catch_warnings(action="ignore"):  # "tag 33432 had too many entries"
            Image.new("RGB", (16, 12), "white").save(out, "JPEG", exif=exif)
    except Exception:  # noqa: BLE001 - Pillow cannot write every value; those files cannot reach us either
        assume(False)
    data = out.getvalue()
    now = dt.datetime.now(dt.UTC)
    with warnings.catch_warnings(action="ignore"):
        info = imaging.inspect(io.BytesIO(data), size=len(data), max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS)
    assert {info.width, info.height} == {16, 12}
    assert_clean_metadata(info.metadata, now=now)


# --- Credits named by a file ---------------------------------------------------------------------


@fast
@given(creator=any_text, line=any_text)
@example(creator="Joel Kowsky", line="NASA/Joel Kowsky")
@example(creator="", line="/")
def test_credit_suggestion_is_none_or_two_short_strings(creator, line):
    suggestion = imaging.credit_names(imaging.Metadata(creator=creator, credit_line=line))
    if suggestion is not None:
        photographer, organization = suggestion
        assert isinstance(photographer, str)
        assert isinstance(organization, str)
        assert len(photographer) <= 200
        assert len(organization) <= 200


@fast
@given(creator=any_text, line=any_text)
def test_credit_suggestion_from_cleaned_metadata_never_has_two_empty_names(creator, line):
    """Metadata as read_metadata returns it (cleaned) never suggests a credit with two empty names."""
    metadata = imaging.Metadata(creator=imaging.clean_text(creator, 200), credit_line=imaging.clean_text(line, 200))
    suggestion = imaging.credit_names(metadata)
    if suggestion is not None:
        assert any(suggestion)
    if any(is_a_name(part) for part in metadata.credit_line.split("/")):
        assert suggestion is not None


def is_a_name(text: str) -> bool:
    """What credit_names takes for a name: a letter at least, and not a placeholder such as "CREDIT"."""
    text = text.strip()
    return any(char.isalpha() for char in text) and text.casefold().strip(".:") not in NOT_NAMES


names = st.text(st.characters(exclude_categories=("C",), exclude_characters="/"), min_size=1, max_size=200).map(
    lambda text: imaging.clean_text(text, 200)
)


@fast
@given(photographer=names, organization=names, photographer_first=st.booleans())
def test_credit_suggestion_puts_the_creator_first_whichever_way_the_line_reads(
    photographer, organization, photographer_first
):
    assume(is_a_name(photographer) and is_a_name(organization) and not photographer.isupper())
    line = f"{photographer}/{organization}" if photographer_first else f"{organization}/{photographer}"
    metadata = imaging.Metadata(creator=photographer, credit_line=line)
    assert imaging.credit_names(metadata) == (photographer, organization)


@fast
@given(creator=names, organization=names, shape=st.sampled_from(["{}/", "/{}", "/", " / "]))
@example(creator="Joel Kowsky", organization="NASA", shape="/")
@example(creator="Joel Kowsky", organization="NASA", shape="{}/")
def test_credit_suggestion_keeps_the_creator_when_the_line_names_no_photographer(creator, organization, shape):
    assume(is_a_name(creator) and is_a_name(organization) and not creator.isupper())
    assume(creator.casefold() != organization.casefold())
    metadata = imaging.Metadata(creator=creator, credit_line=shape.format(organization))
    suggestion = imaging.credit_names(metadata)
    assert suggestion is not None
    assert suggestion[0] == creator
