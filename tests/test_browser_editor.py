"""An editor's whole workflow in a real browser: bulk upload, reorder, publish, read."""

from __future__ import annotations

import zipfile

import pytest
from django.contrib.auth import get_user_model

from galleries.models import Mission
from tests.browser import admin_login, screenshot
from tests.factories import editors_group, make_credit, make_photo
from tests.images import jpeg_bytes, real_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_uploads_reorders_is_stopped_without_alt_text_then_publishes(browser, live_server):
    editor = get_user_model().objects.create_user("editor", "e@example.org", "correct horse battery", is_staff=True)
    editor.groups.add(editors_group())
    mission = Mission.objects.create(title="Expedition 56", slug="expedition-56", start_date="2018-06-03")
    credit = make_credit(photographer="Joel Kowsky", organization="NASA")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    admin_login(page, live_server.url, "editor", "correct horse battery")

    # Bulk upload: three real photos and a damaged file, with a common credit.
    page.goto(f"{live_server.url}/admin/galleries/mission/{mission.pk}/change/")
    page.click("text=Upload photos")
    names = ["Landscape_6.jpg", "Portrait_6.jpg", "Landscape_3.jpg", "truncated_jpeg.jpg"]
    page.set_input_files("input[name=files]", [str(real_path(name)) for name in names])
    page.select_option("select[name=credit]", str(credit.pk))
    page.click("input[type=submit]")
    page.wait_for_selector("text=Done: 3 added", timeout=60_000)
    refused = page.locator(".upload-results li.error")
    assert refused.count() == 1
    assert "truncated_jpeg.jpg" in refused.inner_text()
    assert "damaged or incomplete" in refused.inner_text()
    screenshot(page, "editor-bulk-upload")
    assert mission.photos.count() == 3

    # Reorder: move the first photo down one place with its keyboard-usable button.
    page.click("text=Back to the gallery")
    page.locator("#photos-group button.move-down").first.click()
    assert page.locator('#photos-group input[name$="-position"]').evaluate_all("els => els.map(e => e.value)")[:3] == [
        "0",
        "1",
        "2",
    ]
    # Try to publish while the photos have no title or alt text: refused, with what each lacks.
    page.select_option("#id_status", "published")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .error")
    assert "is saved as a draft, not published" in page.locator(".messagelist .error").inner_text()
    assert "no alt text" in page.locator(".messagelist .error").inner_text()
    mission.refresh_from_db()
    assert not mission.is_public
    screenshot(page, "editor-publish-refused")

    # Write titles and alt text (the order saved before: Portrait first), publish again.
    rows = page.locator("#photos-group tr.has_original")
    for index in range(rows.count()):
        rows.nth(index).locator('input[name$="-title"]').fill(f"Launch campaign {index + 1}")
        alt = rows.nth(index).locator('input[name$="-alt_text"]')
        alt.fill(f"Photo number {index + 1} of the launch campaign")
    page.select_option("#id_status", "published")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    mission.refresh_from_db()
    assert mission.is_public

    # Readers find the gallery in the new order.
    page.goto(live_server.url + "/missions/expedition-56/")
    order = [photo.original_filename for photo in mission.photos.in_order()]
    assert order == ["Portrait_6.jpg", "Landscape_6.jpg", "Landscape_3.jpg"]
    alts = page.locator("figure img").evaluate_all("els => els.map(e => e.alt)")
    assert alts[:3] == [f"Photo number {n} of the launch campaign" for n in (1, 2, 3)]
    screenshot(page, "editor-published-gallery")
    page.close()


def positions(page) -> list[str]:
    fields = page.locator('#photos-group tr.has_original input[name$="-position"]')
    return fields.evaluate_all("els => els.map(e => e.value)")


def titles(page) -> list[str]:
    return page.locator('#photos-group tr.has_original input[name$="-title"]').evaluate_all(
        "els => els.map(e => e.value)"
    )


def row_boxes(page) -> list[dict]:
    """Where the photo rows are in the viewport, once the photo list is scrolled into it."""
    page.locator("#photos-group").evaluate("group => group.scrollIntoView()")
    rows = page.locator("#photos-group tr.has_original")
    return [rows.nth(index).bounding_box() for index in range(rows.count())]


@pytest.fixture
def photo_list(browser, live_server, editor):
    """The mission page of a draft with three photos, First, Second, Third, open for an editor."""
    editor.set_password("correct horse battery")
    editor.save()
    mission = Mission.objects.create(title="Expedition 57", slug="expedition-57", start_date="2018-06-03")
    credit = make_credit()
    for title in ("First", "Second", "Third"):
        make_photo(mission=mission, credit=credit, title=title, renditions=False)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    admin_login(page, live_server.url, "editor", "correct horse battery")
    page.goto(f"{live_server.url}/admin/galleries/mission/{mission.pk}/change/")
    yield mission, page
    page.close()


def test_a_drag_released_over_the_dragged_row_saves_the_order_shown(photo_list):
    mission, page = photo_list
    first, _, third = row_boxes(page)
    page.mouse.move(first["x"] + 5, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(third["x"] + 5, third["y"] + third["height"] * 0.8, steps=8)  # First moves below Third
    moved = page.locator("#photos-group tr.dragging").bounding_box()
    page.mouse.move(moved["x"] + 5, moved["y"] + moved["height"] / 2, steps=4)  # back over itself
    page.mouse.up()
    assert titles(page) == ["Second", "Third", "First"]
    assert positions(page) == ["0", "1", "2"]
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert [photo.title for photo in mission.photos.in_order()] == ["Second", "Third", "First"]


def test_escape_during_a_drag_puts_the_row_back(photo_list):
    _, page = photo_list
    first, _, third = row_boxes(page)
    page.mouse.move(first["x"] + 5, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(third["x"] + 5, third["y"] + third["height"] * 0.8, steps=8)
    assert titles(page) == ["Second", "Third", "First"]  # moved on screen while dragging
    page.keyboard.press("Escape")
    page.mouse.up()
    assert titles(page) == ["First", "Second", "Third"]
    assert positions(page) == ["0", "1", "2"]


def test_a_zip_upload_follows_its_unpacking_to_the_end(browser, live_server, editor, settings, tmp_path):
    settings.GALLERIES_IMPORT_STEP_SECONDS = 0  # one file a request: the page must keep asking
    editor.set_password("correct horse battery")
    editor.save()
    mission = Mission.objects.create(title="Expedition 58", slug="expedition-58", start_date="2018-06-03")
    credit = make_credit()
    archive = tmp_path / "cards.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for n, color in enumerate(["red", "green", "blue"]):
            zf.writestr(f"card/DSC_{n}.JPG", jpeg_bytes((64, 48), color))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    admin_login(page, live_server.url, "editor", "correct horse battery")
    page.goto(f"{live_server.url}/admin/galleries/mission/{mission.pk}/upload/")
    page.set_input_files("input[name=files]", str(archive))
    page.select_option("select[name=credit]", str(credit.pk))
    page.click("input[type=submit]")
    page.wait_for_selector("text=Done: 3 added", timeout=30_000)
    assert page.locator(".upload-results li.success").count() == 4  # the zip's line and one a file
    assert mission.photos.count() == 3
    page.close()
