"""Readers' pictures in Chromium: boxes sized before the files arrive, and `sizes` that match the layout."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from galleries.models import Mission
from galleries.pictures import layout_sizes, picture_parts
from tests.factories import make_photo

VIEWPORTS = {"375": {"width": 375, "height": 812}, "1280": {"width": 1280, "height": 800}}

# The width the browser gives each image from its `sizes` (the first media condition that matches,
# measured with an element of that width) beside the width it is shown at, and the page's layout
# shift so far.
IMAGES = """() => Array.from(document.querySelectorAll('main img')).map((img) => {
  let slot = null;
  for (const part of img.getAttribute('sizes').split(/,(?![^(]*\\))/)) {
    const match = part.trim().match(/^(\\(.*\\))\\s+(.+)$/);
    if (!match) { slot = part.trim(); break; }
    if (matchMedia(match[1]).matches) { slot = match[2]; break; }
  }
  const probe = document.createElement('div');
  probe.style.width = slot;
  document.body.append(probe);
  const slotWidth = probe.getBoundingClientRect().width;
  probe.remove();
  return [img.getAttribute('alt'), slotWidth, img.getBoundingClientRect().width];
})"""
SHIFT = """() => new Promise((resolve) => {
  let shift = 0;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) shift += entry.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(shift), 500);
})"""


@pytest.fixture
def site(live_server):
    call_command("load_demo", "--size", "1200x800", stdout=io.StringIO())
    mission = Mission.objects.get(slug="expedition-56")
    tall = make_photo(mission=mission, size=(800, 1200), title="Tall", alt_text="A tall picture")
    return live_server, ["/", mission.get_absolute_url(), tall.get_absolute_url(), "/search/?q=soyuz"] + [
        mission.crew.first().crewmember.get_absolute_url()
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_picture_has_its_box_before_it_loads_and_is_fetched_at_the_width_shown(browser, site, viewport):
    server, paths = site
    context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)  # the probe has a style
    page = context.new_page()
    for path in paths:
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(SHIFT) == 0, f"{path} shifts"
        for alt, slot, shown in page.evaluate(IMAGES):
            assert 1 / 1.25 <= slot / shown <= 1.25, f"{path} at {viewport}: {alt} shown {shown}, sizes {slot}"
    context.close()


def test_a_tall_picture_on_its_page_is_fetched_as_wide_as_85_percent_of_the_screen_allows(db):
    parts = picture_parts(make_photo(size=(800, 1200)), 1280)
    assert layout_sizes("photo", parts) == "(max-aspect-ratio: 17/30) calc(100vw - 32px), 56.7vh"
