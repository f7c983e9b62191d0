"""Patches, portraits, topics and camera details in a real browser: accessible, within the page's
Content-Security-Policy, loaded, and without layout shift."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from galleries.models import Crewmember, Mission
from tests.browser import axe_violations, screenshot
from tests.factories import make_crew, make_crewmember, make_mission, make_photo
from tests.images import jpeg_bytes
from tests.test_browser_images import SHIFT
from tests.test_exposure import camera_photo, jpeg_with_exif

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    """A gallery with a patch, a crewmember with a portrait, a photo with keywords and camera details."""
    mission = make_mission(slug="expedition-56", title="Expedition 56")
    exif = jpeg_with_exif(t0x9003="2018:06:06 14:12:30", t0x9011="+06:00", t0x829A=0.004, t0x829D=5.6)
    photo = camera_photo(exif, mission=mission, keywords="Soyuz, launch pad")
    make_photo(mission=mission, keywords="Soyuz", size=(800, 600))
    mission.patch = SimpleUploadedFile("patch.jpg", jpeg_bytes((300, 300), "gold"))
    mission.save()  # the task makes its renditions on commit (tests run tasks at once)
    person = make_crewmember(name="Serena Auñón-Chancellor", slug="serena-aunon-chancellor")
    person.portrait = SimpleUploadedFile("portrait.jpg", jpeg_bytes((300, 400), "slategray"))
    person.save()
    make_crew(mission, person)
    assert Mission.objects.get(pk=mission.pk).patch_renditions["files"]
    assert Crewmember.objects.get(pk=person.pk).portrait_renditions["files"]
    paths = {
        "home": "/",
        "gallery": mission.get_absolute_url(),
        "photo": photo.get_absolute_url(),
        "crew": person.get_absolute_url(),
        "topic": "/topics/soyuz/",
    }
    return live_server, paths


def test_pages_with_stored_details_load_their_pictures_under_the_csp_without_shifting(browser, site):
    server, paths = site
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # the site's own CSP applies
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    for name, path in paths.items():
        assert page.goto(server.url + path).status == 200, path
        page.wait_for_load_state("networkidle")
        pictures = page.locator("picture.patch img, picture.portrait img")
        for index in range(pictures.count()):
            assert pictures.nth(index).evaluate("img => img.complete && img.naturalWidth > 0"), name
        assert page.evaluate(SHIFT) < 0.01, f"{name} shifts"
        assert errors == [], f"console errors (CSP?) on {name}: {errors}"
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_with_stored_details_pass_axe(browser, site, scheme):
    server, paths = site
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    for name, path in paths.items():
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        if name == "photo":
            page.get_by_text("Camera details").click()  # open: its rows are checked too
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, f"{name} overflows"
        assert axe_violations(page) == [], f"{name} ({scheme})"
        screenshot(page, f"stored-{name}-{scheme}")
    context.close()
