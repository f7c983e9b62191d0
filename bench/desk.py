"""Server time and queries of the photo desk at several gallery sizes, beside the admin's own pages.

    .venv/bin/python bench/desk.py [--sizes 30,300,1000] [--rounds 7]

Builds a throwaway SQLite database (DATABASE_URL to measure another) with one gallery per size,
each photo with a full set of rendition entries (the files are not needed to render the desk), and
signs in as a member of the Editors group. Prints, per size, side by side in one run: the queries
and median server time of the desk (through Django's test client), of the mission's change page
(the old inline photo list) and of the admin index (the yardstick), and the desk's HTML size.
Not part of the test suite; it only prints figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="expedition-bench-desk-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'db.sqlite3'}")
os.environ.update(
    DJANGO_SETTINGS_MODULE="expedition.settings",
    DJANGO_DEBUG="1",
    DJANGO_SECRET_KEY="bench-only-not-a-secret-bench-only-not-a-secret-0123456789",
    DJANGO_ALLOWED_HOSTS="testserver",
    MEDIA_ROOT=str(WORK / "media"),
    TASKS_BACKEND="immediate",
)

import django  # noqa: E402


def build(sizes: list[int]) -> dict[int, int]:
    """One mission per size; returns {size: mission pk}."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from galleries.models import Credit, License, Mission, Photo

    call_command("migrate", verbosity=0)
    editor = User.objects.create_user("bench-editor", password="bench", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    license = License.objects.create(name="Public domain", url="https://example.org/pd")
    credit = Credit.objects.create(photographer="Joel Kowsky", organization="NASA", default_license=license)
    renditions = [
        {"width": w, "height": w * 2 // 3, "format": f, "bytes": 1000, "name": f"renditions/x/{w}.{f.lower()}"}
        for f in ("JPEG", "WEBP")
        for w in (320, 640, 1280)
    ]
    missions = {}
    for size in sizes:
        mission = Mission.objects.create(title=f"Gallery of {size}", slug=f"gallery-{size}", start_date="2019-03-14")
        Photo.objects.bulk_create(
            Photo(
                mission=mission,
                credit=credit,
                position=n,
                title=f"Photo {n}",
                caption="A caption of a few words, as editors write them, naming Anne McClain.",
                alt_text="Two astronauts in blue flight suits",
                width=2400,
                height=1600,
                sha256=f"{size:08x}{n:056x}",
                image=f"originals/{size}-{n}.jpg",
                renditions=renditions,
            )
            for n in range(size)
        )
        missions[size] = mission.pk
    return missions


def median_ms(client, url: str, rounds: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.status_code)
    count = len(queries)  # now: the next request empties the log it reads
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(url, secure=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), count, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,300,1000")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    django.setup()
    from django.test import Client

    sizes = [int(size) for size in args.sizes.split(",")]
    missions = build(sizes)
    client = Client()
    assert client.login(username="bench-editor", password="bench")
    index_ms, index_queries, _ = median_ms(client, "/admin/", args.rounds)
    print(
        f"database: {os.environ['DATABASE_URL'].split(':')[0]}; admin index {index_ms:.1f} ms, {index_queries} queries"
    )
    print(
        f"{'photos':>7} {'desk ms':>9} {'queries':>8} {'KB':>7} {'× index':>8} {'change page ms':>15} {'queries':>8}"
    )
    for size in sizes:
        desk_ms, desk_queries, desk_bytes = median_ms(
            client, f"/admin/galleries/mission/{missions[size]}/desk/", args.rounds
        )
        change_ms, change_queries, _ = median_ms(
            client, f"/admin/galleries/mission/{missions[size]}/change/", max(1, args.rounds // 2)
        )
        print(
            f"{size:>7} {desk_ms:>9.1f} {desk_queries:>8} {desk_bytes / 1024:>7.0f} {desk_ms / index_ms:>8.1f}"
            f" {change_ms:>15.1f} {change_queries:>8}"
        )


if __name__ == "__main__":
    main()
