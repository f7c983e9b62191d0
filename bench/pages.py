"""Queries, render time and first-view transfer of the public pages, for a 100-photo gallery.

    .venv/bin/python bench/pages.py [--photos 100] [--rounds 30]

Builds a throwaway SQLite database and media folder with the production rendition widths, loads the
Expedition 56 demo (7 photos at 2400x1600) and clones its photos into a gallery of --photos photos
(each clone gets its own copies of the rendition files, so nothing is shared in the browser cache).
Then prints, per public view:
  queries  the number of SQL queries one request makes;
  render   the median time of --rounds requests through Django's test client with the page cache
           off, and that time as a multiple of a trivial view (`HttpResponse("ok")` through the same
           middleware) measured in the same run; the gallery's first page is followed by
           "minimal markup", the same photos from the same queries written as bare <img> tags
           with an f-string (the floor a template could approach);
  cached   the median time of a page-cache hit (galleries.cache, local memory);
and for the gallery, the bytes a first view transfers (headers and bodies, empty cache) in Debian's
Chromium at 1280x800 and 375x812, waiting until the network is idle without scrolling.
Not part of the test suite; it only prints figures.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="expedition-bench-pages-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="expedition.settings",
    DJANGO_DEBUG="1",
    # The test client's host and the live server's: else every absolute URL logs a DisallowedHost.
    DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    DATABASE_URL=f"sqlite:///{WORK / 'db.sqlite3'}",
    MEDIA_ROOT=str(WORK / "media"),
    TASKS_BACKEND="immediate",
    GALLERIES_LATER_FORMATS="none",  # AVIF is slow to encode; WebP + JPEG is what browsers pick here
    DJANGO_ALLOW_ASYNC_UNSAFE="true",
)

import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402


def minimal_gallery(request, slug: str) -> HttpResponse:
    """The floor for a gallery page: the same page of photos from the same queries, each as one
    bare <img> with its srcset, written with an f-string instead of templates."""
    from django.core.paginator import Paginator
    from django.utils.html import escape

    from galleries.models import Mission, Photo
    from galleries.views import GALLERY_PAGE_SIZE

    mission = Mission.objects.published().get(slug=slug)
    photos = Paginator(Photo.objects.published().filter(mission=mission).in_order().for_display(), GALLERY_PAGE_SIZE)
    parts = [f"<!doctype html><title>{escape(mission.title)}</title><h1>{escape(mission.title)}</h1>"]
    for photo in photos.get_page(1).object_list:
        jpeg = photo.renditions_by_format().get("JPEG", [])
        srcset = ", ".join(f"{r.url} {r.width}w" for r in jpeg)
        parts.append(
            f'<figure><h2>{escape(photo.title)}</h2><img srcset="{srcset}" alt="{escape(photo.alt_text)}">'
            f"<figcaption>{escape(str(photo.credit))} {escape(photo.caption)}</figcaption></figure>"
        )
    return HttpResponse("".join(parts))


def install_urls() -> None:
    """The site's URLs plus one trivial view and the minimal gallery, the yardsticks for render times."""
    bench_urls = types.ModuleType("bench_pages_urls")
    bench_urls.urlpatterns = [
        path("bench-trivial/", lambda request: HttpResponse("ok")),
        path("bench-minimal/<slug:slug>/", minimal_gallery),
        path("", include("expedition.urls")),
    ]
    sys.modules["bench_pages_urls"] = bench_urls
    settings.ROOT_URLCONF = "bench_pages_urls"


