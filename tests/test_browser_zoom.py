"""Deep zoom and the full-screen slideshow in a real browser, under the site's Content-Security-Policy:
zoom by keyboard and by pinch loads finer tiles, Escape closes and focus comes back; the slideshow's
photo fills the screen at phone and desktop sizes."""

from __future__ import annotations

import pytest

from tests.browser import AXE
from tests.factories import make_mission, make_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
# Every Content-Security-Policy violation, noted before any page script runs.
CSP_WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""
ZOOM_SCALE = """() => {
  const layer = document.querySelector('.zoom-layer');
  return layer ? new DOMMatrixReadOnly(getComputedStyle(layer).transform).a : 0;
}"""
TILES_LOADED = """() => [...document.querySelectorAll('.zoom-tile')].filter((img) => img.complete && img.naturalWidth)
  .map((img) => img.getAttribute('src')).filter((src) => !src.includes('/full/'))"""
SHOWN = """() => {
  const img = document.querySelector('#slideshow [data-slideshow=stage] img');
  const box = img.getBoundingClientRect();
  const fit = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight);
  return [img.naturalWidth * fit, img.naturalHeight * fit, innerWidth, innerHeight];
}"""


@pytest.fixture
def large_photo(live_server, settings):
    """A published 2,400 × 1,600 photo whose tiles the worker made when its upload committed."""
    settings.GALLERIES_ZOOM_MIN_PIXELS = 1_000_000
    settings.GALLERIES_RENDITION_WIDTHS = [640, 1280, 1920]  # as wide as a desktop shows it
    photo = make_photo(mission=make_mission(slug="expedition-56"), size=(2400, 1600), title="Soyuz rollout")
    photo.refresh_from_db()
    assert photo.has_zoom
    return live_server, photo


def new_page(browser, viewport: str, **options):
    context = browser.new_context(viewport=VIEWPORTS[viewport], **options)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return context, page


