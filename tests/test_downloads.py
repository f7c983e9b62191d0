"""Downloads: the sizes a photo page offers, the full-size copy behind "Original size", and metadata.json."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from galleries.downloads import photo_full_size_render
from galleries.models import Mission, Photo
from galleries.renditions import photo_renditions_retire
from galleries.tasks import photo_renditions_build
from tests.admin_forms import photo_form
from tests.factories import make_credit, make_crewmember, make_license, make_mission, make_photo
from tests.images import real_upload

pytestmark = pytest.mark.django_db

GPS_IFD, MAKE, MODEL, BODY_SERIAL = 0x8825, 0x010F, 0x0110, 0xA431
SIZES = ("small", "medium", "large", "original")
OFFER = re.compile(
    r'<a href="([^"]+/download/([a-z]+)/)" download>[^<]+</a> '
    r'<span class="download-size">(\d+) × (\d+) JPEG, ([^<]+)</span>'
)


def camera_jpeg(size: tuple[int, int] = (800, 600)) -> SimpleUploadedFile:
    """A camera's JPEG: GPS, make, model and body serial, all of which must stay private."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "NIKON CORPORATION", "NIKON D5"
    exif.get_ifd(0x8769)[BODY_SERIAL] = "3004817"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (45.0, 57.0, 54.0), 3: "E", 4: (63.0, 18.0, 19.0)})
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, "JPEG", exif=exif)
    return SimpleUploadedFile("DSC_0042.JPG", out.getvalue(), content_type="image/jpeg")


def downloadable(upload=None, **fields) -> Photo:
    """A published photo under a licence that allows downloads, with its full-size copy made."""
    mission = fields.pop("mission", None) or make_mission(slug="expedition-56", title="Expedition 56")
    license = make_license(name="Public domain (NASA media guidelines)", url="https://www.nasa.gov/guidelines/")
    credit = make_credit(photographer="Joel Kowsky", organization="NASA", default_license=license)
    photo = make_photo(
        mission=mission, credit=credit, upload=upload or camera_jpeg(), **({"title": "Making Their Mark"} | fields)
    )
    assert photo_full_size_render(photo=photo)
    return photo


def offers(client: Client, photo: Photo) -> dict[str, tuple[str, int, int, str]]:
    """The page's download list: size → (address, width, height, bytes as the page writes them)."""
    body = client.get(photo.get_absolute_url()).content.decode()
    return {size: (url, int(width), int(height), label) for url, size, width, height, label in OFFER.findall(body)}


def download_urls(photo: Photo) -> list[str]:
    return [f"{photo.get_absolute_url()}download/{size}/" for size in SIZES]


def metadata_url(photo: Photo) -> str:
    return reverse("galleries:photo-metadata", kwargs={"mission_slug": photo.mission.slug, "pk": photo.pk})


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_downloadable_photo_offers_three_sizes_and_the_original_size(client):
    photo = downloadable()
    assert list(offers(client, photo)) == list(SIZES)


def test_every_offered_download_has_the_pixels_and_bytes_the_page_states(client):
    photo = downloadable()
    for size, (url, width, height, label) in offers(client, photo).items():
        response = client.get(url)
        assert response.status_code == 200, size
        data = streamed(response)
        assert filesizeformat(len(data)) == label, size
        assert int(response["Content-Length"]) == len(data), size
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG", size
            assert image.size == (width, height), size


def test_no_download_carries_gps_or_camera_serials(client):
    photo = downloadable()
    for size, (url, *_) in offers(client, photo).items():
        with Image.open(io.BytesIO(streamed(client.get(url)))) as image:
            exif = image.getexif()
            assert not exif.get_ifd(GPS_IFD), size
            assert MAKE not in exif, size
            assert MODEL not in exif, size
            assert BODY_SERIAL not in exif.get_ifd(0x8769), size


def test_original_size_is_a_full_resolution_copy_with_the_rights_statement_not_the_original(client):
    photo = downloadable()
    data = streamed(client.get(f"{photo.get_absolute_url()}download/original/"))
    with photo.image.open("rb") as original:
        assert data != original.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (800, 600)
        assert image.getexif()[0x013B] == "Joel Kowsky"  # Artist
        assert "https://www.nasa.gov/guidelines/" in image.info["xmp"].decode()


def test_a_real_camera_file_downloads_without_its_gps(client):
    photo = downloadable(upload=real_upload("DSCN0010.jpg"))
    assert photo.gps_latitude  # the original has it, for editors
    page = offers(client, photo)
    assert "original" in page
    for url, *_ in page.values():
        with Image.open(io.BytesIO(streamed(client.get(url)))) as image:
            assert not image.getexif().get_ifd(GPS_IFD)


