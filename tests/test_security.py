"""Production settings, security headers, and the admin sign-in against password guessing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from galleries import batches
from tests.factories import make_mission, make_photo

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "expedition.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x7Qv-3kPz9tLmW2bNc8dRfGhJ4sYaE6uViOo1pXqZ5yTn0eKw-production-like",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "GALLERIES_LATER_FORMATS": "none",
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_refuse_to_start_without_a_secret(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in result.stderr


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int, log_dir: Path) -> Iterator[str]:
    """gunicorn with `env` on a free port of 127.0.0.1; yields its base address once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = log_dir / "gunicorn.log"
    with log_path.open("wb") as log:  # a file, not a pipe: an unread pipe fills up and stalls the server
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "expedition/gunicorn.conf.py"]
            + ["-b", f"127.0.0.1:{port}", "-w", str(workers)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base, server, log_path, seconds=15)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    """A folder with the demo gallery under production settings (database, media, static files),
    made once for the module; each server copies it, so what one test changes no other sees."""
    folder = tmp_path_factory.mktemp("demo-site")
    env = production_env(folder)
    for args in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo", "--size", "300x200"]):
        result = manage(env, *args)
        assert result.returncode == 0, result.stderr
    return folder


def copy_of(site: Path, folder: Path) -> dict[str, str]:
    """The production environment of a fresh copy of `site` in `folder`."""
    shutil.copytree(site, folder, dirs_exist_ok=True)
    return production_env(folder)


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, demo_site):
    """gunicorn with production settings, one worker, with the demo gallery."""
    env = copy_of(demo_site, tmp_path_factory.mktemp("production"))
    with gunicorn(env, workers=1, log_dir=tmp_path_factory.mktemp("gunicorn")) as base:
        yield base


