"""The admin is for staff: every admin address sends readers to sign in, refuses writes without a
CSRF token, and keeps editors from managing users, groups and licences."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from galleries.models import ImportJob, Mission, Photo
from tests.factories import editors_group, make_mission, make_photo
from tests.images import image_upload
from tests.test_access import join_routes
from tests.test_security import manage, production_env

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
