"""The photo page's downloads in a real browser: a list that fits a phone, and a click that saves a file."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from PIL import Image

from galleries.models import Mission
from tests.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture
def photo_path(live_server) -> str:
    call_command("load_demo", "--size", "1200x800", stdout=io.StringIO())
    return Mission.objects.get(slug="expedition-56").photos.published().in_order().first().get_absolute_url()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_download_list_passes_axe_and_fits_the_screen(browser, live_server, photo_path, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + photo_path)
    links = page.locator(".downloads a[download]")
    assert links.all_text_contents() == ["Small", "Medium", "Large", "Original size"]
    width = VIEWPORTS[viewport]["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    for box in (link.bounding_box() for link in links.all()):
        assert box["x"] + box["width"] <= width
    assert axe_violations(page) == [], viewport
    page.locator(".downloads").scroll_into_view_if_needed()
    screenshot(page, f"downloads-{viewport}")
    context.close()


def test_clicking_original_size_saves_a_full_resolution_jpeg_named_after_the_photo(browser, live_server, photo_path):
    context = browser.new_context(viewport=VIEWPORTS["phone"], accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + photo_path)
    with page.expect_download() as started:
        page.get_by_role("link", name="Original size").click()
    download = started.value
    assert download.suggested_filename.endswith("-original.jpg")
    with Image.open(download.path()) as image:
        assert image.size == (1200, 800)
    context.close()
