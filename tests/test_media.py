"""Media served by Django (make run, small sites) behaves as a web server would for browsers."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import make_photo


@pytest.fixture
def rendition(db) -> tuple[str, bytes]:
    """The address of a stored rendition and its bytes."""
    name = make_photo(size=(800, 600)).renditions[0]["name"]
    return f"/media/{name}", (Path(settings.MEDIA_ROOT) / name).read_bytes()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_rendition_is_cached_by_browsers_for_a_year(client, rendition):
    response = client.get(rendition[0])
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_rendition_is_not_compressed_again(client, rendition):
    response = client.get(rendition[0], headers={"Accept-Encoding": "gzip, br"})
    assert (response.has_header("Content-Encoding"), body(response)) == (False, rendition[1])


def test_a_page_is_still_compressed(client, rendition):
    assert client.get("/", headers={"Accept-Encoding": "gzip"})["Content-Encoding"] == "gzip"


def test_a_rendition_the_browser_has_answers_304(client, rendition):
    etag = client.get(rendition[0])["ETag"]
    assert client.get(rendition[0], headers={"If-None-Match": etag}).status_code == 304


def test_a_byte_range_answers_206_with_those_bytes(client, rendition):
    response = client.get(rendition[0], headers={"Range": "bytes=10-109"})
    size = len(rendition[1])
    assert (response.status_code, response["Content-Range"], body(response)) == (
        206,
        f"bytes 10-109/{size}",
        rendition[1][10:110],
    )


def test_a_suffix_range_answers_the_last_bytes(client, rendition):
    assert body(client.get(rendition[0], headers={"Range": "bytes=-16"})) == rendition[1][-16:]


@pytest.mark.parametrize(
    "wanted", ["bytes=999999999-", "bytes=50-10", "bytes=-", "bytes=x-1", "bytes=-0", "bytes=\u0661-"]
)
def test_a_range_that_cannot_be_served_answers_416(client, rendition, wanted):
    response = client.get(rendition[0], headers={"Range": wanted})
    assert (response.status_code, response["Content-Range"]) == (416, f"bytes */{len(rendition[1])}")


def test_a_range_in_a_unit_other_than_bytes_is_ignored(client, rendition):
    response = client.get(rendition[0], headers={"Range": "pages=1-2"})
    assert (response.status_code, body(response)) == (200, rendition[1])


def test_a_range_of_a_file_that_changed_answers_the_whole_file(client, rendition):
    response = client.get(rendition[0], headers={"Range": "bytes=0-9", "If-Range": '"stale"'})
    assert (response.status_code, body(response)) == (200, rendition[1])


@pytest.mark.parametrize(
    "address", ["/media/renditions/", "/media/renditions/nothing-here.jpg", "/media/../etc/passwd"]
)
def test_a_folder_or_missing_file_answers_404(client, db, address):
    assert client.get(address).status_code == 404
