"""Server time and queries of the public pages, the search and the admin over a large library.

    .venv/bin/python bench/scale.py [--photos 100000] [--missions 1000] [--rounds 20] [--budget 60] [--rebuild]
                                    [--only home,feed,sitemap]

Builds (through the ORM, bulk_create in batches; see bench/scale_data.py) --photos photos across
--missions published missions, one of them a gallery of 5,000, plus five drafts and one scheduled:
~300 crewmembers of nine agencies (one shown in 2,000 photos), 300 credits, five licenses, captions
from a vocabulary of common words ("soyuz", "launch", "station") and rare ones ("noctilucent"),
keywords, places, 20 years of dates; a few photos hidden, without alt text or without renditions.
No image file is written: each photo records the rendition entries the pipeline would. It runs on
DATABASE_URL (default: a SQLite file in the temporary folder). For PostgreSQL use a database of
your own, migrated first:

    runuser -u postgres -- createdb -O expedition expedition_scale
    export DATABASE_URL=postgres://expedition:expedition@127.0.0.1:5432/expedition_scale
    .venv/bin/python manage.py migrate

A library already there is reused, so timings rerun in seconds; --rebuild empties the database
(manage.py flush) and builds it again. After building it calls
galleries.search.update_search_documents() when that exists (denormalized search columns, which
bulk_create leaves empty); rebuild after a migration adds such columns.

Then prints, side by side in one run, for each page (Django's test client, page cache off, signed
in as a superuser for the admin):
  median, p95  server time in ms of --rounds requests, the first included (fewer once a page has
               used up --budget seconds; `n` says how many);
  x trivial    the median as a multiple of a trivial view's (`HttpResponse("ok")` through the same
               middleware) in the same run;
  queries      the SQL queries one request makes;
  slowest q    the slowest of those queries, in ms ("503 on the site": over the 4 s the site waits
               for one answer, DATABASE_ANSWER_TIMEOUT, which the bench lifts to measure it);
  KB           the HTML (or XML) size, uncompressed;
then the query plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite) of the slowest
photo query /search/ runs for a name and for a common word, to show whether an index is used.
--only keeps the rows whose label holds one of its comma-separated words ("search", "home", "feed",
"sitemap", "admin", "gallery"…; the trivial view is always measured), and prints the search plans
only when the searches ran. Not part of the test suite; it only prints figures.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'expedition-bench-scale.sqlite3'}")
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "0")  # building and plans take longer than a request
# The site answers 503 when one query takes longer than this (4 s); here the slow ones are measured.
os.environ.setdefault("DATABASE_ANSWER_TIMEOUT", "600")
os.environ.update(
    DJANGO_SETTINGS_MODULE="expedition.settings",
    DJANGO_DEBUG="1",
    DJANGO_ALLOWED_HOSTS="testserver",
    MEDIA_ROOT=str(Path(tempfile.gettempdir()) / "expedition-bench-scale-media"),
    TASKS_BACKEND="immediate",
)

import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402

SEARCHES = [
    ("auñon chancellor", "name, accented"),
    ("aunon chancellor", "name, unaccented"),
    ("saint jacq", "name, half typed"),
    ("slawosz", "first name"),
    ("prokopjev", "misspelt name"),
    ("mcclain", "tagged, rarely named"),
    ("noctilucent", "rare word"),
    ("soyuz", "common word"),
    ("kowsky", "credit"),
    ("robotic arm", "two words"),
]


def install_urls() -> None:
    """The site's URLs plus one trivial view, the yardstick for server times."""
    bench_urls = types.ModuleType("bench_scale_urls")
    bench_urls.urlpatterns = [
        path("bench-trivial/", lambda request: HttpResponse("ok")),
        path("", include("expedition.urls")),
    ]
    sys.modules["bench_scale_urls"] = bench_urls
    settings.ROOT_URLCONF = "bench_scale_urls"