def test_a_download_is_an_attachment_named_after_the_title(client):
    photo = downloadable(title="Auñón’s Mark")
    response = client.get(f"{photo.get_absolute_url()}download/large/")
    assert response["Content-Disposition"] == 'attachment; filename="aunons-mark-large.jpg"'
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in response["Cache-Control"]


def test_a_browser_that_has_a_download_gets_304(client):
    photo = downloadable()
    url = f"{photo.get_absolute_url()}download/original/"
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_sizes_the_original_cannot_fill_are_not_offered_and_no_size_twice(client):
    photo = downloadable(upload=camera_jpeg((640, 480)))  # the large (640) is the original size
    page = offers(client, photo)
    assert list(page) == ["small", "medium", "original"]
    assert len({(width, height) for _, width, height, _ in page.values()}) == 3
    assert client.get(f"{photo.get_absolute_url()}download/large/").status_code == 404


def test_a_crop_is_never_offered_as_a_size(client):
    photo = downloadable()
    crop = {"width": 160, "height": 160, "format": "JPEG", "bytes": 10, "name": "renditions/x/160c.jpg", "crop": "1:1"}
    Photo.objects.filter(pk=photo.pk).update(renditions=[crop, *photo.renditions])
    assert offers(client, photo)["small"][1:3] == (160, 120)


def test_original_size_is_not_offered_until_the_worker_made_it(client):
    photo = make_photo(size=(800, 600))
    assert "original" not in offers(client, photo)
    assert client.get(f"{photo.get_absolute_url()}download/original/").status_code == 404


def test_the_renditions_task_makes_the_full_size_copy(client):
    photo = make_photo(size=(800, 600), renditions=False)
    photo_renditions_build.call(photo_id=photo.pk)
    photo.refresh_from_db()
    assert photo.full_size["width"] == 800
    assert photo.full_size["name"].startswith(f"downloads/{photo.key.hex}/full-")
    assert default_storage.exists(photo.full_size["name"])


def test_a_licence_that_forbids_downloads_offers_none_and_every_download_is_404(client):
    photo = downloadable()
    license = photo.effective_license()
    license.allows_download = False
    license.save()
    body = client.get(photo.get_absolute_url()).content.decode()
    assert "/download/" not in body
    assert " download>" not in body
    for url in download_urls(photo):
        assert client.get(url).status_code == 404, url


def hidden(photo: Photo) -> None:
    Photo.objects.filter(pk=photo.pk).update(is_hidden=True)


def in_a_draft(photo: Photo) -> None:
    Mission.objects.filter(pk=photo.mission_id).update(status=Mission.Status.DRAFT, published_at=None)


def scheduled(photo: Photo) -> None:
    Mission.objects.filter(pk=photo.mission_id).update(published_at=timezone.now() + dt.timedelta(days=1))


def not_ready(photo: Photo) -> None:
    Photo.objects.filter(pk=photo.pk).update(alt_text="")


@pytest.mark.parametrize("withdraw", [hidden, in_a_draft, scheduled, not_ready])
def test_a_photo_readers_may_not_see_has_no_downloads_and_no_metadata(client, withdraw):
    photo = downloadable()
    withdraw(photo)
    for url in [*download_urls(photo), metadata_url(photo)]:
        assert client.get(url).status_code == 404, url


def test_a_photo_hidden_after_a_download_answers_404_at_once_with_the_page_cache_on(
    client, editor_client, settings, django_capture_on_commit_callbacks
):
    settings.GALLERIES_PAGE_CACHE_SECONDS = 60
    photo = downloadable()
    urls = [*download_urls(photo), metadata_url(photo)]
    for url in urls:
        assert client.get(url).status_code == 200, url
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, is_hidden="on"))
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_retiring_a_photo_removes_its_full_size_copy(django_capture_on_commit_callbacks):
    photo = downloadable()
    name = photo.full_size["name"]
    with django_capture_on_commit_callbacks(execute=True):
        photo_renditions_retire(photo=photo)
        photo.save()
    assert not default_storage.exists(name)
    assert Photo.objects.get(pk=photo.pk).full_size == {}


def test_deleting_a_photo_removes_its_full_size_copy(django_capture_on_commit_callbacks):
    photo = downloadable()
    name = photo.full_size["name"]
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not default_storage.exists(name)


def test_the_download_view_makes_one_query_whatever_the_size(client, django_assert_num_queries):
    photo = downloadable()
    for url in download_urls(photo):
        with django_assert_num_queries(1):
            assert client.get(url).status_code == 200, url


