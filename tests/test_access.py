"""Access control everywhere: what an anonymous reader can reach on every public URL pattern, and
who may use the admin and the admin URLs this app adds.

The public half is table-driven. `test_every_url_pattern_is_in_the_access_table` walks the URL
resolver, so a new public URL pattern fails the suite until it is added to a table here (or to
EXCLUDED, with a reason).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from galleries.models import ImportJob, Mission, Photo
from tests.factories import editors_group, make_credit, make_crew, make_crewmember, make_mission, make_photo
from tests.images import image_upload
from tests.test_security import manage, production_env

SEARCH_TERM = "nebula"  # every title and name below holds it, so one search could find them all

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


@dataclass
class World:
    """Published content and one of each thing readers must not see, all matching SEARCH_TERM."""

    public: Mission
    draft: Mission
    scheduled: Mission
    photos: dict  # name -> Photo: "first", "second" (visible), "hidden", "draft", "scheduled"
    people: dict  # name -> Crewmember: "visible", "draft_only", "scheduled_only", "hidden_only"

    def secret_markers(self) -> list[str]:
        """Strings that no public response may contain."""
        markers = []
        for mission in (self.draft, self.scheduled):
            markers += [mission.title, mission.summary, mission.get_absolute_url()]
        for name in ("hidden", "draft", "scheduled"):
            photo = self.photos[name]
            markers += [
                photo.title,
                photo.caption,
                photo.alt_text,
                photo.location,
                str(photo.credit),
                photo.get_absolute_url(),
                photo.key.hex,  # in every rendition name and in the original's
            ]
        for name in ("draft_only", "scheduled_only", "hidden_only"):
            markers += [self.people[name].name, self.people[name].get_absolute_url()]
        # A keyword only unpublished photos have is no topic readers may see.
        markers += [f"{token}only topic" for token in ("Hidden", "Draft", "Scheduled")]
        markers += [f"/topics/{token}only-topic/" for token in ("hidden", "draft", "scheduled")]
        # Originals are private by design: with renditions made, no page links any of them.
        markers += [Path(photo.image.name).name for photo in self.photos.values()]
        return markers


@pytest.fixture
def world(db) -> World:
    now = timezone.now()
    public = make_mission(title="Nebula Skylab", slug="skylab", summary="Nebula Skylab summary", vehicle="Saturn V")
    draft = make_mission(
        title="Nebula Gemini", slug="gemini", summary="Gemini summary", status=Mission.Status.DRAFT, published_at=None
    )
    scheduled = make_mission(
        title="Nebula Apollo", slug="apollo", summary="Apollo summary", published_at=now + dt.timedelta(days=2)
    )
    people = {
        "visible": make_crewmember(name="Nebula Visible Person", slug="visible-person"),
        "draft_only": make_crewmember(name="Nebula Draftonly Person", slug="draftonly-person"),
        "scheduled_only": make_crewmember(name="Nebula Scheduledonly Person", slug="scheduledonly-person"),
        "hidden_only": make_crewmember(name="Nebula Hiddenonly Person", slug="hiddenonly-person"),
    }
    make_crew(public, people["visible"], role="Commander")
    make_crew(draft, people["visible"], role="Pilot")  # a published person with a draft assignment
    make_crew(draft, people["draft_only"])
    make_crew(scheduled, people["scheduled_only"])

    def photo(mission, name, **fields):
        token = name.capitalize()
        return make_photo(
            mission=mission,
            title=f"Nebula {token} frame",
            caption=f"{token} caption nebula",
            alt_text=f"{token} alt text",
            location=f"{token} place",
            keywords=f"Nebula topic, {token}only topic",
            credit=make_credit(photographer=f"{token} Shooter", organization="NASA"),
            **fields,
        )

    photos = {
        "first": photo(public, "first", people=[people["visible"]]),
        # Between the two visible photos, so previous/next and "1 of 2" must skip it.
        "hidden": photo(public, "hidden", is_hidden=True, people=[people["visible"], people["hidden_only"]]),
        "second": photo(public, "second"),
        "draft": photo(draft, "draft", people=[people["visible"], people["draft_only"]]),
        "scheduled": photo(scheduled, "scheduled", people=[people["scheduled_only"]]),
    }
    public.cover_photo = photos["hidden"]  # a hidden cover must not reach the home page, feed or cards
    public.save()
    return World(public=public, draft=draft, scheduled=scheduled, photos=photos, people=people)


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
    assert photo.image.name == f"originals/{photo.key.hex}.jpg"
    assert photo.rendition_names()
    for name in photo.rendition_names():
        assert re.fullmatch(rf"renditions/{photo.key.hex}/\d+-[0-9a-f]{{8}}\.(jpg|webp|avif)", name)


# --- Who may use the admin -----------------------------------------------------------------------
# Django's own admin views check staff status and CSRF themselves: the sweeps below take the admin
# URLs this app adds (found through the resolver, so a new one is swept without touching this file)
# and one stock page as the control that the site as a whole is wired the same way.

ADMIN_PREFIX = "admin/"
STOCK_ADMIN_ROUTE = "admin/galleries/photo/<path:object_id>/change/"


def view_module(callback) -> str:
    """The module that defines a URL pattern's view, through admin_view's wrapper and functools.partial."""
    while True:
        if hasattr(callback, "__wrapped__"):
            callback = callback.__wrapped__
        elif hasattr(callback, "func"):  # functools.partial
            callback = callback.func
        else:
            return getattr(callback, "__module__", "")


def leaf_patterns(patterns, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for pattern in patterns:
        route = join_routes(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            found += leaf_patterns(pattern.url_patterns, route)
        else:
            found.append((route, pattern))
    return found


def own_admin_routes() -> list[str]:
    """The admin routes whose views live in this project rather than in Django or a library."""
    return [
        route
        for route, pattern in leaf_patterns(get_resolver().url_patterns)
        if route.startswith(ADMIN_PREFIX) and view_module(pattern.callback).startswith(("galleries", "expedition"))
    ]


SWEPT_ADMIN_ROUTES = [*own_admin_routes(), STOCK_ADMIN_ROUTE]


@pytest.fixture
def admin_objects(db) -> dict[str, str]:
    """The pk of a published mission and of its photo, for the admin addresses that take one."""
    mission = make_mission()
    photo = make_photo(mission=mission, renditions=False)
    job = ImportJob.objects.create(mission=mission, archive="imports/x.zip", archive_name="x.zip")
    return {
        "galleries/mission": str(mission.pk),
        "galleries/photo": str(photo.pk),
        "job": str(job.pk),
        "galleries/mission history": str(mission.history.latest().pk),
        "galleries/photo history": str(photo.history.latest().pk),
    }


def admin_address(route: str, objects: dict[str, str]) -> str:
    """A concrete address for `route`, with the pk of the object of its model."""
    model = "/".join(route.split("/")[1:3])  # "galleries/photo" in "admin/galleries/photo/<path:object_id>/change/"
    address = route.replace("<path:object_id>", objects[model]).replace("<int:object_id>", objects[model])
    address = address.replace("<int:photo_id>", objects["galleries/photo"])
    address = address.replace("<int:history_id>", objects[f"{model} history"]).replace("<str:field>", "title")
    # simple-history's page of one earlier version (a regular expression route)
    address = address.replace("([^/]+)/history/([^/]+)/$", f"{objects[model]}/history/{objects[f'{model} history']}/")
    address = address.replace("[^/]+/(?:upload|preview|desk)/", "abc/upload/")  # the malformed-id catch
    return "/" + address.replace("<int:job_id>", objects["job"])


def mission_is_public(admin_objects) -> bool:
    return Mission.objects.get(pk=admin_objects["galleries/mission"]).is_public


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")


def test_own_admin_routes_include_the_upload_and_preview_pages():
    found = own_admin_routes()
    assert "admin/galleries/mission/<int:object_id>/upload/" in found
    assert "admin/galleries/mission/<int:object_id>/preview/" in found
    assert "admin/galleries/mission/<int:object_id>/preview/photos/<int:photo_id>/" in found
    assert STOCK_ADMIN_ROUTE not in found  # the photo admin customises its pages, not Django's views


def test_swept_admin_routes_resolve_from_their_addresses(admin_objects):
    for route in SWEPT_ADMIN_ROUTES:
        assert resolve(admin_address(route, admin_objects)).route == route


@pytest.mark.parametrize("route", SWEPT_ADMIN_ROUTES)
def test_anonymous_reader_on_an_admin_url_is_sent_to_sign_in(client, admin_objects, route):
    url = admin_address(route, admin_objects)
    assert is_sign_in_redirect(client.get(url)), url


@pytest.mark.parametrize("route", SWEPT_ADMIN_ROUTES)
def test_anonymous_post_to_an_admin_url_is_sent_to_sign_in_and_changes_nothing(client, admin_objects, route):
    url = admin_address(route, admin_objects)
    photos = Photo.objects.count()
    response = client.post(url, {"title": "x", "action": "unpublish", "files": [image_upload()]})
    assert is_sign_in_redirect(response), url
    assert Photo.objects.count() == photos
    assert mission_is_public(admin_objects)


@pytest.mark.parametrize("route", SWEPT_ADMIN_ROUTES)
def test_signed_in_user_without_staff_status_is_sent_to_sign_in(client, admin_objects, route):
    user = get_user_model().objects.create_user("reader", "reader@example.org", "pw", is_superuser=True)
    client.force_login(user)  # even every permission is not enough without is_staff
    assert is_sign_in_redirect(client.get(admin_address(route, admin_objects))), route


@pytest.mark.parametrize("route", ["admin/auth/user/add/", "admin/auth/group/<path:object_id>/change/"])
def test_editor_cannot_manage_users_or_groups(editor_client, route):
    url = "/" + route.replace("<path:object_id>", str(editors_group().pk))
    users, groups = get_user_model().objects.count(), Group.objects.count()
    form = {"username": "intruder", "password1": "Xy7!long-enough", "password2": "Xy7!long-enough", "name": "Admins"}
    assert editor_client.get(url).status_code == 403, url
    assert editor_client.post(url, form).status_code == 403, url
    assert get_user_model().objects.count() == users
    assert Group.objects.count() == groups
    assert Group.objects.filter(name="Editors").exists()


def test_editor_cannot_give_themselves_more_rights(editor_client, editor):
    url = f"/admin/auth/user/{editor.pk}/change/"
    response = editor_client.post(url, {"username": "editor", "is_superuser": "on", "is_active": "on"})
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_editor_admin_index_lists_missions_but_not_users_or_groups(editor_client):
    index = editor_client.get("/admin/").content.decode()
    assert "/admin/galleries/mission/" in index  # the control: editors do reach their own work
    assert "/admin/auth/user/" not in index
    assert "/admin/auth/group/" not in index


def test_editor_cannot_add_a_license(editor_client):
    assert editor_client.get(reverse("admin:galleries_license_add")).status_code == 403


@pytest.fixture
def csrf_client(editor, admin_objects):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


@pytest.mark.parametrize("route", SWEPT_ADMIN_ROUTES)
def test_admin_post_without_a_csrf_token_is_refused(csrf_client, admin_objects, route):
    url = admin_address(route, admin_objects)
    data = {"action": "unpublish", "_selected_action": [admin_objects["galleries/mission"]], "title": "x"}
    response = csrf_client.post(url, data)
    assert response.status_code == 403, url
    assert "CSRF" in response.content.decode()
    assert mission_is_public(admin_objects)


def test_the_same_admin_post_with_its_token_goes_through(csrf_client, admin_objects):
    """The control for the test above: the 403 came from the missing token, not from the request."""
    changelist = "/admin/galleries/mission/"
    token = csrf_client.get(changelist).cookies["csrftoken"].value
    data = {"action": "unpublish", "_selected_action": [admin_objects["galleries/mission"]]}
    assert csrf_client.post(changelist, data | {"csrfmiddlewaretoken": token}).status_code == 302
    assert not mission_is_public(admin_objects)


# --- Sessions ----------------------------------------------------------------------------------

SIGN_IN_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
get_user_model().objects.create_superuser("editor", "e@example.org", "a long and unusual password")
client = Client(HTTP_HOST="localhost")
token = "a" * 32  # a CSRF secret of our own; signing in replaces it, with the cookie settings under test
client.cookies["csrftoken"] = token
response = client.post(
    "/admin/login/",
    {"username": "editor", "password": "a long and unusual password", "csrfmiddlewaretoken": token},
    secure=True,
)
print(json.dumps({"status": response.status_code, "cookies": {k: dict(v) for k, v in client.cookies.items()}}))
"""


def test_sign_in_under_production_settings_sets_secure_http_only_cookies(tmp_path):
    env = production_env(tmp_path)
    assert manage(env, "migrate", "-v0").returncode == 0
    result = manage(env, "shell", "-c", SIGN_IN_SCRIPT)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 302  # signed in
    session, csrf = answer["cookies"]["sessionid"], answer["cookies"]["csrftoken"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
