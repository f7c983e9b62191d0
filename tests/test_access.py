"""Access control everywhere: what an anonymous reader can reach on every public URL pattern, and
who may use the admin and the admin URLs this app adds.

The public half is table-driven. `test_every_url_pattern_is_in_the_access_table` walks the URL
resolver, so a new public URL pattern fails the suite until it is added to a table here (or to
EXCLUDED, with a reason).
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from galleries.models import Mission
from tests.access_world import SEARCH_TERM, World

# Top-level routes left out of the public tables, with the reason and the test that covers them.
EXCLUDED = {
    "admin/": "the editors' site: every URL needs staff (test_anonymous_reader_on_an_admin_url_is_sent_to_sign_in)",
    "^media/(?P<path>.*)$": "uploaded files under random keys, served only while debugging; a draft's keys are on "
    "no public page (test_hidden_content_is_on_no_listing) and folders are not listed "
    "(test_media_folders_are_not_listed)",
    "healthz": "answers ok or unavailable and nothing about content (tests/test_healthz.py)",
    "api/v1/": "the JSON API: every operation of its OpenAPI document is walked with every identifier, public or "
    "not (tests/test_api_visibility.py)",
}


def join_routes(prefix: str, route: str) -> str:
    """Join routes as Django's resolver does in ResolverMatch.route (a nested regex loses its "^")."""
    return prefix + (route[1:] if prefix and route.startswith("^") else route)


def routes(patterns, prefix: str = "", stop: dict[str, str] | None = None) -> list[str]:
    """Every leaf route under `patterns`, as full route strings; a resolver in `stop` is one route."""
    found = []
    for pattern in patterns:
        route = join_routes(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver) and route not in (stop or {}):
            found += routes(pattern.url_patterns, route, stop)
        else:
            assert isinstance(pattern, URLPattern | URLResolver)
            found.append(route)
    return found


# --- What readers may see ------------------------------------------------------------------------


IIIF_PHOTOS = ("hidden", "draft", "scheduled", "first")


def iiif(world: World, name: str, end: str) -> str:
    return f"/iiif/3/photo-{world.photos[name].pk}{end}"


# Routes of one object's page: how to build its address, which objects readers see, which they must not.
NOT_SHOWN = ("hidden", "draft", "scheduled")
DETAIL_ROUTES = {
    "missions/<slug:slug>/": {
        "shown": [lambda w: w.public.get_absolute_url()],
        "not_found": [lambda w: w.draft.get_absolute_url(), lambda w: w.scheduled.get_absolute_url()],
    },
    "missions/<slug:mission_slug>/photos/<int:pk>/": {
        "shown": [lambda w: w.photos["first"].get_absolute_url(), lambda w: w.photos["second"].get_absolute_url()],
        "not_found": [
            lambda w: w.photos["hidden"].get_absolute_url(),
            lambda w: w.photos["draft"].get_absolute_url(),
            lambda w: w.photos["scheduled"].get_absolute_url(),
            # A draft photo's id under a published mission's slug is not a way in.
            lambda w: f"{w.public.get_absolute_url()}photos/{w.photos['draft'].pk}/",
        ],
    },
    "missions/<slug:mission_slug>/photos/<int:pk>/metadata.json": {
        "shown": [
            lambda w: f"{w.photos['first'].get_absolute_url()}metadata.json",
            lambda w: f"{w.photos['second'].get_absolute_url()}metadata.json",
        ],
        "not_found": [
            *(lambda w, name=name: f"{w.photos[name].get_absolute_url()}metadata.json" for name in NOT_SHOWN),
            lambda w: f"{w.public.get_absolute_url()}photos/{w.photos['draft'].pk}/metadata.json",
        ],
    },
    # The photos here are too small to offer a size: what a visible photo's downloads give is
    # tests/test_downloads.py's (a file, which the body checks below cannot read as text).
    "missions/<slug:mission_slug>/photos/<int:pk>/download/<slug:size>/": {
        "shown": [],
        "not_found": [
            *(lambda w, name=name: f"{w.photos[name].get_absolute_url()}download/small/" for name in NOT_SHOWN),
            lambda w: f"{w.public.get_absolute_url()}photos/{w.photos['draft'].pk}/download/original/",
        ],
    },
    "iiif/3/missions/<slug:slug>/manifest.json": {
        "shown": [lambda w: f"/iiif/3/missions/{w.public.slug}/manifest.json"],
        "not_found": [
            lambda w, m=m: f"/iiif/3/missions/{getattr(w, m).slug}/manifest.json" for m in ("draft", "scheduled")
        ],
    },
    "topics/<slug:slug>/": {
        "shown": [lambda w: "/topics/nebula-topic/", lambda w: "/topics/firstonly-topic/"],
        "not_found": [
            lambda w: "/topics/hiddenonly-topic/",
            lambda w: "/topics/draftonly-topic/",
            lambda w: "/topics/scheduledonly-topic/",
        ],
    },
    "crew/<slug:slug>/": {
        "shown": [lambda w: w.people["visible"].get_absolute_url()],
        "not_found": [
            lambda w: w.people["draft_only"].get_absolute_url(),
            lambda w: w.people["scheduled_only"].get_absolute_url(),
            lambda w: w.people["hidden_only"].get_absolute_url(),
        ],
    },
    "missions/<slug:slug>/feed/": {
        "shown": [lambda w: f"{w.public.get_absolute_url()}feed/"],
        "not_found": [
            lambda w: f"{w.draft.get_absolute_url()}feed/",
            lambda w: f"{w.scheduled.get_absolute_url()}feed/",
        ],
    },
    "crew/<slug:slug>/feed/": {
        "shown": [lambda w: f"{w.people['visible'].get_absolute_url()}feed/"],
        "not_found": [
            lambda w: f"{w.people['draft_only'].get_absolute_url()}feed/",
            lambda w: f"{w.people['scheduled_only'].get_absolute_url()}feed/",
            lambda w: f"{w.people['hidden_only'].get_absolute_url()}feed/",
        ],
    },
    "embed/missions/<slug:slug>/": {
        "shown": [lambda w: f"/embed{w.public.get_absolute_url()}"],
        "not_found": [
            lambda w: f"/embed{w.draft.get_absolute_url()}",
            lambda w: f"/embed{w.scheduled.get_absolute_url()}",
        ],
    },
    # Deep zoom: these small photos have no tiles, so even the visible one's answer 404; the
    # served side (a large published photo) is tests/test_iiif.py's.
    **{
        route: {"shown": [], "not_found": [lambda w, name=name, end=end: iiif(w, name, end) for name in IIIF_PHOTOS]}
        for route, end in (
            ("iiif/3/photo-<int:pk>", ""),
            ("iiif/3/photo-<int:pk>/info.json", "/info.json"),
            ("iiif/3/photo-<int:pk>/<str:region>/<str:size>/0/default.jpg", "/full/16,12/0/default.jpg"),
        )
    },
}