def ensure_library(photos: int, missions: int, rebuild: bool):
    """The library of this size: reused when it is there, else built (after a flush with --rebuild)."""
    from django.core.management import call_command

    from bench import scale_data
    from galleries.models import Mission, Photo

    call_command("migrate", verbosity=0)
    if rebuild:
        call_command("flush", interactive=False, verbosity=0)
    found = scale_data.library()
    if found is not None:
        have = (Photo.objects.count(), Mission.objects.published().count())
        if have == (photos, missions):
            print(f"reusing the library already built: {photos:,} photos, {missions:,} published missions")
            return found
        sys.exit(f"The database holds {have[0]:,} photos in {have[1]:,} published missions: use --rebuild.")
    started = time.perf_counter()
    scale_data.build(photos=photos, missions=missions)
    built = time.perf_counter() - started
    update = search_documents_updater()
    if update is not None:
        update(Photo.objects.all())
    indexed = time.perf_counter() - started - built
    analyze()
    print(
        f"built {photos:,} photos in {missions:,} missions in {built:.0f} s"
        + (f", search documents in {indexed:.0f} s" if update else " (no update_search_documents to call)")
    )
    return scale_data.library()


def search_documents_updater():
    """update_search_documents(photos), wherever the search keeps it, or None before it exists."""
    for name in ("galleries.search", "galleries.search_index"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "update_search_documents"):
            return module.update_search_documents
    return None


