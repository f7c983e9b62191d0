"""Server time and queries of the photo desk at several gallery sizes, beside the admin's own pages.

    .venv/bin/python bench/desk.py [--sizes 30,300,1000,5000] [--rounds 7]

Builds a throwaway SQLite database (DATABASE_URL to measure another) with one gallery per size,
each photo with a full set of rendition entries (the files are not needed to render the desk), one
in ten held back (no alt text), and signs in as a member of the Editors group. Prints, per size,
side by side in one run: the queries, median server time and HTML size of the desk's first page
(through Django's test client), the median time of its last page, of a filtered page ("Not ready")
and of the page refresh its script asks for, of the mission's change page (the old inline photo
list, up to 1,000 photos) and of the admin index (the yardstick); then the time of one move, the last photo to first
(which renumbers the whole gallery). Not part of the test suite; it only prints figures.
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
                alt_text="" if n % 10 == 9 else "Two astronauts in blue flight suits",
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


def move_ms(client, mission_pk: int) -> float:
    """One move through the desk's order endpoint: the last photo to position 1."""
    import json

    from galleries.models import Photo

    last = Photo.objects.filter(mission_id=mission_pk).order_by("-position", "-pk").first()
    assert last is not None
    body = json.dumps({"photo": last.pk, "to": 1, "filter": "all", "page": 1, "have": []})
    address = f"/admin/galleries/mission/{mission_pk}/desk/order/"
    started = time.perf_counter()
    response = client.post(address, body, content_type="application/json", secure=True)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.content[:200]
    assert response.json()["position"] == 1
    return elapsed


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
    parser.add_argument("--sizes", default="30,300,1000,5000")
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
        f"{'photos':>7} {'desk ms':>8} {'queries':>8} {'KB':>6} {'× index':>8} {'last page':>10} {'not ready':>10}"
        f" {'refresh':>8} {'change page ms':>15} {'queries':>8} {'move ms':>8}"
    )
    for size in sizes:
        desk = f"/admin/galleries/mission/{missions[size]}/desk/"
        desk_ms, desk_queries, desk_bytes = median_ms(client, desk, args.rounds)
        last_ms, _, _ = median_ms(client, desk + "?page=last", args.rounds)
        filtered_ms, _, _ = median_ms(client, desk + "?filter=not-ready", args.rounds)
        refresh_ms, _, _ = median_ms(client, desk + "cards/?filter=all&page=1&have=", args.rounds)
        change = f"/admin/galleries/mission/{missions[size]}/change/"
        # The change page lists every photo inline: past 1,000 one request takes minutes.
        change_ms, change_queries, _ = median_ms(client, change, 1) if size <= 1000 else (float("nan"), 0, 0)
        print(
            f"{size:>7} {desk_ms:>8.1f} {desk_queries:>8} {desk_bytes / 1024:>6.0f} {desk_ms / index_ms:>8.1f}"
            f" {last_ms:>10.1f} {filtered_ms:>10.1f} {refresh_ms:>8.1f} {change_ms:>15.1f} {change_queries:>8}"
            f" {move_ms(client, missions[size]):>8.1f}"
        )


if __name__ == "__main__":
    main()
