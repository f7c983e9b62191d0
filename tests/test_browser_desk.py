"""The photo desk in a real browser: a whole gallery uploaded, described, ordered and released on one page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from galleries.models import Mission
from tests.browser import admin_login, axe_violations, screenshot
from tests.factories import make_credit, make_crewmember, make_photo
from tests.images import real_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Twenty real files whose licences let them live in tests/data, so the test runs on any checkout.
FILES = [
    *(f"Landscape_{n}.jpg" for n in range(9)),
    "Portrait_6.jpg",
    "pil_sample_cmyk.jpg",
    "hopper_orientation_6.webp",
    "exif_gps.jpg",
    "hopper_bad_exif.jpg",
    "i_trns.png",
    "sugarshack.mpo",
    "iptc.jpg",
    "xmp_test.jpg",
    "icc_profile_big.jpg",
    "empty_gps_ifd.jpg",
]


class Counter:
    """Full page loads, the requests made, and errors (a Content-Security-Policy violation is one)."""

    def __init__(self, page):
        self.loads = 0
        self.requests: list[str] = []
        page.on("load", lambda: self.__setattr__("loads", self.loads + 1))
        page.on("request", lambda request: self.requests.append(f"{request.method} {request.url}"))
        self.errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def posts(self, pattern: str) -> int:
        return sum(1 for line in self.requests if line.startswith("POST") and re.search(pattern, line))


@pytest.fixture
def desk_page(browser, live_server, editor, settings):
    settings.GALLERIES_RENDITION_LATER_FORMATS = []
    editor.set_password("correct horse battery")
    editor.save()
    mission = Mission.objects.create(
        title="Expedition 59", slug="expedition-59", start_date="2019-03-14", status=Mission.Status.PUBLISHED
    )
    yield from signed_in_desk(browser, live_server, mission)


def signed_in_desk(browser, live_server, mission, query=""):
    """The editor signed in and on `mission`'s desk (with `query`), counting page loads; for fixtures."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    counter = Counter(page)
    admin_login(page, live_server.url, "editor", "correct horse battery")
    page.goto(f"{live_server.url}/admin/galleries/mission/{mission.pk}/desk/{query}")
    yield mission, page, counter
    page.close()


def cards_in_order(page) -> list[int]:
    return page.locator(".desk-card").evaluate_all("cards => cards.map(c => Number(c.dataset.photo))")


def wait_saved(page, card) -> None:
    card.locator(".desk-status", has_text=re.compile("^Saved$")).wait_for(timeout=15_000)


