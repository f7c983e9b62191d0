"""Production settings, security headers, and the admin sign-in against password guessing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings

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


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """gunicorn with production settings on a free port of 127.0.0.1, with the demo gallery."""
    env = production_env(tmp_path_factory.mktemp("production"))
    for args in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo", "--size", "300x200"]):
        result = manage(env, *args)
        assert result.returncode == 0, result.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "-c", "expedition/gunicorn.conf.py", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(timeout=10)


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    return urllib.request.urlopen(request, timeout=5)


def test_public_page_carries_the_security_headers(production_server):
    response = fetch(production_server + "/missions/expedition-56/")
    assert response.status == 200
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
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
def throttled(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_admin_sign_in_is_refused_after_repeated_failures(client, throttled, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "right password")
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert "Please enter the correct username and password" in response.content.decode()
    response = client.post("/admin/login/", {"username": "editor", "password": "right password"})
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()


@pytest.mark.django_db
def test_a_correct_password_within_the_limit_signs_in(client, throttled, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "right password")
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": "right password"})
    assert response.status_code == 302


@pytest.mark.django_db
@override_settings(CSRF_COOKIE_SECURE=False)
def test_admin_forms_require_csrf(django_user_model):
    from django.test import Client

    django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "editor", "password": "pw"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_media_is_served_as_an_image_that_can_run_nothing(client):
    from tests.factories import make_photo

    photo = make_photo(size=(32, 32))
    response = client.get(f"/media/{photo.image.name}")
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.django_db
def test_behind_a_proxy_the_throttle_counts_each_client_apart(client, throttled, django_user_model, settings):
    settings.LOGIN_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.LOGIN_FAILURE_LIMIT = 1  # 4 failures an address
    django_user_model.objects.create_superuser("editor", "e@example.org", "right password")
    for name in ("a", "b", "c", "d"):
        client.post("/admin/login/", {"username": name, "password": "x"}, headers={"X-Real-IP": "203.0.113.9"})
    blocked = client.post("/admin/login/", {"username": "e", "password": "x"}, headers={"X-Real-IP": "203.0.113.9"})
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    other = client.post(
        "/admin/login/", {"username": "editor", "password": "right password"}, headers={"X-Real-IP": "198.51.100.7"}
    )
    assert other.status_code == 302