# Routes that list content: the addresses to fetch, and what of the published content each must show.
SITEMAP_SECTIONS = [
    *("/sitemap-home.xml", "/sitemap-missions.xml", "/sitemap-photos.xml", "/sitemap-crew.xml", "/sitemap-topics.xml")
]
LISTING_ROUTES = {
    "": {"urls": ["/", "/?page=1"], "shows": lambda w: [w.public.title, w.photos["first"].key.hex]},  # its cover
    "search/": {
        "urls": [f"/search/?q={SEARCH_TERM}", f"/search/?q={SEARCH_TERM}&page=1"],
        "shows": lambda w: [
            w.public.title,
            w.photos["first"].title,
            w.photos["second"].title,
            w.people["visible"].name,
        ],
    },
    "feed/": {"urls": ["/feed/"], "shows": lambda w: [w.public.title, w.photos["first"].key.hex]},
    "sitemap.xml": {"urls": ["/sitemap.xml"], "shows": lambda w: ["/sitemap-missions.xml", "/sitemap-photos.xml"]},
    "sitemap-<slug:section>.xml": {
        "urls": SITEMAP_SECTIONS,
        "shows": lambda w: [],  # each shows its own kind of page: test_sitemap_lists_exactly_the_published_pages
    },
    "oembed/": {  # its answers for hidden content: tests/test_oembed.py
        "urls": ["/oembed/?url=http://testserver/missions/skylab/"],
        "shows": lambda w: [w.public.title, w.photos["first"].key.hex],  # the thumbnail
    },
    "robots.txt": {"urls": ["/robots.txt"], "shows": lambda w: []},
    "favicon.ico": {"urls": ["/favicon.ico"], "shows": lambda w: []},  # a redirect to a static file
}


def public_urls(world: World) -> list[str]:
    """Every address of published content the tables name."""
    urls = [make(world) for table in DETAIL_ROUTES.values() for make in table["shown"]]
    return urls + [url for table in LISTING_ROUTES.values() for url in table["urls"]]


def json_ld_blocks(body: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body)]


def assert_no_secret(world: World, url: str, body: str) -> None:
    leaked = [marker for marker in world.secret_markers() if marker and marker in body]
    assert not leaked, f"{url} shows {leaked}"


def test_every_url_pattern_is_in_the_access_table():
    found = routes(get_resolver().url_patterns, stop=EXCLUDED)
    known = {*DETAIL_ROUTES, *LISTING_ROUTES, *EXCLUDED}
    assert sorted(set(found) - known) == [], "add the new URL pattern to a table in tests/test_access.py"
    assert sorted(known - set(found)) == [], "the table names a URL pattern that no longer exists"


def test_table_addresses_reach_their_url_patterns(world):
    for route, table in DETAIL_ROUTES.items():
        for make in table["shown"] + table["not_found"]:
            assert resolve(make(world)).route == route
    for route, table in LISTING_ROUTES.items():
        for url in table["urls"]:
            assert resolve(url.split("?")[0]).route == route


