"""A photo's downloads and its metadata.json, under the photo page's address.

    /missions/<slug>/photos/<pk>/download/<size>/   small, medium, large or original (galleries.downloads)
    /missions/<slug>/photos/<pk>/metadata.json      what the page says of the photo, as JSON

Both answer 404 for a photo readers may not see (PhotoQuerySet.published(), checked on every
request, so a withdrawn photo stops downloading at once). A download is streamed from storage
(local disk or S3) as an attachment and never enters the page cache: it is streamed, and says
`no-cache`, so a browser or CDN that keeps it asks again, and gets a 304 from its ETag, before
reusing it.
"""

from __future__ import annotations

import hashlib
from typing import IO, Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from galleries import avail
from galleries.downloads import Download, file_stem, photo_downloads
from galleries.models import Photo
from galleries.storage import storage_errors
from galleries.views import public_page

DOWNLOAD_CACHE_CONTROL = "public, no-cache"
RETRY_AFTER_SECONDS = 60


def _published_photo(mission_slug: str, pk: int) -> Photo:
    photos = Photo.objects.published().filter(mission__slug=mission_slug).for_display()
    return get_object_or_404(photos, pk=pk)


@require_safe
def photo_download(request: HttpRequest, mission_slug: str, pk: int, size: str) -> HttpResponse | FileResponse:
    """One size of a published photo whose licence allows downloads, as an attachment; 404 for
    any other (a size it does not have, a licence that forbids it); 503 when storage is down."""
    photo = _published_photo(mission_slug, pk)
    offer = next((offer for offer in photo_downloads(photo) if offer.size == size), None)
    if offer is None:
        raise Http404("No such download.")
    # A stored name is new whenever its picture is: its hash is a strong validator, and tells
    # nothing of the name (the full-size copy's is not public).
    etag = f'"{hashlib.sha256(offer.name.encode()).hexdigest()[:32]}"'
    response: HttpResponse | FileResponse
    if etag in [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    elif request.method == "HEAD":  # the headers a GET would send, without fetching the file
        response = HttpResponse(content_type=offer.mime_type)
        response["Content-Disposition"] = content_disposition_header(True, offer.filename(photo)) or "attachment"
        response["Content-Length"] = str(offer.bytes)
    else:
        try:
            stream = _open(offer)
        except FileNotFoundError as error:  # retired between the query and the open
            raise Http404("No such download.") from error
        except storage_errors():
            unavailable = HttpResponse("The photo store does not answer; try again in a minute.", status=503)
            unavailable["Retry-After"] = str(RETRY_AFTER_SECONDS)
            unavailable["Content-Type"] = "text/plain; charset=utf-8"
            return unavailable
        response = FileResponse(
            stream, as_attachment=True, filename=offer.filename(photo), content_type=offer.mime_type
        )
        response["Content-Length"] = str(offer.bytes)
    response["ETag"] = etag
    response["Cache-Control"] = DOWNLOAD_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _open(offer: Download) -> IO[bytes]:
    """The stored file, to stream. On S3 the object's body is read in chunks as it is sent
    (django-storages' file would first copy the whole object to a temporary file); opening it
    still raises FileNotFoundError for a missing object."""
    opened = default_storage.open(offer.name, "rb")
    s3_object = getattr(opened, "obj", None)
    if s3_object is not None:
        return s3_object.get()["Body"]
    return opened


@require_safe
@public_page
def photo_metadata(request: HttpRequest, mission_slug: str, pk: int) -> JsonResponse:
    """metadata.json of a published photo: see photo_metadata_document.

    Offered for every published photo, even one whose licence forbids downloads: it describes
    the picture (what its public page already shows) and gives none of its pixels; its
    `downloads` list is then empty. Cached like the photo page (a change to the mission retires
    both), under the same address.
    """
    photo = _published_photo(mission_slug, pk)
    response = JsonResponse(
        photo_metadata_document(request, photo), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'inline; filename="{file_stem(photo)}-metadata.json"'
    return response


def photo_metadata_document(request: HttpRequest, photo: Photo) -> dict[str, Any]:
    """What readers may know of `photo`, with absolute addresses.

    Plain names are the primary ones: title, caption, alt_text, long_description, credit_line,
    photographer, organization, license {name, url, allows_download}, date_taken (ISO 8601 or
    null), place, people [{name, url}], keywords [...], camera, width, height (of the largest
    download a reader can get: the original's upright size), mission {title, url}, url (the
    photo page), downloads [{size, label, width, height, bytes, format, url}]. NASA's library
    names follow (galleries.avail.photo_record, the names import_gallery reads): AVAIL:Title,
    AVAIL:Description (the caption), AVAIL:Description508 (the long description, else the alt
    text), AVAIL:Photographer, AVAIL:Keywords, AVAIL:DateCreated, AVAIL:Location,
    AVAIL:MediaType, and AVAIL:NASAID for photos imported from NASA with one; empty ones are left out.

    Never GPS, the original's file name or any storage name.
    """
    absolute = request.build_absolute_uri
    license = photo.effective_license()
    keywords = [word.strip() for word in photo.keywords.split(",") if word.strip()]
    taken = photo.taken_at.isoformat() if photo.taken_at else None
    return {
        "title": photo.title,
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "long_description": photo.long_description,
        "credit_line": str(photo.credit),
        "photographer": photo.credit.photographer,
        "organization": photo.credit.organization,
        "license": {"name": license.name, "url": license.url or None, "allows_download": license.allows_download},
        "date_taken": taken,
        "place": photo.location,
        "people": [
            {"name": person.name, "url": absolute(person.get_absolute_url())}
            for person in photo.people.order_by("name")
        ],
        "keywords": keywords,
        "camera": photo.camera,
        "width": photo.width,
        "height": photo.height,
        "mission": {"title": photo.mission.title, "url": absolute(photo.mission.get_absolute_url())},
        "url": absolute(photo.get_absolute_url()),
        "downloads": [
            {
                "size": offer.size,
                "label": offer.label,
                "width": offer.width,
                "height": offer.height,
                "bytes": offer.bytes,
                "format": offer.mime_type,
                "url": absolute(offer.url),
            }
            for offer in photo_downloads(photo)
        ],
        **avail.photo_record(photo),  # what import_gallery reads, under the same names
    }
