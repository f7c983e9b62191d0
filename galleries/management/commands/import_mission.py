"""Restore a mission from a zip written by export_mission."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from galleries.exports import ExportError, mission_import


class Command(BaseCommand):
    help = (
        "Restore a mission exported by export_mission, with its originals (checked against their sha256), "
        "credits, licenses, crew and order. Nothing is kept if anything fails. Renditions are rebuilt."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The zip written by export_mission.")
        parser.add_argument("--slug", help="Restore under this slug instead of the exported one.")

    def handle(self, *args: str, archive: str, slug: str | None, **options: Any) -> None:
        if not Path(archive).is_file():
            raise CommandError(f"{archive} does not exist.")
        try:
            notes: list[str] = []
            mission = mission_import(path=Path(archive), slug=slug, notes=notes)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored “{mission}” ({mission.slug}) with {mission.photos.count()} photo(s).")
        for note in notes:
            self.stdout.write(note)