def wait_for_health(base: str, server: subprocess.Popen, log_path: Path, *, seconds: float) -> None:
    """Return once /healthz answers 200; fail with the server's log if it exits or stays silent."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            # As the TLS-terminating proxy would send it: plain HTTP is redirected to https://, which this
            # server does not speak.
            request = urllib.request.Request(base + "/healthz", headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            state = f"no answer in {seconds} s" if server.returncode is None else f"exited with {server.returncode}"
            pytest.fail(f"gunicorn did not answer {base}/healthz ({state}). Its log:\n{log_path.read_text()}")
        time.sleep(0.1)


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    return urllib.request.urlopen(request, timeout=5)


def status(url: str) -> int:
    try:
        with fetch(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_unpublishing_takes_a_gallery_down_on_every_worker_with_the_default_cache(tmp_path, demo_site):
    """Three workers on one machine, no Redis: the default cache is shared on disk, so none of them
    keeps serving the page it cached before the gallery was unpublished."""
    env = copy_of(demo_site, tmp_path) | {"DJANGO_CACHE_DIR": str(tmp_path / "cache")}
    for name in ("CACHE_URL", "REDIS_URL"):
        env.pop(name, None)
    with gunicorn(env, workers=3, log_dir=tmp_path) as base:
        gallery = base + "/missions/expedition-56/"
        assert [status(gallery) for _ in range(12)] == [200] * 12  # every worker has seen (and cached) it
        unpublish = (
            "from galleries import publishing; from galleries.models import Mission; "
            "publishing.mission_unpublish(mission=Mission.objects.get(slug='expedition-56'))"
        )
        result = manage(env, "shell", "-c", unpublish)
        assert result.returncode == 0, result.stderr
        assert [status(gallery) for _ in range(10)] == [404] * 10


def test_public_page_carries_the_security_headers(production_server):
    response = fetch(production_server + "/missions/expedition-56/")
    assert response.status == 200
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(production_server):
    request = urllib.request.Request(production_server + "/")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(NoRedirect).open(request, timeout=5)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"].startswith("https://")


def test_static_files_are_compressed_hashed_and_cached_forever(production_server):
    page = fetch(production_server + "/").read().decode()
    css = page.split('href="/static/galleries/site.')[1].split('"')[0]
    response = fetch(f"{production_server}/static/galleries/site.{css}", **{"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]


@pytest.fixture
def editor_password(editor) -> str:
    editor.set_password("right password")
    editor.save()
    return "right password"


@pytest.fixture
def throttled(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    cache.clear()
    yield
    cache.clear()


def test_admin_sign_in_is_refused_after_repeated_failures(client, throttled, editor_password):
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert "Please enter the correct username and password" in response.content.decode()
    response = client.post("/admin/login/", {"username": "editor", "password": editor_password})
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_a_correct_password_within_the_limit_signs_in(client, throttled, editor_password):
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": editor_password})
    assert response.status_code == 302


@override_settings(CSRF_COOKIE_SECURE=False)
def test_admin_sign_in_without_a_csrf_token_is_refused(editor_password):
    data = {"username": "editor", "password": editor_password}
    response = Client(enforce_csrf_checks=True).post("/admin/login/", data)
    assert response.status_code == 403


@pytest.mark.django_db
def test_media_is_served_as_an_image_that_can_run_nothing(client):
    photo = make_photo(size=(32, 32))
    response = client.get(photo.rendition_for(width=32).url)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("address", ["/media/{}", "/media/renditions/../{}", "/media//{}"])
def test_readers_never_get_an_original_from_the_media_server(client, db, address):
    photo = make_photo(size=(32, 32))
    assert client.get(address.format(photo.image.name)).status_code == 404


def test_editors_get_the_original_uncached(editor_client):
    photo = make_photo(size=(32, 32))
    response = editor_client.get(f"/media/{photo.image.name}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_behind_a_proxy_the_throttle_counts_each_client_apart(client, throttled, editor_password, settings):
    settings.LOGIN_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.LOGIN_FAILURE_LIMIT = 1  # 4 failures an address
    for name in ("a", "b", "c", "d"):
        client.post("/admin/login/", {"username": name, "password": "x"}, headers={"X-Real-IP": "203.0.113.9"})
    blocked = client.post("/admin/login/", {"username": "e", "password": "x"}, headers={"X-Real-IP": "203.0.113.9"})
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    other = client.post(
        "/admin/login/", {"username": "editor", "password": editor_password}, headers={"X-Real-IP": "198.51.100.7"}
    )
    assert other.status_code == 302


def test_a_store_that_does_not_answer_times_out_in_seconds_under_production_settings(tmp_path):
    env = production_env(tmp_path) | {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "mission-photos"}
    show = "from django.conf import settings as s; c = s.STORAGES['default']['OPTIONS']['client_config']; "
    result = manage(env, "shell", "--no-imports", "-c", show + "print(c.connect_timeout, c.read_timeout)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5", "20"]


def test_a_request_for_a_host_we_do_not_serve_is_one_warning_without_a_traceback(client, caplog):
    assert client.get("/", HTTP_HOST="scanner.example").status_code == 400
    (record,) = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.levelname == "WARNING"
    assert record.exc_info is None


def test_signing_in_clears_the_names_failure_count(client, throttled, editor_password):
    for _ in range(2):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    client.post("/admin/login/", {"username": "editor", "password": editor_password})
    client.logout()
    for _ in range(2):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": editor_password})
    assert response.status_code == 302


def test_a_full_width_spelling_of_a_locked_name_is_locked_too(client, throttled, editor_password):
    for _ in range(3):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "ｅｄｉｔｏｒ", "password": editor_password})
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_readers_never_get_an_uploaded_zip_from_the_media_server(client, settings, editor):
    job = batches.import_job_start(
        mission=make_mission(),
        upload=SimpleUploadedFile("cards.zip", b"PK\x05\x06" + b"\0" * 18),
        default_credit=None,
        location="",
        user=editor,
    )
    assert client.get(f"/media/{job.archive.name}").status_code == 404
    assert client.get(f"/media/{job.archive.name.upper()}").status_code == 404


class Browser:
    """Just enough of a browser over plain HTTP behind the TLS proxy: cookies (Secure ones too) and CSRF."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        headers = {"X-Forwarded-Proto": "https", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            headers |= {
                "Origin": "https://" + self.base.removeprefix("http://"),
                "X-CSRFToken": self.cookies["csrftoken"],
            }
            body = urllib.parse.urlencode(data).encode()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = urllib.request.build_opener(NoRedirect).open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            self.cookies[name.strip()] = value
        return response.status, response.headers.get("Location", ""), response.read().decode()


def test_with_redis_stopped_editors_sign_in_and_saves_answer_normally(tmp_path, demo_site):
    env = copy_of(demo_site, tmp_path) | {"CACHE_URL": "redis://127.0.0.1:9/0"}  # nothing listens on port 9
    make_editor = (
        "from django.contrib.auth.models import User, Group; "
        "u = User.objects.create_user('edna', password='a long pass phrase', is_staff=True); "
        "u.groups.add(Group.objects.get(name='Editors'))"
    )
    assert manage(env, "shell", "-c", make_editor).returncode == 0
    with gunicorn(env, workers=1, log_dir=tmp_path) as base:
        editor = Browser(base)
        editor.request("/admin/login/")
        credentials = {"username": "edna", "password": "a long pass phrase", "next": "/admin/"}
        assert editor.request("/admin/login/", credentials)[:2] == (302, "/admin/")
        license_id = manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from galleries.models import License; print(License.objects.first().pk)",
        )
        added = editor.request(
            "/admin/galleries/credit/add/",
            {"photographer": "Bill Ingalls", "organization": "NASA", "default_license": license_id.stdout.strip()},
        )
        assert added[:2] == (302, "/admin/galleries/credit/")
        assert editor.request("/missions/expedition-56/")[0] == 200
    assert "Internal Server Error" not in (tmp_path / "gunicorn.log").read_text()
