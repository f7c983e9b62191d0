"""The reader's experience in a real browser: the slideshow by keyboard, history and swipe, search, and
every public page accessible, free of console errors and within the screen at phone and desktop widths."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from galleries.models import Crewmember, Mission
from tests.browser import SCREENSHOTS as SCREENSHOT_DIR
from tests.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture
def demo(live_server):
    call_command("load_demo", "--size", "1200x800", stdout=io.StringIO())
    return live_server


@pytest.fixture
def page(browser, demo):
    # No bypass_csp: the slideshow must work under the site's strict Content-Security-Policy.
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


def gallery_paths() -> tuple[str, list[str]]:
    mission = Mission.objects.get(slug="expedition-56")
    return mission.get_absolute_url(), [photo.get_absolute_url() for photo in mission.photos.published().in_order()]


def open_gallery(page, demo) -> tuple[str, list[str]]:
    gallery, photos = gallery_paths()
    page.goto(demo.url + gallery)
    page.wait_for_load_state("networkidle")
    return gallery, photos


def test_slideshow_by_keyboard_follows_the_url_and_gives_focus_back(page, demo):
    gallery, photos = open_gallery(page, demo)
    dialog = page.locator("#slideshow")
    page.locator("a.photo-link").nth(1).focus()
    page.keyboard.press("Enter")
    assert dialog.evaluate("d => d.open")
    page.wait_for_url(demo.url + photos[1])
    assert page.locator("#slideshow-status").text_content() == f"Photo 2 of {len(photos)}"

    page.keyboard.press("ArrowRight")
    page.wait_for_url(demo.url + photos[2])
    assert page.locator("#slideshow-status").text_content() == f"Photo 3 of {len(photos)}"
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(demo.url + photos[1])
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(demo.url + photos[0])
    page.keyboard.press("ArrowLeft")  # already at the first: stays
    assert page.locator("#slideshow-status").text_content() == f"Photo 1 of {len(photos)}"
    assert page.url == demo.url + photos[0]
    page.keyboard.press("End")
    page.wait_for_url(demo.url + photos[-1])

    # Focus is trapped: tabbing many times never leaves the dialog.
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.getElementById('slideshow').contains(document.activeElement)")

    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    page.wait_for_url(demo.url + gallery)
    focused = page.evaluate("() => document.activeElement.closest('figure').dataset.slide")
    assert focused == photos[-1]
    assert page.console_errors == []


def test_slideshow_buttons_show_the_image_and_preload_the_next(page, demo):
    _, photos = open_gallery(page, demo)
    page.locator("a.photo-link").first.click()
    stage_image = page.locator("#slideshow [data-slideshow=stage] img")
    stage_image.wait_for()
    page.wait_for_function("() => document.querySelector('#slideshow [data-slideshow=stage] img').complete")
    assert stage_image.evaluate("img => img.naturalWidth") > 0
    preloaded = page.locator("#slideshow [data-slideshow=preload] img")
    assert preloaded.get_attribute("alt") == page.locator("figure.photo img").nth(1).get_attribute("alt")
    page.wait_for_function("() => document.querySelector('#slideshow [data-slideshow=preload] img').complete")
    page.get_by_role("button", name="Next photo").click()
    assert page.url == demo.url + photos[1]
    assert page.locator("#slideshow-title").text_content() == page.locator("figure.photo h2").nth(1).text_content()
    page.get_by_role("button", name="Close slideshow").click()
    assert not page.locator("#slideshow").evaluate("d => d.open")


def test_back_closes_the_slideshow_and_forward_reopens_it(page, demo):
    gallery, photos = open_gallery(page, demo)
    page.locator("a.photo-link").nth(2).click()
    page.go_back()
    page.wait_for_function("() => !document.getElementById('slideshow').open")
    assert page.url == demo.url + gallery
    page.go_forward()
    page.wait_for_function("() => document.getElementById('slideshow').open")
    assert page.url == demo.url + photos[2]


def test_swipe_moves_between_photos_on_a_phone(browser, demo):
    context = browser.new_context(viewport=VIEWPORTS["phone"], has_touch=True, is_mobile=True)
    page = context.new_page()
    _, photos = open_gallery(page, demo)
    page.locator("a.photo-link").first.tap()
    page.wait_for_function("() => document.getElementById('slideshow').open")

    def swipe(dx):
        page.evaluate(
            """dx => {
              const d = document.getElementById('slideshow');
              const touch = x => new Touch({identifier: 1, target: d, clientX: x, clientY: 300});
              d.dispatchEvent(new TouchEvent('touchstart', {changedTouches: [touch(200)], bubbles: true}));
              d.dispatchEvent(new TouchEvent('touchend', {changedTouches: [touch(200 + dx)], bubbles: true}));
            }""",
            dx,
        )

    swipe(-120)
    assert page.url == demo.url + photos[1]
    swipe(120)
    assert page.url == demo.url + photos[0]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    screenshot(page, "slideshow-phone")
    context.close()


def test_reduced_motion_turns_off_the_slideshow_animation(browser, demo):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], reduced_motion="reduce")
    page = context.new_page()
    open_gallery(page, demo)
    page.locator("a.photo-link").first.click()
    image = page.locator("#slideshow [data-slideshow=stage] img")
    assert image.evaluate("img => getComputedStyle(img).animationName") == "none"
    context.close()


def test_without_javascript_photo_links_open_photo_pages(browser, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _, photos = open_gallery(page, demo)
    page.locator("a.photo-link").nth(1).click()
    page.wait_for_url(demo.url + photos[1])
    assert page.locator("h1").text_content() == page.title().split(" · ")[0]
    context.close()


def test_gallery_images_load_and_fit_a_phone_screen(browser, demo):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(demo.url + "/missions/expedition-56/")
    page.wait_for_load_state("networkidle")
    first = page.locator("figure img").first
    assert first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert first.bounding_box()["width"] <= 375
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.close()


def test_search_finds_a_name_typed_without_accents(page, demo):
    page.goto(demo.url + "/")
    page.get_by_role("searchbox", name="Search missions, photos and crew").fill("aunon")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=aunon")
    page.get_by_role("link", name="Serena Auñón-Chancellor", exact=True).click()
    assert page.locator("h1").text_content() == "Serena Auñón-Chancellor"


def test_on_a_phone_search_facets_take_a_line_each_and_the_photos_start_on_the_first_screen(browser, demo):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(demo.url + "/search/?q=nasa")
    page.wait_for_load_state("networkidle")
    facets = page.locator(".facet")
    assert facets.count() >= 2
    assert all(facets.nth(n).bounding_box()["height"] < 48 for n in range(facets.count()))
    assert page.locator(".thumbs li").first.bounding_box()["y"] < VIEWPORTS["phone"]["height"] / 2
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.close()


def reader_urls() -> dict[str, str]:
    gallery, photos = gallery_paths()
    return {
        "home": "/",
        "gallery": gallery,
        "photo": photos[2],
        "crew": Crewmember.objects.get(slug="serena-aunon-chancellor").get_absolute_url(),
        "search": "/search/?q=soyuz",
        "search-empty": "/search/?q=no+such+thing",
        "not-found": "/missions/no-such-mission/",
    }


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_pages_and_open_slideshow_pass_axe_and_fit_the_screen(browser, demo, viewport, scheme):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    width = VIEWPORTS[viewport]["width"]
    for name, path in reader_urls().items():
        response = page.goto(demo.url + path)
        assert response.status == (404 if name == "not-found" else 200), path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, f"{name} overflows"
        assert axe_violations(page) == [], f"{name} at {viewport} ({scheme})"
        screenshot(page, f"reader-{name}-{viewport}-{scheme}")
        if name != "not-found":  # the 404 itself is logged as a failed load
            assert errors == [], f"console errors on {name}: {errors}"
    page.goto(demo.url + reader_urls()["gallery"])
    page.locator("a.photo-link").nth(1).click()
    page.wait_for_function("() => document.querySelector('#slideshow [data-slideshow=stage] img')?.complete")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == [], f"open slideshow at {viewport} ({scheme})"
    page.screenshot(path=str(__import__("tests.browser").browser.SCREENSHOTS / f"slideshow-{viewport}-{scheme}.png"))
    context.close()


def test_the_slideshow_goes_on_to_the_next_page_of_a_long_gallery_without_a_page_load(browser, live_server):
    from tests.factories import make_credit, make_mission, make_photo

    mission, credit = make_mission(slug="long-gallery"), make_credit()
    photos = [make_photo(mission=mission, credit=credit, size=(48, 32), title=f"Frame {n + 1}") for n in range(50)]
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    page.goto(live_server.url + mission.get_absolute_url())
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.locator("nav.pagination").first.screenshot(path=str(SCREENSHOT_DIR / "gallery-page-links.png"))
    page.locator("a.photo-link").nth(47).click()  # the last photo of the first page
    assert page.locator("#slideshow-status").text_content() == "Photo 48 of 50"
    page.keyboard.press("ArrowRight")
    page.wait_for_url(live_server.url + photos[48].get_absolute_url())
    assert page.locator("#slideshow-status").text_content() == "Photo 49 of 50"
    assert page.locator("#slideshow [data-slideshow=title]").text_content() == "Frame 49"
    page.keyboard.press("ArrowRight")
    assert page.locator("#slideshow-status").text_content() == "Photo 50 of 50"
    assert len(loads) == 1
    assert errors == []
    context.close()