def build_gallery(photos: int) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import override_settings

    from galleries import ingest
    from galleries.models import Mission

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--size", "2400x1600", stdout=io.StringIO())
    mission = Mission.objects.get(slug="expedition-56")
    sources = list(mission.photos.in_order())
    media = Path(settings.MEDIA_ROOT)
    dummy_tasks = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    for position in range(len(sources), photos):
        source = sources[position % len(sources)]
        with source.image.open("rb") as original, override_settings(TASKS=dummy_tasks):
            upload = SimpleUploadedFile(source.original_filename, original.read())
            # The same way in as any upload; the renditions are copied rather than rebuilt, for speed.
            clone = ingest.photo_ingest(
                mission=mission,
                upload=upload,
                credit=source.credit,
                people=list(source.people.all()),
                position=position,
                title=f"{source.title} ({position + 1})",
                caption=source.caption,
                alt_text=source.alt_text,
                location=source.location,
                taken_at=source.taken_at,
            )
        renditions = []
        for entry in source.renditions:
            name = entry["name"].replace(source.key.hex, clone.key.hex)
            (media / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(media / entry["name"], media / name)
            renditions.append({**entry, "name": name})
        clone.renditions = renditions
        clone.placeholder_color = source.placeholder_color
        clone.save(update_fields=["renditions", "placeholder_color"])


def measure_views(rounds: int, photos: int) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from galleries.models import Crewmember, Mission

    mission = Mission.objects.get(slug="expedition-56")
    photo = mission.photos.in_order()[50 if mission.photos.count() > 50 else 0]
    views = {
        "trivial view": "/bench-trivial/",
        "home": "/",
        f"gallery p1 ({min(48, photos)}/{photos})": mission.get_absolute_url(),
        "  minimal markup": f"/bench-minimal/{mission.slug}/",
        "photo": photo.get_absolute_url(),
        "crew": Crewmember.objects.get(slug="serena-aunon-chancellor").get_absolute_url(),
        "search ?q=soyuz": "/search/?q=soyuz",
        "feed": "/feed/",
        "sitemap.xml": "/sitemap.xml",
        "sitemap (photos)": "/sitemap-photos.xml",
    }
    client = Client()
    print(
        f"{'view':<22} {'queries':>7} {'render ms':>10} {'x trivial':>10} {'cached ms':>10} {'KB':>6} {'gzip KB':>8}"
    )
    trivial = None
    for name, url in views.items():
        settings.GALLERIES_PAGE_CACHE_SECONDS = 0
        reset_queries()  # DEBUG keeps at most 9000 queries; a full log would count none
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        count = len(queries)  # now: the next request empties the query log
        render = median_ms(client, url, rounds)
        trivial = trivial or render
        settings.GALLERIES_PAGE_CACHE_SECONDS = 60
        client.get(url)  # fill the page cache
        cached = median_ms(client, url, rounds)
        size, packed = len(response.content) / 1024, len(gzip.compress(response.content)) / 1024
        print(
            f"{name:<22} {count:>7} {render:>10.2f} {render / trivial:>9.1f}x {cached:>10.2f}"
            f" {size:>6.1f} {packed:>8.1f}"
        )


def median_ms(client, url: str, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def measure_transfer() -> None:
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    from galleries.models import Mission
    from tests.browser import launch_chromium

    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    url = f"http://127.0.0.1:{server.port}{Mission.objects.get(slug='expedition-56').get_absolute_url()}"
    print("\nfirst view of the gallery (empty cache, no scrolling, until the network is idle):")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for label, viewport in [("1280x800", (1280, 800)), ("375x812", (375, 812))]:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request, finished=finished: finished.append(request))
            page.goto(url)
            page.wait_for_load_state("networkidle")
            by_kind: dict[str, list[int]] = {}
            for request in finished:
                sizes = request.sizes()
                kind = request.resource_type
                by_kind.setdefault(kind, []).append(sizes["responseBodySize"] + sizes["responseHeadersSize"])
            total = sum(sum(values) for values in by_kind.values())
            detail = ", ".join(f"{kind} {len(v)} = {sum(v) / 1024:.1f} KB" for kind, v in sorted(by_kind.items()))
            print(f"  {label}: {total / 1024:.1f} KB in {len(finished)} responses ({detail})")
            context.close()
        browser.close()
    server.terminate()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    try:
        django.setup()
        install_urls()
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        build_gallery(args.photos)
        print(f"gallery of {args.photos} photos; rendition widths {settings.GALLERIES_RENDITION_WIDTHS}, WebP + JPEG")
        measure_views(args.rounds, args.photos)
        measure_transfer()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
