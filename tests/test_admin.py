"""The editors' admin: adding and replacing photos, ordering, search, every page, pictures, queries."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from galleries.models import Agency, Credit, Crewmember, License, Mission, MissionCrew, Photo
from tests.factories import make_credit, make_crew, make_crewmember, make_mission, make_photo
from tests.images import real_upload


def add_photo_form(mission: Mission, credit: Credit, upload, **overrides) -> dict:
    return {
        "mission": mission.pk,
        "position": "",
        "image": upload,
        "title": "Watching the Arrival",
        "caption": "A train pulls the Soyuz rocket out to the launch pad.",
        "alt_text": "Three people watch a rocket on a rail car.",
        "long_description": "",
        "credit": credit.pk,
        "license": "",
        "taken_at_0": "2018-06-04",
        "taken_at_1": "07:00:00",
        "location": "Baikonur Cosmodrome",
        "renditions-TOTAL_FORMS": "0",
        "renditions-INITIAL_FORMS": "0",
        **overrides,
    }


def test_editor_adds_a_real_photo_through_the_admin_and_readers_see_it(
    editor_client, django_capture_on_commit_callbacks
):
    mission = make_mission(slug="expedition-56")
    credit = make_credit(photographer="Joel Kowsky", organization="NASA")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:galleries_photo_add"), add_photo_form(mission, credit, real_upload("Portrait_6.jpg"))
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get()
    # Stored upright (EXIF orientation 6), under a generated name, with the upload's name kept aside.
    assert (photo.width, photo.height) == (1200, 1800)
    assert photo.original_filename == "Portrait_6.jpg"
    assert photo.image.name.startswith("originals/")
    assert "Portrait" not in photo.image.name
    assert photo.position == 0
    assert "WEBP" in photo.renditions_by_format()
    assert all(r.height > r.width for r in photo.rendition_list())
    body = editor_client.get("/missions/expedition-56/").content.decode()
    assert "Watching the Arrival" in body
    assert "Joel Kowsky/NASA" in body


def test_replacing_the_original_removes_the_old_files_after_commit(
    editor_client, settings, django_capture_on_commit_callbacks
):
    photo = make_photo()
    old_files = [photo.image.path, *(Path(settings.MEDIA_ROOT) / name for name in photo.rendition_names())]
    data = add_photo_form(photo.mission, photo.credit, real_upload("Landscape_6.jpg"), position=photo.position)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("admin:galleries_photo_change", args=[photo.pk]), data)
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (1800, 1200)
    assert not any(Path(path).exists() for path in old_files)
    assert Path(photo.image.path).exists()


def test_deleting_a_photo_removes_its_files_after_commit(db, stored_files, django_capture_on_commit_callbacks):
    photo = make_photo()
    files = stored_files()
    assert len(files) > 1
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert stored_files() == []


def test_mission_inline_swaps_two_photo_positions(editor_client):
    mission = make_mission()
    credit = make_credit()
    first = make_photo(mission=mission, credit=credit, position=0, title="First")
    second = make_photo(mission=mission, credit=credit, position=1, title="Second")
    url = reverse("admin:galleries_mission_change", args=[mission.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "start_date": "2018-06-03",
            "published_at_0": "2018-06-06",
            "published_at_1": "12:00:00",
            "cover_photo": "",
            "crew-TOTAL_FORMS": "0",
            "crew-INITIAL_FORMS": "0",
            "photos-TOTAL_FORMS": "2",
            "photos-INITIAL_FORMS": "2",
        }
    )
    for index, (photo, position) in enumerate([(first, 1), (second, 0)]):
        data.update(
            {
                f"photos-{index}-id": photo.pk,
                f"photos-{index}-mission": mission.pk,
                f"photos-{index}-position": position,
                f"photos-{index}-title": photo.title,
                f"photos-{index}-credit": credit.pk,
                f"photos-{index}-alt_text": photo.alt_text,
            }
        )
    data.pop("patch", None)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert list(mission.photos.in_order().values_list("title", flat=True)) == ["Second", "First"]


def test_a_mission_with_more_photos_than_the_limit_links_the_desk_instead_of_listing_rows(editor_client, settings):
    settings.GALLERIES_INLINE_PHOTO_LIMIT = 2
    mission = make_mission()
    credit = make_credit()
    for position in range(3):
        make_photo(mission=mission, credit=credit, position=position, renditions=False)
    response = editor_client.get(reverse("admin:galleries_mission_change", args=[mission.pk]))
    body = response.content.decode()
    assert "photos-TOTAL_FORMS" not in body
    assert "3 photos: too many to edit as rows here." in body
    assert reverse("admin:galleries_mission_desk", args=[mission.pk]) in body


def test_a_mission_with_more_photos_than_the_limit_still_saves_its_own_fields(editor_client, settings):
    settings.GALLERIES_INLINE_PHOTO_LIMIT = 1
    mission = make_mission(vehicle="Soyuz MS-09")
    for position in range(2):
        make_photo(mission=mission, position=position, renditions=False)
    url = reverse("admin:galleries_mission_change", args=[mission.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "vehicle": "Soyuz MS-10",
            "published_at_0": "2018-06-06",
            "published_at_1": "12:00:00",
            "cover_photo": "",
            "crew-TOTAL_FORMS": "0",
            "crew-INITIAL_FORMS": "0",
        }
    )
    data.pop("patch", None)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    mission.refresh_from_db()
    assert mission.vehicle == "Soyuz MS-10"
    assert mission.photos.count() == 2


def test_admin_search_finds_crewmember_without_accents(editor_client):
    make_crewmember(name="Serena Auñón-Chancellor")
    response = editor_client.get(reverse("admin:galleries_crewmember_changelist"), {"q": "aunon"})
    assert "Serena Auñón-Chancellor" in response.content.decode()


def test_admin_photo_search_finds_people_without_accents(editor_client):
    serena = make_crewmember(name="Serena Auñón-Chancellor")
    make_photo(people=[serena], title="Suit check", renditions=False)
    make_photo(title="Launch pad", renditions=False)
    body = editor_client.get(reverse("admin:galleries_photo_changelist"), {"q": "Aunon-Chancellor"}).content.decode()
    assert "Suit check" in body
    assert "Launch pad" not in body


# The pages of each model an editor opens; licences are chosen from, not written (tests/test_access.py).
EDITOR_PAGES = {model: ["changelist", "add", "change"] for model in (Agency, Crewmember, Credit, Mission, Photo)}
EDITOR_PAGES[License] = ["changelist", "change"]


@pytest.mark.parametrize("model", EDITOR_PAGES, ids=lambda model: model.__name__)
def test_editor_opens_every_admin_page_of_a_model(editor_client, model):
    mission = make_mission()
    person = make_crewmember()
    make_crew(mission, person)
    photo = make_photo(mission=mission, people=[person], renditions=False)
    objects = {
        Agency: person.agency,
        Crewmember: person,
        License: photo.credit.default_license,
        Credit: photo.credit,
        Mission: mission,
        Photo: photo,
    }
    opts = model._meta
    for page in EDITOR_PAGES[model]:
        args = [objects[model].pk] if page == "change" else []
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)
        assert editor_client.get(url).status_code == 200, url


# Editors may not delete credits at all: only the superuser meets the protection.
def test_deleting_a_used_credit_in_the_admin_names_the_photos_that_use_it(client, superuser):
    client.force_login(superuser)
    photo = make_photo(renditions=False)
    response = client.get(reverse("admin:galleries_credit_delete", args=[photo.credit.pk]))
    assert "would require deleting the following protected related objects" in response.content.decode()


def test_crew_inline_shows_roles(editor_client):
    mission = make_mission()
    make_crew(mission, make_crewmember(name="Oleg Kononenko"), role="Soyuz Commander", is_backup=True)
    body = editor_client.get(reverse("admin:galleries_mission_change", args=[mission.pk])).content.decode()
    assert "Soyuz Commander" in body
    assert str(MissionCrew._meta.verbose_name_plural) in body.lower()


def test_two_photos_given_the_same_position_get_an_error_not_a_crash(editor_client):
    mission = make_mission()
    credit = make_credit()
    photos = [make_photo(mission=mission, credit=credit, position=i, renditions=False) for i in range(2)]
    url = reverse("admin:galleries_mission_change", args=[mission.pk])
    data = {
        "title": mission.title,
        "slug": mission.slug,
        "start_date": "2018-06-03",
        "status": "published",
        "published_at_0": "2018-06-06",
        "published_at_1": "12:00:00",
        "crew-TOTAL_FORMS": "0",
        "crew-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "2",
        "photos-INITIAL_FORMS": "2",
    }
    for index, photo in enumerate(photos):
        data |= {
            f"photos-{index}-id": photo.pk,
            f"photos-{index}-mission": mission.pk,
            f"photos-{index}-position": 3,
            f"photos-{index}-credit": credit.pk,
        }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Please correct the duplicate data for position" in response.content.decode()
    assert sorted(mission.photos.values_list("position", flat=True)) == [0, 1]


PICTURE_FIELDS = pytest.mark.parametrize(
    ("model", "field"), [("mission", "patch"), ("crewmember", "portrait")], ids=["mission-patch", "portrait"]
)


def picture_form(client, model: str, field: str):
    """The change page of a new mission or crewmember, and its form data without the picture field."""
    person = make_crewmember()
    obj = {"mission": make_mission(), "crewmember": person}[model]
    url = reverse(f"admin:galleries_{model}_change", args=[obj.pk])
    form = client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != field}
    data |= {
        "start_date": "2018-06-03",
        "published_at_0": "2018-06-06",
        "published_at_1": "12:00:00",
        "agency": person.agency.pk,
        "crew-TOTAL_FORMS": "0",
        "crew-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    return obj, url, data


@PICTURE_FIELDS
def test_patch_or_portrait_that_is_not_an_image_is_refused_by_name(editor_client, model, field):
    _, url, data = picture_form(editor_client, model, field)
    polyglot = SimpleUploadedFile("patch.html", b"%!PS-Adobe-3.0 EPSF-3.0\n<script>alert(1)</script>")
    response = editor_client.post(url, data | {field: polyglot})
    assert "“patch.html”: this is not an image we accept" in response.content.decode()


@PICTURE_FIELDS
def test_patch_or_portrait_is_stored_under_a_generated_name_with_its_real_extension(editor_client, model, field):
    obj, url, data = picture_form(editor_client, model, field)
    png = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(png, "PNG")
    response = editor_client.post(url, data | {field: SimpleUploadedFile("my patch.html", png.getvalue())})
    assert response.status_code == 302
    obj.refresh_from_db()
    stored = getattr(obj, field).name
    assert stored.endswith(".png")
    assert "patch" not in stored.split("/")[-1]


def mission_page_queries(client, photos: int) -> int:
    mission = make_mission()
    credit = make_credit()
    for _ in range(photos):
        make_photo(mission=mission, credit=credit, renditions=False)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:galleries_mission_change", args=[mission.pk]))
    assert response.status_code == 200
    return len(queries)


def test_mission_page_queries_do_not_grow_with_its_photos(editor_client):
    assert mission_page_queries(editor_client, 10) == mission_page_queries(editor_client, 100)


@pytest.mark.parametrize("address", ["abc/preview/", "abc/upload/", "1x/upload/jobs/2/", "abc/preview/photos/1/"])
def test_a_malformed_id_under_the_missions_own_pages_is_not_found(editor_client, address):
    assert editor_client.get(f"/admin/galleries/mission/{address}").status_code == 404


def test_the_photo_list_says_what_a_hidden_photo_needs_before_release(editor_client):
    make_photo(title="", is_hidden=True)
    body = editor_client.get(reverse("admin:galleries_photo_changelist")).content.decode()
    assert "Hidden, and not ready: no title" in body
