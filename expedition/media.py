"""Local media through Django: for `make run`, tests and small sites (larger sites serve media from
the web server or S3 + CDN; see docs/deploy.md).

Only what pages show is public: photos' renditions and the renditions of mission patches and crew
portraits (pictures/). Originals keep what the camera wrote (GPS, serial numbers), and so may
uploaded patches and portraits (patches/, portraits/); uploaded zips hold originals: editors only. Served
as a web server would: renditions cached for a year (their names change whenever their pictures
do), a validator (ETag and Last-Modified, answered with 304), byte ranges (206) and no
compression of what is compressed already (CompressTextMiddleware).
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.middleware.gzip import GZipMiddleware
from django.utils._os import safe_join
from django.utils.http import http_date, parse_http_date_safe

PUBLIC_MEDIA = ("renditions/", "pictures/")
IMMUTABLE = "public, max-age=31536000, immutable"  # a rendition's name is new for every new picture
PRIVATE = "private, no-store"
RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)")  # ASCII digits: int() would read "١" as 1


def serve_media(request: HttpRequest, path: str) -> HttpResponse | StreamingHttpResponse | FileResponse:
    # Normalised as django.views.static.serve does (and case-folded, for case-insensitive disks),
    # so that "renditions/../originals/…" is not public.
    normalised = posixpath.normpath(path).lstrip("/")
    public = normalised.casefold().startswith(PUBLIC_MEDIA)
    if not public and not (request.user.is_active and request.user.is_staff):
        raise Http404("No such file.")
    try:
        file = Path(safe_join(str(settings.MEDIA_ROOT), normalised))  # read per request: tests change it
        stat = file.stat()
    except (ValueError, OSError) as error:  # outside MEDIA_ROOT, missing, or a folder below
        raise Http404("No such file.") from error
    if not file.is_file():
        raise Http404("No such file.")
    etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(stat.st_mtime),
        "Cache-Control": IMMUTABLE if public else PRIVATE,
        "Accept-Ranges": "bytes",
        # Uploaded files are only ever images: even a file that also parses as HTML runs nothing here.
        "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
        "X-Content-Type-Options": "nosniff",
    }
    response: HttpResponse | StreamingHttpResponse | FileResponse
    if _not_modified(request, etag, int(stat.st_mtime)):
        response = HttpResponseNotModified()
    else:
        response = _file_response(request, file, stat.st_size, etag)
    for name, value in headers.items():
        response[name] = value
    return response


def _not_modified(request: HttpRequest, etag: str, mtime: int) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return if_none_match.strip() == "*" or etag in [
            tag.strip().removeprefix("W/") for tag in if_none_match.split(",")
        ]
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and mtime <= since


def _file_response(
    request: HttpRequest, file: Path, size: int, etag: str
) -> HttpResponse | StreamingHttpResponse | FileResponse:
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    wanted = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    # A range of another unit, or of a file changed since the browser had it: the whole file.
    unit_known = wanted is not None and wanted.strip().startswith("bytes=")
    if not unit_known or (if_range is not None and if_range.strip() != etag):
        return FileResponse(file.open("rb"), content_type=content_type)
    span = _byte_range(wanted or "", size)
    if span is None:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    start, end = span
    part = StreamingHttpResponse(_chunks(file, start, end - start + 1), status=206, content_type=content_type)
    part["Content-Range"] = f"bytes {start}-{end}/{size}"
    part["Content-Length"] = str(end - start + 1)
    return part


def _chunks(file: Path, start: int, length: int, chunk: int = 65536) -> Iterator[bytes]:
    with file.open("rb") as handle:
        handle.seek(start)
        while length > 0 and (data := handle.read(min(chunk, length))):
            length -= len(data)
            yield data


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The one range `header` asks for, as (first, last) byte; None if it cannot be satisfied.
    Several ranges are answered with the first (a browser asks for one)."""
    match = RANGE.fullmatch(header.strip().split(",")[0].strip())
    if match is None or size == 0 or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes; the last 0 bytes are no range at all
        return (max(0, size - int(last)), size - 1) if int(last) > 0 else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end else None


class CompressTextMiddleware(GZipMiddleware):
    """GZipMiddleware for everything but images and other compressed media: recompressing a JPEG
    costs time, saves nothing and drops the Content-Length a byte range needs."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if content_type.startswith(("image/", "video/", "audio/")) and content_type != "image/svg+xml":
            return response
        return super().process_response(request, response)
