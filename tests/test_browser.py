"""Readers and editors in a real browser: accessibility of every public page, and the editor's round trip."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from galleries.models import Crewmember, Mission, Photo
from tests.browser import admin_login, axe_violations, screenshot
from tests.factories import make_credit
from tests.images import real_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
SCHEMES = ["light", "dark"]


@pytest.fixture
def demo(live_server):
    call_command("load_demo", "--size", "1200x800", stdout=io.StringIO())
    return live_server


def public_urls() -> dict[str, str]:
    mission = Mission.objects.get(slug="expedition-56")
    photo = mission.photos.in_order()[2]
    return {
        "home": "/",
        "gallery": mission.get_absolute_url(),
        "photo": photo.get_absolute_url(),
        "crew": Crewmember.objects.get(slug="serena-aunon-chancellor").get_absolute_url(),
        "not-found": "/missions/no-such-mission/",
    }


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_public_pages_pass_axe_with_no_violations(browser, demo, viewport, scheme):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    for name, path in public_urls().items():
        response = page.goto(demo.url + path)
        assert response.status == (404 if name == "not-found" else 200), path
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], f"{name} at {viewport} ({scheme})"
        screenshot(page, f"{name}-{viewport}-{scheme}")
        if name != "not-found":
            assert errors == [], f"console errors on {name}: {errors}"
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


def test_editor_adds_a_photo_in_the_admin_and_finds_it_on_the_public_page(browser, live_server):
    password = "correct horse battery staple"
    get_user_model().objects.create_superuser("editor", "editor@example.org", password)
    mission = Mission.objects.create(title="Expedition 57", slug="expedition-57", start_date="2018-10-04")
    credit = make_credit(photographer="Joel Kowsky", organization="NASA")

    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    admin_login(page, live_server.url, "editor", password)
    page.goto(f"{live_server.url}/admin/galleries/photo/add/?mission={mission.pk}&credit={credit.pk}")
    page.set_input_files("#id_image", str(real_path("Landscape_6.jpg")))
    page.fill("#id_title", "Watching the Arrival")
    page.fill("#id_caption", "A train pulls the Soyuz rocket out to the launch pad.")
    page.fill("#id_alt_text", "A rocket on a rail car rolls across the steppe.")
    page.click("input[name=_save]")
    screenshot(page, "admin-photo-saved")
    page.wait_for_selector(".messagelist .success")
    photo = Photo.objects.get()
    assert photo.renditions

    page.goto(f"{live_server.url}/admin/galleries/mission/{mission.pk}/change/")
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    screenshot(page, "admin-mission-saved")
    page.wait_for_selector(".messagelist .success")

    page.goto(live_server.url + "/missions/expedition-57/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Watching the Arrival").is_visible()
    assert page.get_by_text("Joel Kowsky/NASA").is_visible()
    image = page.locator("figure img").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    page.close()


def test_admin_refuses_a_damaged_file_by_name(browser, live_server):
    password = "correct horse battery staple"
    get_user_model().objects.create_superuser("editor", "editor@example.org", password)
    mission = Mission.objects.create(title="Expedition 57", slug="expedition-57", start_date="2018-10-04")
    credit = make_credit()
    page = browser.new_page()
    admin_login(page, live_server.url, "editor", password)
    page.goto(f"{live_server.url}/admin/galleries/photo/add/?mission={mission.pk}&credit={credit.pk}")
    page.set_input_files("#id_image", str(real_path("truncated_jpeg.jpg")))
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    assert page.get_by_text("“truncated_jpeg.jpg”: the file is damaged or incomplete").is_visible()
    assert not Photo.objects.exists()
    page.close()