def test_a_whole_gallery_is_uploaded_described_ordered_and_released_on_the_desk(desk_page, live_server):
    mission, page, counter = desk_page
    make_credit(photographer="Joel Kowsky", organization="NASA")
    make_crewmember(name="Anne McClain", slug="anne-mcclain")
    page.reload()  # the credit and crewmember made above are on the page

    # Upload twenty real files with the credit for those that name nobody: each becomes a card, held
    # back (the gallery is public).
    page.locator("#desk-upload").get_by_label("Credit", exact=True).select_option(label="Joel Kowsky/NASA")
    page.set_input_files("#desk-upload input[name=files]", [str(real_path(name)) for name in FILES])
    expect(page.locator(".desk-card")).to_have_count(20, timeout=120_000)
    # A card may come in before its own upload's answer: the page refresh of another brought it.
    expect(page.locator("#desk-upload-results li.success")).to_have_count(20)
    assert mission.photos.count() == 20
    assert mission.photos.filter(is_hidden=True).count() == 20
    screenshot(page, "desk-uploaded")

    # Describe every photo on its card; each edit is saved by one request, without a page load.
    cards = page.locator(".desk-card")
    for index in range(20):
        card = cards.nth(index)
        card.get_by_label("Title", exact=True).fill(f"Crew training {index + 1}")
        card.get_by_label("Alt text").fill(f"Astronauts in blue flight suits beside a trainer, view {index + 1}")
        wait_saved(page, card)  # on a busy machine their save may leave before the caption is typed
        # A slow fill can leave the alt text's save waiting out its 600 ms pause after "Saved":
        # let it go and settle before counting.
        page.wait_for_timeout(700)
        wait_saved(page, card)
        page.wait_for_load_state("networkidle")
        before = counter.posts(r"/desk/photos/")
        # "Saved" may still show from the title's save while the caption's waits out its pause.
        with page.expect_request(lambda request: request.method == "POST" and "/desk/photos/" in request.url):
            card.get_by_label("Caption").fill(
                "Anne McClain checks her suit." if index == 0 else f"Training day {index + 1} at Star City."
            )
        wait_saved(page, card)
        page.wait_for_load_state("networkidle")
        assert counter.posts(r"/desk/photos/") - before == 1
    assert not mission.photos.filter(title="").exists()

    # Tag the crewmember the first caption names, from the suggestion offered as it was typed.
    first = cards.nth(0)
    first.get_by_role("button", name="Named in the caption: tag Anne McClain").click()
    wait_saved(page, first)
    assert [p.name for p in mission.photos.get(title="Crew training 1").people.all()] == ["Anne McClain"]

    # A new credit for the first five, selected with a click and a Shift-click, in one request.
    page.get_by_role("checkbox", name="Select Crew training 1", exact=True).click()
    page.get_by_role("checkbox", name="Select Crew training 5", exact=True).click(modifiers=["Shift"])
    assert page.locator("#desk-selected").inner_text() == "5 selected"
    page.select_option("#desk-bulk select[name=action]", "credit")
    page.locator("#desk-bulk").get_by_label("or a new credit").fill("Bill Ingalls/NASA")
    page.get_by_role("button", name="Apply to selected").click()
    page.locator("#desk-bulk-status", has_text="5 of 5").wait_for()
    assert mission.photos.filter(credit__photographer="Bill Ingalls").count() == 5

    # Reorder: drag the first card past the second, then move the last one up with the keyboard.
    before = cards_in_order(page)
    handle, target = cards.nth(0).locator(".desk-handle"), cards.nth(1).bounding_box()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + target["width"] * 0.8, target["y"] + target["height"] / 2, steps=10)
    page.mouse.up()
    cards.nth(19).locator(".desk-handle").press("ArrowUp")
    page.get_by_role("spinbutton", name="Move to position Crew training 3").fill("1")
    page.get_by_role("spinbutton", name="Move to position Crew training 3").press("Enter")
    expected = [before[2], before[1], before[0], *before[3:18], before[19], before[18]]
    assert cards_in_order(page) == expected
    page.locator("#desk-announce", has_text="“Crew training 3” is photo 1 of 20. The new order is saved").wait_for()
    assert list(mission.photos.in_order().values_list("pk", flat=True)) == expected

    # Release them all, and readers see them in the desk's order.
    page.get_by_role("button", name="Select all").click()
    page.select_option("#desk-bulk select[name=action]", "release")
    page.get_by_role("button", name="Apply to selected").click()
    page.locator("#desk-bulk-status", has_text="20 of 20").wait_for()
    screenshot(page, "desk-released")
    page.goto(live_server.url + "/missions/expedition-59/")
    shown = page.locator("figure img").evaluate_all("imgs => imgs.map(i => i.alt)")
    titles = dict(mission.photos.values_list("pk", "alt_text"))
    assert shown == [titles[pk] for pk in expected]
    assert counter.loads <= 5, counter.loads
    desk_requests = sum(1 for line in counter.requests if "/desk/" in line and line.startswith("POST"))
    print(f"desk: {counter.loads} page loads, {desk_requests} saves, {counter.posts(r'/upload/')} uploads")
    assert counter.errors == []  # a CSP violation is reported here


@pytest.fixture
def paged_desk(browser, live_server, editor, settings):
    """Seven described photos, three cards a page, the second page open."""
    settings.GALLERIES_DESK_PAGE_SIZE = 3
    editor.set_password("correct horse battery")
    editor.save()
    mission = Mission.objects.create(title="Expedition 61", slug="expedition-61", start_date="2019-07-20")
    credit = make_credit()
    for n in range(7):
        make_photo(
            mission=mission, credit=credit, title=f"Orbit {n + 1}", alt_text=f"The Earth from orbit, view {n + 1}"
        )
    yield from signed_in_desk(browser, live_server, mission, "?filter=all&page=2")


def card_names(page) -> list[str]:
    return page.locator(".desk-card .desk-name").all_inner_texts()


def test_a_photo_moved_to_a_position_on_another_page_leaves_this_one_and_the_next_comes_in(paged_desk):
    mission, page, counter = paged_desk
    assert card_names(page) == ["Orbit 4", "Orbit 5", "Orbit 6"]
    loads = counter.loads
    page.get_by_role("spinbutton", name="Move to position Orbit 6", exact=True).fill("1")
    page.get_by_role("spinbutton", name="Move to position Orbit 6", exact=True).press("Enter")
    page.locator("#desk-announce", has_text="“Orbit 6” is photo 1 of 7, on another page.").wait_for()
    expect(page.locator(".desk-card .desk-name")).to_have_text(["Orbit 3", "Orbit 4", "Orbit 5"])
    assert page.locator(".desk-card .desk-position").all_inner_texts() == ["4", "5", "6"]
    titles = list(mission.photos.in_order().values_list("title", flat=True))
    assert titles == ["Orbit 6", "Orbit 1", "Orbit 2", "Orbit 3", "Orbit 4", "Orbit 5", "Orbit 7"]
    assert (counter.loads - loads, counter.errors) == (0, [])  # the move reloaded nothing