def axe_violations(page) -> list[dict]:
    """axe-core run through DevTools, which the page's CSP does not govern (the page keeps its CSP)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci; make test runs it)")
    page.evaluate(AXE.read_text())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def open_zoom(page, server, photo) -> None:
    page.goto(server.url + photo.get_absolute_url())
    page.wait_for_load_state("networkidle")
    button = page.get_by_role("button", name="Zoom into the full-resolution photo")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.zoom-viewer')?.open")
    page.wait_for_function("() => document.activeElement.classList.contains('zoom-stage')")
    page.wait_for_load_state("networkidle")


def wait_for_new_tiles(page, before: list[str]) -> None:
    """Wait until tiles the viewer did not show before have loaded (finer ones replace coarser ones)."""
    page.wait_for_function(f"(before) => ({TILES_LOADED})().some((src) => !before.includes(src))", arg=before)


def pinch(page, *, start: float, end: float, steps: int = 8) -> None:
    """Two fingers moving apart around the screen's centre, as Chrome's DevTools touch input sends them."""
    cdp = page.context.new_cdp_session(page)
    x, y = page.viewport_size["width"] / 2, page.viewport_size["height"] / 2

    def touch(kind: str, gap: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x - gap, "y": y, "id": 1}, {"x": x + gap, "y": y, "id": 2}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", start)
    for step in range(1, steps + 1):
        touch("touchMove", start + (end - start) * step / steps)
    touch("touchEnd", end)


def test_zoom_by_keyboard_loads_finer_tiles_and_escape_gives_focus_back(browser, large_photo):
    server, photo = large_photo
    context, page = new_page(browser, "desktop")
    open_zoom(page, server, photo)
    fitted, tiles_before = page.evaluate(ZOOM_SCALE), page.evaluate(TILES_LOADED)
    for _ in range(4):
        page.keyboard.press("+")
    page.wait_for_load_state("networkidle")
    wait_for_new_tiles(page, tiles_before)
    assert page.evaluate(ZOOM_SCALE) > 3 * fitted  # 1.5 a press, up to two screen pixels a picture pixel
    assert any(src.endswith("/512,512/0/default.jpg") for src in page.evaluate(TILES_LOADED))  # full-size tiles
    page.keyboard.press("ArrowRight")
    page.keyboard.press("0")
    page.wait_for_function(f"() => Math.abs(({ZOOM_SCALE})() - {fitted}) < 1e-6")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.zoom-viewer')")
    assert page.evaluate("() => document.activeElement.dataset.zoomInfo") == f"/iiif/3/photo-{photo.pk}/info.json"
    assert page.evaluate("() => window.__csp") == []
    assert page.console_errors == []
    context.close()


def test_a_pinch_zooms_in_and_loads_finer_tiles(browser, large_photo):
    server, photo = large_photo
    context, page = new_page(browser, "phone", has_touch=True, is_mobile=True)
    open_zoom(page, server, photo)
    fitted, tiles_before = page.evaluate(ZOOM_SCALE), page.evaluate(TILES_LOADED)
    pinch(page, start=30, end=150)
    page.wait_for_function(f"() => ({ZOOM_SCALE})() > {2.5 * fitted}")
    page.wait_for_load_state("networkidle")
    wait_for_new_tiles(page, tiles_before)
    assert page.evaluate("() => window.__csp") == []
    context.close()


def test_the_mouse_wheel_zooms_in(browser, large_photo):
    server, photo = large_photo
    context, page = new_page(browser, "desktop")
    open_zoom(page, server, photo)
    fitted = page.evaluate(ZOOM_SCALE)
    page.mouse.move(300, 200)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"() => ({ZOOM_SCALE})() > {1.5 * fitted}")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_zoom_viewer_is_accessible_in_light_and_dark(browser, large_photo, scheme):
    server, photo = large_photo
    context, page = new_page(browser, "desktop", color_scheme=scheme)
    open_zoom(page, server, photo)
    assert axe_violations(page) == []
    assert page.evaluate("() => window.__csp") == []
    context.close()


def test_the_viewer_script_loads_only_when_zoom_opens(browser, large_photo):
    server, photo = large_photo
    context, page = new_page(browser, "desktop")
    page.goto(server.url + photo.get_absolute_url())
    page.wait_for_load_state("networkidle")
    scripts = "() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/zoom.js')).length"
    assert page.evaluate(scripts) == 0
    page.get_by_role("button", name="Zoom into the full-resolution photo").click()
    page.wait_for_function("() => document.querySelector('.zoom-viewer')?.open")
    assert page.evaluate(scripts) == 1
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_slideshow_photo_fills_the_screen(browser, large_photo, viewport):
    server, photo = large_photo
    context, page = new_page(browser, viewport)
    page.goto(server.url + photo.mission.get_absolute_url())
    page.wait_for_load_state("networkidle")
    page.locator(".photo-link").first.click()
    page.wait_for_function("() => document.querySelector('#slideshow [data-slideshow=stage] img')?.complete")
    width, height, screen_width, screen_height = page.evaluate(SHOWN)
    assert max(width / screen_width, height / screen_height) >= 0.95
    assert width <= screen_width + 0.5
    assert height <= screen_height + 0.5
    assert page.evaluate("() => window.__csp") == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_full_screen_slideshow_is_accessible_on_a_phone(browser, large_photo, scheme):
    server, photo = large_photo
    context, page = new_page(browser, "phone", color_scheme=scheme)
    page.goto(server.url + photo.mission.get_absolute_url())
    page.wait_for_load_state("networkidle")
    page.locator(".photo-link").first.click()
    page.wait_for_function("() => document.querySelector('#slideshow [data-slideshow=stage] img')?.complete")
    assert axe_violations(page) == []
    context.close()


def test_zoom_from_the_slideshow_closes_back_to_the_same_slide(browser, large_photo):
    server, photo = large_photo
    context, page = new_page(browser, "desktop")
    page.goto(server.url + photo.mission.get_absolute_url())
    page.wait_for_load_state("networkidle")
    page.locator(".photo-link").first.click()
    page.get_by_role("button", name="Zoom into the full-resolution photo").click()
    page.wait_for_function("() => document.querySelector('.zoom-viewer')?.open")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.zoom-viewer')")
    assert page.locator("#slideshow").evaluate("d => d.open")
    assert page.evaluate("() => document.activeElement.dataset.slideshow") == "zoom"
    context.close()
