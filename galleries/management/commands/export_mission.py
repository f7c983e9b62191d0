"""Write one mission, with its original files, to a zip that import_mission restores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from galleries.exports import mission_export
from galleries.models import Mission


class Command(BaseCommand):
    help = (
        "Export a mission to a zip: manifest.json (every field, credits, licenses, crew, people shown, order, "
        "sha256 of each original) and the original files byte for byte. Renditions are rebuilt on import."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The mission to export.")
        parser.add_argument("out", help="The zip file to write (replaced if it exists).")

    def handle(self, *args: str, slug: str, out: str, **options: Any) -> None:
        mission = Mission.objects.filter(slug=slug).first()
        if mission is None:
            raise CommandError(f"No mission with the slug “{slug}”.")
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        try:
            manifest = mission_export(mission=mission, path=path)
        except OSError as exc:
            raise CommandError(f"Could not export “{mission}”: {exc}") from exc
        size = sum(photo["original"]["bytes"] for photo in manifest["photos"])
        self.stdout.write(
            f"Exported “{mission}”: {len(manifest['photos'])} photo(s), {len(manifest['crew'])} crew, "
            f"{size / 1e6:.1f} MB of originals, to {path}."
        )