def analyze() -> None:
    """Planner statistics and (PostgreSQL) a visibility map, as a database running a while has."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        for table in connection.introspection.table_names(cursor):
            if table.startswith("galleries_"):
                cursor.execute(f'VACUUM ANALYZE "{table}"')


def measure(client, url: str, rounds: int, budget: float) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # DEBUG keeps at most 9000 queries; a full log would count none
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    samples = [time.perf_counter() - started]  # the first request counts too: a slow search is slow
    assert response.status_code == 200, (url, response.status_code)
    captured = queries.captured_queries  # now: the next request empties the query log
    while len(samples) < rounds and sum(samples) < budget:
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {
        "median": statistics.median(samples) * 1000,
        "p95": p95 * 1000,
        "n": len(samples),
        "queries": len(captured),
        "captured": captured,
        "bytes": len(response.content),
        "content": response.content.decode(),
        "slowest": max((float(q["time"]) * 1000 for q in captured), default=0.0),
    }


def pages(client, found) -> list[tuple[str, str]]:
    """(label, URL) of every page measured, after the searches."""
    from galleries.models import Photo

    gallery = Photo.objects.published().filter(mission_id=found.mission_pk).in_order()
    photo = gallery[gallery.count() // 2]
    index = client.get("/sitemap.xml").content.decode()
    first = re.search(r"<loc>https?://[^/]+(/[^<]*)</loc>", index)
    photos_map = re.search(r"<loc>https?://[^/]+(/sitemap-photos[^<]*)</loc>", index)
    return [
        ("gallery p1 (5,000 photos)", f"/missions/{found.mission_slug}/"),
        ("photo page", photo.get_absolute_url()),
        ("crew page (2,000 photos)", f"/crew/{found.person_slug}/"),
        ("home", "/"),
        ("sitemap.xml (index)", "/sitemap.xml"),
        (f"sitemap: {first.group(1)}", first.group(1)),
        (f"sitemap: {photos_map.group(1)}", photos_map.group(1)),
        ("topic page (a quarter of the photos)", "/topics/soyuz/"),
        ("topic page 100", "/topics/soyuz/?page=100"),
        ("sitemap: /sitemap-topics.xml", "/sitemap-topics.xml"),
        ("feed", "/feed/"),
        ("admin photo list", "/admin/galleries/photo/"),
        ("admin photo desk (5,000)", f"/admin/galleries/mission/{found.mission_pk}/desk/"),
    ]


def chosen(label: str, only: list[str]) -> bool:
    """Whether --only keeps the row `label` (every row when --only is not given)."""
    return not only or any(word in label for word in only)


def print_table(rounds: int, budget: float, found, only: list[str]) -> dict:
    from django.contrib.auth.models import User
    from django.test import Client

    settings.GALLERIES_PAGE_CACHE_SECONDS = 0
    client = Client()
    admin = User.objects.filter(username="bench-admin").first()
    admin = admin or User.objects.create_superuser("bench-admin", "bench@example.org", "bench")
    client.force_login(admin)
    trivial = measure(client, "/bench-trivial/", max(rounds, 100), budget)
    rows = [("trivial view", "/bench-trivial/", trivial)]
    searches = [(f"search “{query}” ({what})", f"/search/?q={query.replace(' ', '+')}") for query, what in SEARCHES]
    for label, url in [*searches, *pages(client, found)]:
        if chosen(label, only):
            rows.append((label, url, measure(client, url, rounds, budget)))
    print(
        f"\n{'page':<46} {'median ms':>10} {'p95 ms':>9} {'n':>4} {'x trivial':>10} {'queries':>8}"
        f" {'slowest q':>10} {'KB':>8}"
    )
    for label, _url, row in rows:
        print(
            f"{label:<46} {row['median']:>10.1f} {row['p95']:>9.1f} {row['n']:>4}"
            f" {row['median'] / trivial['median']:>9.0f}x {row['queries']:>8} {row['slowest']:>10.1f}"
            f" {row['bytes'] / 1024:>8.1f}{'  503 on the site' if row['slowest'] > 4000 else ''}"
        )
    if not any(url.startswith("/search/") for _label, url, _row in rows):
        return {url: row for _label, url, row in rows}
    print("\nwhat each search finds (photos, as the page counts them; mission and crew links):")
    for _label, url, row in [row for row in rows if row[1].startswith("/search/")]:
        counted = re.search(r"Photos <span[^>]*>\(((?:more than )?[\d,]+)\)", row["content"])
        links = len(re.findall(r'<li><a href="/(?:missions|crew)/[^/]+/">', row["content"]))
        print(f"  {url:<36} {counted.group(1) if counted else 0:>17} photos {links:>3} missions or crew")
    return {url: row for _label, url, row in rows}


def explain_search(rows: dict, urls: list[str]) -> None:
    """The plan of the slowest photo query each of these searches ran while measured."""
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    for url in urls:
        photo_queries = [q for q in rows[url]["captured"] if 'FROM "galleries_photo"' in q["sql"]]
        slowest = max(photo_queries, key=lambda q: float(q["time"]))
        print(f"\n{prefix}of the slowest photo query of {url} ({float(slowest['time']) * 1000:.0f} ms;")
        print(f"{len(photo_queries)} photo queries in the request); the SQL starts: {slowest['sql'][:160]}…")
        with connection.cursor() as cursor:
            cursor.execute(prefix + slowest["sql"])
            for line in cursor.fetchall():
                text = line[0] if postgres else " | ".join(str(part) for part in line)
                for table in folding_table():  # the accent table of translate(), 200 letters long
                    text = text.replace(table, "…")
                print("  " + text)


def folding_table() -> tuple[str, ...]:
    from galleries import search

    table = getattr(search, "latin_folding_table", None)
    return table() if table else ()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--missions", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--budget", type=float, default=60, help="seconds of requests a page may use")
    parser.add_argument("--rebuild", action="store_true", help="flush the database and build again")
    parser.add_argument(
        "--only", default="", help="comma-separated words: measure only the rows whose label holds one"
    )
    args = parser.parse_args()
    django.setup()
    install_urls()
    from django.db import connection

    found = ensure_library(args.photos, args.missions, args.rebuild)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); page cache off")
    only = [word.strip() for word in args.only.split(",") if word.strip()]
    rows = print_table(args.rounds, args.budget, found, only)
    plans = [url for url in ("/search/?q=aunon+chancellor", "/search/?q=soyuz") if url in rows]
    explain_search(rows, plans)


if __name__ == "__main__":
    main()