def test_metadata_json_describes_the_photo_with_links(client):
    serena = make_crewmember(name="Serena Auñón-Chancellor", slug="serena-aunon-chancellor")
    photo = downloadable(
        caption="The crew signs the door.",
        long_description="Three people in blue suits sign a white door.",
        location="Baikonur Cosmodrome",
        keywords="Soyuz, launch pad,  Baikonur",
        taken_at=dt.datetime(2018, 6, 1, 9, 30, tzinfo=dt.UTC),
        people=[serena],
    )
    data = json.loads(client.get(metadata_url(photo)).content)
    server = "http://testserver"
    assert data["title"] == data["AVAIL:Title"] == "Making Their Mark"
    assert data["caption"] == data["AVAIL:Description"] == "The crew signs the door."
    assert data["AVAIL:Description508"] == "Three people in blue suits sign a white door."
    assert data["credit_line"] == "Joel Kowsky/NASA"
    assert data["photographer"] == data["AVAIL:Photographer"] == "Joel Kowsky"
    assert data["organization"] == "NASA"
    assert data["license"]["url"] == "https://www.nasa.gov/guidelines/"
    assert data["date_taken"] == data["AVAIL:DateCreated"] == "2018-06-01T09:30:00+00:00"
    assert data["place"] == "Baikonur Cosmodrome"
    assert data["people"] == [{"name": "Serena Auñón-Chancellor", "url": f"{server}/crew/serena-aunon-chancellor/"}]
    assert data["keywords"] == data["AVAIL:Keywords"] == ["Soyuz", "launch pad", "Baikonur"]
    assert data["camera"] == "NIKON D5"
    assert (data["width"], data["height"]) == (800, 600)
    assert data["mission"] == {"title": "Expedition 56", "url": f"{server}/missions/expedition-56/"}
    assert data["url"] == f"{server}{photo.get_absolute_url()}"
    assert [d["url"] for d in data["downloads"]] == [f"{server}{url}" for url in download_urls(photo)]


def test_metadata_json_holds_no_gps_and_no_file_names(client):
    photo = downloadable()
    text = client.get(metadata_url(photo)).content.decode()
    assert "45.9" not in text  # the camera's latitude
    assert "63.3" not in text  # and longitude
    assert "gps" not in text.lower()
    assert "DSC_0042" not in text
    assert photo.key.hex not in text  # no storage name, of a rendition or the full-size copy


def test_metadata_json_of_a_photo_that_may_not_be_downloaded_lists_no_downloads(client):
    photo = downloadable()
    license = photo.effective_license()
    license.allows_download = False
    license.save()
    response = client.get(metadata_url(photo))
    assert response.status_code == 200
    assert json.loads(response.content)["downloads"] == []


def test_head_of_a_download_answers_its_headers_without_the_file(client):
    photo = downloadable()
    url = f"{photo.get_absolute_url()}download/original/"
    head, get = client.head(url), client.get(url)
    assert head.status_code == 200
    assert head.content == b""
    for header in ("Content-Type", "Content-Length", "Content-Disposition", "ETag", "Cache-Control"):
        assert head[header] == get[header], header


def test_a_full_size_copy_that_fails_keeps_no_file_and_offers_no_original_size(client, stored_files):
    photo = make_photo(size=(800, 600))
    before = stored_files()
    with mock.patch.object(default_storage, "save", side_effect=OSError("disk full")):
        assert not photo_full_size_render(photo=photo)
    assert stored_files() == before
    assert "original" not in offers(client, photo)


def test_a_full_size_copy_made_for_a_photo_retired_meanwhile_is_not_kept(
    stored_files, django_capture_on_commit_callbacks
):
    photo = make_photo(size=(800, 600))
    before = stored_files()
    stale = Photo.objects.get(pk=photo.pk)
    Photo.objects.filter(pk=photo.pk).update(key=uuid.uuid4())  # withdrawn while the worker rendered
    with django_capture_on_commit_callbacks(execute=True):
        assert not photo_full_size_render(photo=stale)
    assert stored_files() == before
    assert Photo.objects.get(pk=photo.pk).full_size == {}


@pytest.mark.parametrize("people", [1, 4])
def test_metadata_json_makes_two_queries_however_many_people_are_shown(client, django_assert_num_queries, people):
    crew = [make_crewmember() for _ in range(people)]
    photo = downloadable(people=crew)
    with django_assert_num_queries(2):  # the photo with its mission, credit and licence; its people
        data = json.loads(client.get(metadata_url(photo)).content)
    assert len(data["people"]) == people


def test_an_editors_preview_of_a_draft_links_no_download_readers_could_not_follow(editor_client):
    photo = downloadable()
    in_a_draft(photo)
    preview = reverse("admin:galleries_mission_preview_photo", args=[photo.mission_id, photo.pk])
    response = editor_client.get(preview)
    assert response.status_code == 200
    body = response.content.decode()
    assert "/download/" not in body
    assert "metadata.json" not in body
