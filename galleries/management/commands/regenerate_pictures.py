"""Make the renditions of mission patches and crew portraits, e.g. those uploaded before pages showed them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from galleries.small_pictures import KINDS, picture_renditions_build


class Command(BaseCommand):
    help = (
        "Make the renditions of every mission patch and crew portrait (with --missing, only of those that "
        "have none yet), one at a time; safe to interrupt and run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only pictures without renditions.")

    def handle(self, *args: str, missing: bool, **options: Any) -> None:
        made = pictures = 0
        for name, kind in KINDS.items():
            rows = kind.model.objects.exclude(**{kind.image_field: ""}).order_by("pk")  # type: ignore[attr-defined]
            for pk, record in rows.values_list("pk", kind.record_field).iterator():
                if missing and (record or {}).get("files"):
                    continue
                pictures += 1
                made += picture_renditions_build.call(kind=name, pk=pk)
        self.stdout.write(f"Done: {pictures} picture(s), {made} rendition(s) made.")
