"""The embeddable gallery page in Chromium: inside another site's iframe under the strict policy,
accessible, still while its pictures load, and opening the real pages in a new tab."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser import axe_violations, screenshot
from tests.factories import make_credit, make_mission, make_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHIFT = """() => new Promise((resolve) => {
  let shift = 0;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) shift += entry.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(shift), 500);
})"""


@pytest.fixture
def embed(live_server):
    mission = make_mission(slug="expedition-56", title="Expedition 56")
    credit = make_credit(photographer="Victor Zelentsov", organization="NASA")
    for number, size in enumerate([(1200, 800), (800, 1200), (1200, 800)], start=1):
        make_photo(mission=mission, credit=credit, size=size, title=f"Frame {number}", alt_text=f"Scene {number}")
    return live_server.url + "/embed/missions/expedition-56/"


@pytest.fixture
def partner(embed):
    """Another site (http://127.0.0.1:…, another origin and site than the live server's
    http://localhost:…) whose article frames the embed, served by a real server: Chromium lets
    only pages of local addresses frame local ones."""
    frame = f'<iframe src="{embed}" width="640" height="480" title="Gallery"></iframe>'
    html = f'<!doctype html><html lang="en"><title>Partner</title>{frame}'

    class Article(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/article"
    server.shutdown()
    server.server_close()


def partner_page(browser, address: str):
    context = browser.new_context()
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.goto(address)
    page.wait_for_load_state("networkidle")
    return context, page


def test_another_site_frames_the_embed_and_it_shows_every_credit_without_csp_errors(browser, partner):
    context, page = partner_page(browser, partner)
    frame = page.frame_locator("iframe")
    assert frame.locator(".credit").all_text_contents() == ["Credit: Victor Zelentsov/NASA"] * 3
    assert page.console_errors == []  # a refused frame or a CSP violation is logged as an error
    screenshot(page, "embed-in-partner-page")
    context.close()


def test_a_photo_in_the_embed_opens_its_page_in_a_new_tab(browser, partner):
    context, page = partner_page(browser, partner)
    with context.expect_page() as opened:
        page.frame_locator("iframe").get_by_text("Frame 2").click()
    tab = opened.value
    tab.wait_for_load_state()
    assert "/missions/expedition-56/photos/" in tab.url
    assert page.url == partner
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 480}, {"width": 640, "height": 480}])
def test_the_embed_page_passes_axe_and_does_not_shift(browser, embed, viewport):
    context = browser.new_context(viewport=viewport, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    page.goto(embed)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(SHIFT) == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    assert axe_violations(page) == []
    context.close()
