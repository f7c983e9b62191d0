"""Art-directed crops as editors set them and readers get them: stored sizes, og:image, reframing."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image

from galleries import ingest
from galleries.crops import photo_crops_render
from galleries.models import Photo
from galleries.renditions import photo_renditions_render
from tests.admin_forms import photo_form
from tests.factories import DUMMY_TASKS, make_credit, make_mission
from tests.images import patch_upload

RED = (255, 0, 0)


def patched_photo(
    size: tuple[int, int], at: tuple[float, float], *, focal: bool = True, orientation: int = 1
) -> Photo:
    """A published photo with a red patch at `at` and its focal point there (unless told not), crops made."""
    fields = {"focal_x": at[0], "focal_y": at[1]} if focal else {}
    photo = ingest.photo_ingest(
        mission=make_mission(),
        upload=patch_upload("patch.jpg", size, at, orientation=orientation),
        credit=make_credit(),
        title="Patch",
        alt_text="A red patch on grey",
        **fields,
    )
    photo.refresh_from_db()
    if not photo.renditions:
        photo_renditions_render(photo=photo)
    photo_crops_render(photo=photo)
    return photo


def decoded(name: str) -> Image.Image:
    with default_storage.open(name) as stored:
        img = Image.open(stored)
        img.load()
    return img.convert("RGB")


def red_near_middle(img: Image.Image) -> bool:
    """Whether the middle of `img` (its central third) is the red patch."""
    w, h = img.size
    pixel = img.getpixel((w // 2, h // 2))
    return pixel[0] > 200 and pixel[1] < 60 and pixel[2] < 60


def og_meta(html: str, prop: str) -> str:
    match = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)"', html)
    assert match, prop
    return match.group(1)


@pytest.mark.django_db
def test_the_renditions_hold_each_crop_at_its_size():
    photo = patched_photo((2400, 1600), (0.5, 0.5))
    sizes = {(c.crop, c.format, c.width, c.height) for c in photo.crop_list()}
    assert sizes == {
        *{("3:2", fmt, w, h) for fmt in ("JPEG", "WEBP") for w, h in ((960, 640), (640, 427), (320, 213))},
        *{("1:1", fmt, w, w) for fmt in ("JPEG", "WEBP") for w in (480, 240)},
        ("social", "JPEG", 1200, 630),
    }
    for crop in photo.crop_list():
        assert decoded(crop.name).size == (crop.width, crop.height)
        assert default_storage.size(crop.name) == crop.bytes


@pytest.mark.django_db
def test_pages_and_downloads_still_pick_renditions_of_the_whole_picture():
    photo = patched_photo((2400, 1600), (0.2, 0.2))
    assert all(not r.crop for group in photo.renditions_by_format().values() for r in group)
    widest = photo.rendition_for(width=10**6)
    assert widest is not None
    assert (widest.width, widest.height) == (640, 427)


@pytest.mark.django_db
@pytest.mark.parametrize(("size", "at"), [((1200, 1800), (0.5, 0.2)), ((4000, 1000), (0.7, 0.5))])
def test_og_image_is_a_1200_by_630_card_around_the_focal_point(client, size, at):
    photo = patched_photo(size, at)
    html = client.get(photo.get_absolute_url()).content.decode()
    social = photo.rendition_for(width=1200, crop="social")
    assert social is not None
    assert og_meta(html, "og:image").endswith(social.url)
    assert (og_meta(html, "og:image:width"), og_meta(html, "og:image:height")) == ("1200", "630")
    card = decoded(social.name)
    assert card.size == (1200, 630)
    assert red_near_middle(card)


@pytest.mark.django_db
def test_a_small_original_still_gives_a_1200_by_630_social_card():
    photo = patched_photo((300, 200), (0.5, 0.5))
    social = photo.rendition_for(width=1200, crop="social")
    assert social is not None
    assert (social.width, social.height) == (1200, 630)
    assert red_near_middle(decoded(social.name))


@pytest.mark.django_db
def test_the_focal_point_is_where_the_editor_saw_it_on_a_turned_original():
    photo = patched_photo((1200, 1800), (0.5, 0.15), orientation=6)
    assert (photo.width, photo.height) == (1200, 1800)
    social = photo.rendition_for(width=1200, crop="social")
    assert social is not None
    assert red_near_middle(decoded(social.name))


@pytest.mark.django_db
def test_without_a_focal_point_the_crops_are_drawn_to_the_detail():
    photo = patched_photo((2400, 1200), (0.85, 0.5), focal=False)
    card = decoded(photo.rendition_for(width=960, crop="3:2").name)  # type: ignore[union-attr]
    assert any(card.getpixel((x, card.height // 2))[0] > 200 for x in range(card.width // 2, card.width))


@pytest.mark.django_db
def test_the_home_page_card_shows_the_3_2_crop(client):
    photo = patched_photo((2400, 1200), (0.8, 0.5))
    photo.mission.cover_photo = photo
    photo.mission.save()
    html = client.get(reverse("galleries:mission-list")).content.decode()
    crop = photo.rendition_for(width=320, crop="3:2")
    assert crop is not None
    assert crop.url in html


@pytest.mark.django_db
def test_a_new_focal_point_remakes_the_crops_under_new_names_and_deletes_the_old(
    editor_client, django_capture_on_commit_callbacks
):
    photo = patched_photo((2400, 1600), (0.5, 0.5))
    old_crops = [crop.name for crop in photo.crop_list()]
    whole = [r.name for r in photo.rendition_list()]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, focal_x="0.1", focal_y="0.9")
        )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (0.1, 0.9)
    assert not any(default_storage.exists(name) for name in old_crops)
    assert photo.crop_list()
    assert not {c.name for c in photo.crop_list()} & set(old_crops)
    assert all(default_storage.exists(c.name) for c in photo.crop_list())
    assert [r.name for r in photo.rendition_list()] == whole  # only the crops were made again
    assert photo.history.latest().focal_x == 0.1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"focal_x": "1.5", "focal_y": "0.5"}, "focal_x", "A fraction of the picture, from 0 to 1."),
        ({"focal_x": "0.5"}, "focal_y", "Give both coordinates of the focal point, or neither."),
        (
            {"crop_left": "0.6", "crop_top": "0.1", "crop_right": "0.4", "crop_bottom": "0.9"},
            "crop_right",
            "The crop's right side must be right of its left side.",
        ),
        ({"crop_left": "0.1", "crop_top": "0.1", "crop_right": "0.9"}, "crop_bottom", "Give all four sides"),
    ],
)
def test_a_focal_point_or_crop_outside_the_picture_is_refused_naming_the_field(editor_client, changes, field, message):
    photo = patched_photo((300, 200), (0.5, 0.5))
    response = editor_client.post(
        reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, **changes)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])


@pytest.mark.django_db
def test_the_photo_form_warns_about_a_small_original(editor_client):
    photo = patched_photo((300, 200), (0.5, 0.5))
    response = editor_client.get(reverse("admin:galleries_photo_change", args=[photo.pk]))
    assert "This original is small: 300 × 200 pixels" in response.content.decode()


@pytest.mark.django_db
def test_hiding_a_photo_deletes_its_crops_with_its_renditions(editor_client, django_capture_on_commit_callbacks):
    photo = patched_photo((600, 400), (0.5, 0.5))
    crops = [crop.name for crop in photo.crop_list()]
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, is_hidden="on"))
    assert crops
    assert not any(default_storage.exists(name) for name in crops)


def desk_card_post(client, photo: Photo, **changes) -> int:
    data = {"title": photo.title, "caption": photo.caption, "alt_text": photo.alt_text, "people": []} | changes
    address = reverse("admin:galleries_mission_desk_photo", args=[photo.mission_id, photo.pk])
    return client.post(address, data, headers={"Accept": "application/json"}).status_code


@pytest.mark.django_db
def test_a_focal_point_set_on_the_desk_remakes_the_crops(editor_client, django_capture_on_commit_callbacks):
    photo = patched_photo((600, 400), (0.5, 0.5))
    old_crops = {crop.name for crop in photo.crop_list()}
    with django_capture_on_commit_callbacks(execute=True):
        assert desk_card_post(editor_client, photo, focal_x="0.2", focal_y="0.3") == 200
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (0.2, 0.3)
    assert photo.crop_list()
    assert not {crop.name for crop in photo.crop_list()} & old_crops


@pytest.mark.django_db
def test_a_desk_edit_without_the_focal_point_keeps_it(editor_client):
    photo = patched_photo((300, 200), (0.25, 0.75))
    assert desk_card_post(editor_client, photo, title="Retitled") == 200
    photo.refresh_from_db()
    assert (photo.title, photo.focal_x, photo.focal_y) == ("Retitled", 0.25, 0.75)


@pytest.mark.django_db
def test_the_desk_card_offers_the_focal_point_inputs(editor_client):
    photo = patched_photo((300, 200), (0.25, 0.75))
    body = editor_client.get(reverse("admin:galleries_mission_desk", args=[photo.mission_id])).content.decode()
    assert f'id="focal-x-{photo.pk}" name="focal_x"' in body
    assert 'value="0.25"' in body


@pytest.mark.django_db
def test_pages_keep_the_old_crops_until_the_new_ones_are_made(
    editor_client, settings, django_capture_on_commit_callbacks
):
    photo = patched_photo((600, 400), (0.5, 0.5))
    old_social = photo.rendition_for(width=1200, crop="social")
    settings.TASKS = DUMMY_TASKS  # the worker has not got to it yet
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, focal_x="0.1", focal_y="0.1")
        )
    photo.refresh_from_db()
    assert photo.rendition_for(width=1200, crop="social") == old_social
    assert old_social is not None
    assert default_storage.exists(old_social.name)


@pytest.mark.django_db
def test_a_reframed_photo_page_shows_the_new_social_card_through_the_page_cache(
    editor_client, settings, django_capture_on_commit_callbacks
):
    settings.GALLERIES_PAGE_CACHE_SECONDS = 300
    client = Client()  # a reader: editor_client is the `client` fixture signed in, never served from the cache
    photo = patched_photo((600, 400), (0.5, 0.5))
    settings.TASKS = DUMMY_TASKS  # the save queues the crops; the worker comes later
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, focal_x="0.1", focal_y="0.1")
        )
    client.get(photo.get_absolute_url())  # cached with the old crops
    with django_capture_on_commit_callbacks(execute=True):  # the worker
        photo_crops_render(photo=Photo.objects.get(pk=photo.pk))
    photo.refresh_from_db()
    social = photo.rendition_for(width=1200, crop="social")
    assert social is not None
    assert og_meta(client.get(photo.get_absolute_url()).content.decode(), "og:image").endswith(social.url)


@pytest.mark.django_db
def test_crops_made_for_a_framing_changed_meanwhile_are_discarded(stored_files, django_capture_on_commit_callbacks):
    photo = patched_photo((300, 200), (0.5, 0.5))
    recorded = photo.renditions
    before = stored_files()
    Photo.objects.filter(pk=photo.pk).update(focal_x=0.9, focal_y=0.9)  # an editor, while the worker ran
    with django_capture_on_commit_callbacks(execute=True):
        assert photo_crops_render(photo=photo) == []
    assert Photo.objects.get(pk=photo.pk).renditions == recorded
    assert stored_files() == before


@pytest.mark.django_db
def test_a_store_failing_halfway_leaves_no_crop_behind(stored_files, monkeypatch):
    photo = patched_photo((300, 200), (0.5, 0.5))
    recorded, before = photo.renditions, stored_files()
    real_save, calls = default_storage.save, []

    def failing_save(name, content, *args, **kwargs):
        calls.append(name)
        if len(calls) > 2:
            raise OSError("disk full")
        return real_save(name, content, *args, **kwargs)

    monkeypatch.setattr(default_storage, "save", failing_save)
    assert photo_crops_render(photo=photo) == []
    assert Photo.objects.get(pk=photo.pk).renditions == recorded
    assert stored_files() == before


@pytest.mark.django_db
def test_deleting_a_photo_deletes_its_crops(django_capture_on_commit_callbacks):
    photo = patched_photo((300, 200), (0.5, 0.5))
    crops = [crop.name for crop in photo.crop_list()]
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert crops
    assert not any(default_storage.exists(name) for name in crops)
