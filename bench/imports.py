"""Big batches on the default, worker-less set-up: a zip through the upload page, and a restore.

    .venv/bin/python bench/imports.py [--photos 60] [--restore-photos 20] [--restore-megapixels 24]

1. Uploads a zip of --photos JPEGs of 2400x1600 through the admin's upload page (Django's test
   client, the inline task backend, production rendition widths in WebP and JPEG), then follows
   its unpacking page until it is done. Prints every request's server time, the longest, and
   how many photos the gallery holds against how many the zip held.
2. Exports a mission of --restore-photos originals of about 20 MB each (noise at
   --restore-megapixels, JPEG quality 95) and restores it with `import_mission` in a child
   process, printing that process's peak resident memory beside the archive's size.
Throwaway SQLite database and media folder; not part of the test suite; it only prints figures.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="expedition-bench-imports-"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "expedition.settings",
    "DJANGO_DEBUG": "1",
    "DJANGO_ALLOWED_HOSTS": "testserver,localhost",
    "DATABASE_URL": f"sqlite:///{WORK / 'db.sqlite3'}",
    "MEDIA_ROOT": str(WORK / "media"),
    "DJANGO_CACHE_DIR": str(WORK / "cache"),
    "TASKS_BACKEND": "immediate",
    "GALLERIES_LATER_FORMATS": "none",
}
os.environ.update(ENV)

import django  # noqa: E402
from PIL import Image  # noqa: E402


def photo_bytes(size: tuple[int, int], seed: int, quality: int = 85) -> bytes:
    img = Image.effect_noise(size, 40 + seed % 50).convert("RGB")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()


def zip_upload(photos: int) -> None:
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from galleries.models import Mission
    from tests.factories import editors_group, make_credit

    mission = Mission.objects.create(title="Expedition 59", slug="expedition-59", start_date="2019-03-14")
    credit = make_credit()
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(editors_group())
    client = Client()
    client.force_login(editor)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(photos):
            archive.writestr(f"card{n // 30}/DSC_{n % 30:04d}.JPG", photo_bytes((2400, 1600), n))
    print(f"zip: {photos} photos of 2400x1600, {len(buffer.getvalue()) / 1e6:.1f} MB")
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "cards.zip"
    timings = []
    started = time.monotonic()
    response = client.post(
        reverse("admin:galleries_mission_upload", args=[mission.pk]),
        {"files": [upload], "credit": credit.pk},
        headers={"Accept": "application/json"},
    )
    timings.append(time.monotonic() - started)
    (job,) = response.json()["jobs"]
    while not job["finished"]:
        started = time.monotonic()
        job = client.get(job["url"], headers={"Accept": "application/json"}).json()
        timings.append(time.monotonic() - started)
    ok = sum(row["ok"] for row in job["results"])
    print(f"requests: {len(timings)}; server time each: {', '.join(f'{t:.1f}' for t in timings)} s")
    print(f"longest request: {max(timings):.1f} s; all: {sum(timings):.1f} s")
    reported = len(job["results"])
    print(f"photos in the gallery: {mission.photos.count()} of {photos}; results: {ok} added, {reported} reported")


def restore(photos: int, megapixels: float) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from galleries import ingest
    from galleries.models import Mission
    from tests.factories import make_credit

    mission = Mission.objects.create(title="Expedition 60", slug="expedition-60", start_date="2019-07-20")
    credit = make_credit()
    width = int((megapixels * 1e6 * 1.5) ** 0.5)
    size = (width, int(width / 1.5))
    for n in range(photos):
        data = photo_bytes(size, n, quality=95)
        ingest.photo_ingest(
            mission=mission, upload=SimpleUploadedFile(f"IMG_{n}.JPG", data), credit=credit, title=f"Frame {n}"
        )
    archive = WORK / "expedition-60.zip"
    call_command("export_mission", "expedition-60", str(archive), stdout=io.StringIO())
    print(f"export: {photos} originals of {size[0]}x{size[1]}, archive {archive.stat().st_size / 1e6:.0f} MB")
    child = subprocess.Popen(
        [sys.executable, "manage.py", "import_mission", str(archive), "--slug", "restored"],
        cwd=ROOT,
        env={**os.environ, **ENV},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not that of every child so far
    print(output.strip(), f"(exit {os.waitstatus_to_exitcode(status)})")
    print(f"import_mission peak resident memory: {usage.ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--restore-photos", type=int, default=20)
    parser.add_argument("--restore-megapixels", type=float, default=24)
    args = parser.parse_args()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.photos:
        zip_upload(args.photos)
    restore(args.restore_photos, args.restore_megapixels)


if __name__ == "__main__":
    main()
