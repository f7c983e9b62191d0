"""The focal point editor in a real browser: a click (or the arrow keys) sets it, and the previews follow."""

from __future__ import annotations

import pytest

from galleries.models import Photo
from tests.browser import AXE, admin_login, screenshot
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


def test_the_focal_point_editor_passes_axe(browser, live_server, editor):
    """The editor's own fieldset: the rest of the change form is Django's admin (whose autocomplete
    widgets axe faults, aria-input-field-name, with or without this editor)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci; make test runs it)")
    photo = make_photo(size=(600, 400), focal_x=0.3, focal_y=0.6)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # axe is injected
    page = context.new_page()
    admin_login(page, live_server.url, "editor", "pw")
    page.goto(f"{live_server.url}/admin/galleries/photo/{photo.pk}/change/")
    page.wait_for_selector(".focal-editor:not([hidden])")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document.querySelector('.focal-editor').closest('fieldset'), {resultTypes: ['violations']})"
    )
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
    context.close()


def test_clicking_a_desk_cards_picture_saves_its_focal_point(browser, live_server, editor):
    photo = make_photo(size=(600, 400))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    admin_login(page, live_server.url, "editor", "pw")
    page.goto(f"{live_server.url}/admin/galleries/mission/{photo.mission_id}/desk/")
    card = page.locator(f"#card-{photo.pk}")
    card.locator(".desk-focal summary").click()
    image = card.locator(".focal-image")
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.8)
    card.locator(".desk-status", has_text="Saved").wait_for()
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (pytest.approx(0.2, abs=0.01), pytest.approx(0.8, abs=0.01))
    page.close()