@pytest.mark.parametrize("route", DETAIL_ROUTES)
def test_hidden_content_pages_are_not_found(client, world, route):
    for make in DETAIL_ROUTES[route]["not_found"]:
        url = make(world)
        response = client.get(url)
        assert response.status_code == 404, url  # 404, not 403: nothing says the page exists
        assert_no_secret(world, url, response.content.decode())


@pytest.mark.parametrize("route", DETAIL_ROUTES)
def test_published_content_pages_show_no_hidden_content(client, world, route):
    for make in DETAIL_ROUTES[route]["shown"]:
        url = make(world)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secret(world, url, response.content.decode())


@pytest.mark.parametrize("route", LISTING_ROUTES)
def test_hidden_content_is_on_no_listing(client, world, route):
    for url in LISTING_ROUTES[route]["urls"]:
        response = client.get(url)
        assert response.status_code in (200, 301), url
        body = response.content.decode()
        assert_no_secret(world, url, body)
        missing = [marker for marker in LISTING_ROUTES[route]["shows"](world) if marker not in body]
        assert not missing, f"{url} lacks {missing}"


def test_sitemap_lists_exactly_the_published_pages(client, world):
    body = "".join(client.get(url).content.decode() for url in SITEMAP_SECTIONS)
    locations = {loc.removeprefix("http://testserver") for loc in re.findall(r"<loc>(.*?)</loc>", body)}
    expected = {
        "/",
        world.public.get_absolute_url(),
        world.photos["first"].get_absolute_url(),
        world.photos["second"].get_absolute_url(),
        world.people["visible"].get_absolute_url(),
        *("/topics/nebula-topic/", "/topics/firstonly-topic/", "/topics/secondonly-topic/"),
    }
    assert locations == expected


def test_json_ld_on_every_page_describes_only_published_photos(client, world):
    visible = {world.photos["first"].get_absolute_url(), world.photos["second"].get_absolute_url()}
    described = set()
    for url in public_urls(world):
        body = client.get(url).content.decode()
        for block in json_ld_blocks(body):
            assert_no_secret(world, url, json.dumps(block, ensure_ascii=False))
            images = block.get("image", []) if block["@type"] == "ImageGallery" else [block]
            described |= {image["url"].removeprefix("http://testserver") for image in images}
    assert described == visible


def test_gallery_page_slideshow_and_numbering_skip_the_hidden_photo(client, world):
    first, second = world.photos["first"], world.photos["second"]
    gallery = client.get(world.public.get_absolute_url()).content.decode()
    assert re.findall(r'data-slide="([^"]+)"', gallery) == [first.get_absolute_url(), second.get_absolute_url()]
    page = client.get(first.get_absolute_url()).content.decode()
    assert "Photo 1 of 2" in page
    assert f'href="{second.get_absolute_url()}" rel="next"' in page


def test_publishing_the_draft_puts_it_on_every_listing(client, world):
    """The control for the tests above: the same checks do see content once it is published."""
    world.draft.status = Mission.Status.PUBLISHED
    world.draft.save()
    for url in ["/", f"/search/?q={SEARCH_TERM}", "/feed/", "/sitemap-missions.xml"]:
        body = client.get(url).content.decode()
        assert world.draft.get_absolute_url() in body, url
    assert client.get(world.photos["draft"].get_absolute_url()).status_code == 200
    assert client.get(world.people["draft_only"].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("route", DETAIL_ROUTES | LISTING_ROUTES)
def test_public_urls_accept_no_writes(world, route):
    client = Client(enforce_csrf_checks=True)
    table = DETAIL_ROUTES.get(route) or {}
    urls = [make(world) for make in table.get("shown", [])] or LISTING_ROUTES.get(route, {}).get("urls", [])
    for url in urls:
        assert client.post(url, {"title": "x"}).status_code in (403, 405), url


def test_media_folders_are_not_listed(client, world):
    for folder in ("/media/", "/media/originals/", "/media/renditions/", f"/media/renditions/{world.public.pk}/"):
        assert client.get(folder).status_code == 404, folder


def test_rendition_and_original_keys_are_random(world):
    """A draft's files cannot be guessed from anything public: the key is a random UUID, not the id."""
    photo = world.photos["draft"]
    assert photo.key.version == 4
    assert re.fullmatch(r"originals/[0-9a-f]{32}\.jpg", photo.image.name)
    assert photo.key.hex not in photo.image.name  # the key is in every public rendition address
    assert photo.rendition_names()
    for name in photo.rendition_names():
        assert re.fullmatch(rf"renditions/{photo.key.hex}/\d+-[0-9a-f]{{8}}\.(jpg|webp|avif)", name)


# --- Who may use the admin -----------------------------------------------------------------------
# Django's own admin views check staff status and CSRF themselves: the sweeps below take the admin
# URLs this app adds (found through the resolver, so a new one is swept without touching this file)
# and one stock page as the control that the site as a whole is wired the same way.
