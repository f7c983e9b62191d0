"""Rebuild photo renditions, e.g. after changing the configured widths or formats."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import QuerySet

from galleries import imaging
from galleries.crops import photo_crops_render
from galleries.downloads import photo_full_size_render
from galleries.models import Mission, Photo
from galleries.renditions import RenditionFailed, photo_renditions_render
from galleries.zoom import photo_zoom_render, zoom_wanted


class Command(BaseCommand):
    help = (
        "Rebuild the renditions of every photo, or of one mission's, and make the zoom tiles a large one "
        "lacks. Each photo is finished before the "
        "next starts and names are stable, so the command is safe to interrupt and run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mission", metavar="SLUG", help="Only the photos of this mission.")
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only photos that lack a configured format or width, or their zoom tiles.",
        )
        parser.add_argument("--failed", action="store_true", help="Only photos whose last attempt failed.")
        parser.add_argument(
            "--full-size",
            action="store_true",
            help="Only make the full-size download copies photos lack (photos stored before downloads "
            "existed); their renditions stay as they are.",
        )

    def handle(
        self,
        *args: str,
        mission: str | None,
        missing: bool,
        failed: bool,
        full_size: bool,
        verbosity: int,
        **options: Any,
    ) -> None:
        photos = Photo.objects.select_related("mission", "credit__default_license", "license").order_by(
            "mission__slug", "position"
        )
        if mission:
            if not Mission.objects.filter(slug=mission).exists():
                raise CommandError(f"No mission with the slug “{mission}”.")
            photos = photos.filter(mission__slug=mission)
        if failed:
            photos = photos.exclude(rendition_error="")
        if full_size:
            self.make_full_size_copies(photos.filter(full_size={}).exclude(renditions=[]), verbosity)
            return
        formats = [*settings.GALLERIES_RENDITION_FORMATS, *settings.GALLERIES_RENDITION_LATER_FORMATS]
        todo = [photo for photo in photos.iterator() if not missing or self.lacks_renditions(photo, formats)]
        failures = 0
        started = time.monotonic()
        for number, photo in enumerate(todo, start=1):
            label = f"[{number}/{len(todo)}] {photo.mission.slug} #{photo.position} {photo}"
            try:
                made = photo_renditions_render(photo=photo, formats=formats)
            except RenditionFailed as exc:  # a missing or unreadable original: report it and go on
                failures += 1
                self.stderr.write(f"{label}: failed: {exc}")
                continue
            count = len(made) + len(photo_crops_render(photo=photo))
            tiles = photo_zoom_render(photo=photo)  # none when it wants none or has them already
            if verbosity:
                self.stdout.write(f"{label}: {count} renditions" + (f", {tiles} zoom tiles" if tiles else ""))
        elapsed = time.monotonic() - started
        self.stdout.write(f"Done: {len(todo) - failures} photo(s) rebuilt, {failures} failed, in {elapsed:.1f} s.")
        if failures:
            raise CommandError(f"{failures} photo(s) could not be rebuilt; see the messages above.")

    def make_full_size_copies(self, photos: QuerySet[Photo], verbosity: int) -> None:
        todo = list(photos)
        made = 0
        for number, photo in enumerate(todo, start=1):
            done = photo_full_size_render(photo=photo)
            made += done
            if verbosity:
                label = f"[{number}/{len(todo)}] {photo.mission.slug} #{photo.position} {photo}"
                self.stdout.write(f"{label}: {'full-size copy made' if done else 'failed (see the log)'}")
        self.stdout.write(f"Done: {made} full-size copies made, {len(todo) - made} failed.")
        if made < len(todo):
            raise CommandError(f"{len(todo) - made} full-size copies could not be made; see the log.")

    @staticmethod
    def lacks_renditions(photo: Photo, formats: list[str]) -> bool:
        wanted = {
            (spec.width, spec.format)
            for spec in imaging.rendition_specs(
                source_width=photo.width or 1, widths=settings.GALLERIES_RENDITION_WIDTHS, formats=formats
            )
        }
        made = {(r.width, r.format) for r in photo.rendition_list()}
        return not wanted <= made or (zoom_wanted(photo) and not photo.has_zoom)
