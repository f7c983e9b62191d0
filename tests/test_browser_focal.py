"""The focal point editor in a real browser: a click (or the arrow keys) sets it, and the previews follow."""

from __future__ import annotations

import pytest

from galleries.models import Photo
from tests.browser import admin_login, screenshot
from tests.factories import make_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def photo_page(browser, live_server, editor):
    """An editor on the change page of a 600 × 400 photo with no focal point yet."""
    photo = make_photo(size=(600, 400))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    admin_login(page, live_server.url, "editor", "pw")
    page.goto(f"{live_server.url}/admin/galleries/photo/{photo.pk}/change/")
    page.wait_for_selector(".focal-editor:not([hidden])")
    yield photo, page
    page.close()


def square_preview_left(page) -> str:
    return page.eval_on_selector(".focal-preview-square img", "img => img.style.left")


def test_clicking_the_picture_sets_the_focal_point_and_moves_the_preview(photo_page):
    photo, page = photo_page
    before = square_preview_left(page)
    page.locator(".focal-image").scroll_into_view_if_needed()
    box = page.locator(".focal-image").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.25)
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.9, abs=0.01)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.25, abs=0.01)
    assert square_preview_left(page) != before  # the square crop slid right, to the click
    assert page.is_visible(".focal-marker")
    screenshot(page, "focal-editor")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    photo = Photo.objects.get(pk=photo.pk)
    assert photo.focal_x == pytest.approx(0.9, abs=0.01)


def test_the_arrow_keys_move_the_focal_point(photo_page):
    _, page = photo_page
    page.focus(".focal-stage")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.52)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.6)


def test_typing_the_focal_point_moves_the_marker(photo_page):
    _, page = photo_page
    page.fill("#id_focal_x", "0.1")
    page.fill("#id_focal_y", "0.1")
    assert page.eval_on_selector(".focal-marker", "m => m.style.left") == "10%"
