"""List (and with --delete, remove) stored files that no photo refers to."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import Storage, default_storage, storages
from django.core.management.base import BaseCommand

from galleries.models import Crewmember, Mission, Photo
from galleries.models.files import zoom_names


def walk(storage: Storage, folder: str) -> list[str]:
    """Every file name under `folder` of `storage` (listdir works on local disk and on S3)."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names += walk(storage, f"{folder}/{sub}")
    return names


class Command(BaseCommand):
    help = (
        "List stored originals, renditions, zoom tiles and full-size download copies that no photo refers to, e.g. "
        "left by a crash between storing a file and saving its row. Nothing is removed unless --delete is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the files listed.")

    def handle(self, *args: str, delete: bool, **options: Any) -> None:
        originals: set[str] = set()
        renditions: set[str] = set()
        for image, rendition_list, full_size, zoom, key in Photo.objects.values_list(
            "image", "renditions", "full_size", "zoom", "key"
        ).iterator():
            originals.add(image)
            renditions.update(entry["name"] for entry in rendition_list)
            if full_size:
                renditions.add(full_size["name"])
            renditions.update(zoom_names(zoom, key.hex))  # deep-zoom tiles, under renditions/ too
        pictures = {  # mission patches' and crew portraits' renditions (galleries.small_pictures)
            entry["name"]
            for records in (
                Mission.objects.values_list("patch_renditions", flat=True),
                Crewmember.objects.values_list("portrait_renditions", flat=True),
            )
            for record in records
            for entry in (record or {}).get("files", [])
        }
        found = [
            (storage, name)
            for storage, folder, known in (
                (storages["originals"], "originals", originals),
                (default_storage, "renditions", renditions),
                (default_storage, "downloads", renditions),  # full-size copies (galleries.downloads)
                (default_storage, "pictures", pictures),
            )
            for name in walk(storage, folder)
            if name not in known
        ]
        for storage, name in found:
            if delete:
                storage.delete(name)
            self.stdout.write(f"{'removed' if delete else 'orphan'}: {name}")
        verb = "removed" if delete else "found (run with --delete to remove them)"
        self.stdout.write(f"{len(found)} orphan file(s) {verb}.")