def test_moving_the_last_card_of_a_page_down_takes_it_to_the_next_page(paged_desk):
    mission, page, counter = paged_desk
    page.locator(".desk-card").nth(2).get_by_role("button", name="Move down").click()
    expect(page.locator(".desk-card .desk-name")).to_have_text(["Orbit 4", "Orbit 5", "Orbit 7"])
    page.locator("#desk-announce", has_text="The new order is saved").wait_for()
    assert list(mission.photos.in_order().values_list("title", flat=True))[-2:] == ["Orbit 7", "Orbit 6"]


def test_a_change_to_every_matching_photo_states_their_number_and_reaches_every_page(paged_desk):
    mission, page, counter = paged_desk
    page.get_by_label("all 7 photos of the gallery, on every page").check()
    expect(page.locator("#desk-bulk input[type=submit]")).to_have_value("Apply to all 7")
    page.select_option("#desk-bulk select[name=action]", "location")
    page.locator("#desk-bulk").get_by_label("Location").fill("Low Earth orbit")
    page.get_by_role("button", name="Apply to all 7").click()
    page.locator("#desk-bulk-status", has_text="7 of 7 matching photos changed").wait_for()
    assert mission.photos.filter(location="Low Earth orbit").count() == 7
    assert counter.errors == []


def test_the_filters_and_pages_are_links_that_keep_each_other(paged_desk):
    mission, page, counter = paged_desk
    mission.photos.filter(title__in=["Orbit 2", "Orbit 5", "Orbit 6", "Orbit 7"]).update(is_hidden=True)
    page.get_by_role("link", name=re.compile("^Hidden")).click()
    assert card_names(page) == ["Orbit 2", "Orbit 5", "Orbit 6"]
    page.get_by_role("navigation", name="Pages of cards", exact=True).get_by_role("link", name="Next").click()
    assert card_names(page) == ["Orbit 7"]
    assert page.locator(".desk-card .desk-position").all_inner_texts() == ["7"]
    assert page.url.endswith("?filter=hidden&page=2")


@pytest.fixture
def small_desk(live_server, editor):
    editor.set_password("correct horse battery")
    editor.save()
    mission = Mission.objects.create(title="Expedition 60", slug="expedition-60", start_date="2019-07-20")
    credit = make_credit()
    make_photo(mission=mission, credit=credit, title="Suit check", alt_text="Two astronauts in white suits")
    make_photo(mission=mission, credit=credit, size=(800, 1200))
    make_photo(mission=mission, credit=credit, title="Untitled no more", is_hidden=True)
    return mission


@pytest.mark.parametrize(
    "viewport", [{"width": 375, "height": 812}, {"width": 1280, "height": 900}], ids=["375", "1280"]
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_desk_passes_axe_and_fits_the_screen(browser, live_server, small_desk, viewport, scheme):
    context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)  # axe is injected
    page = context.new_page()
    admin_login(page, live_server.url, "editor", "correct horse battery")
    page.goto(f"{live_server.url}/admin/galleries/mission/{small_desk.pk}/desk/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    assert axe_violations(page) == []
    screenshot(page, f"desk-{viewport['width']}-{scheme}")
    page.goto(f"{live_server.url}/admin/")  # the editors' home: where work waits
    assert axe_violations(page) == []
    screenshot(page, f"admin-home-{viewport['width']}-{scheme}")
    photo = small_desk.photos.first()
    photo.caption = "Corrected"
    photo.save()
    page.goto(f"{live_server.url}/admin/galleries/photo/{photo.pk}/history/")
    assert axe_violations(page) == []
    screenshot(page, f"photo-history-{viewport['width']}-{scheme}")
    context.close()


@pytest.mark.parametrize("path", ["desk/", "change/", "history/"])
def test_the_desk_and_the_mission_page_break_no_content_security_rule(browser, live_server, small_desk, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    counter = Counter(page)
    admin_login(page, live_server.url, "editor", "correct horse battery")
    page.goto(f"{live_server.url}/admin/galleries/mission/{small_desk.pk}/{path}")
    page.wait_for_load_state("networkidle")
    assert counter.errors == []
    page.close()
