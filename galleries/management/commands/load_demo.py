"""Load the Expedition 56 demo gallery (drawn placeholders) and, with scikit-image, a gallery of real photos."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from galleries import cache, demo, ingest
from galleries.demo import ArchivePhoto, DemoPhoto
from galleries.demo_pictures import placeholder_jpeg, scikit_image_data
from galleries.models import Agency, Credit, Crewmember, License, Mission, MissionCrew, Photo

DEMO_EDITOR = "demo-editor"


class Command(BaseCommand):
    help = "Load the Expedition 56 demo gallery. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin",
            action="store_true",
            help=f"Also create the '{DEMO_EDITOR}' account in the Editors group with a new random password "
            "and print it (demo only): the admin as editors see it, not a superuser's.",
        )
        parser.add_argument("--size", default="3000x2000", help="Placeholder image size, WIDTHxHEIGHT.")

    def handle(self, *args: str, admin: bool, size: str, **options: Any) -> None:
        width, height = (int(part) for part in size.lower().split("x"))
        created = self.load(width=width, height=height)
        self.stdout.write(f"Expedition 56 demo: {created} new photo(s).")
        folder = scikit_image_data()
        if folder is None:
            self.stdout.write("Install the `photos` extra (scikit-image) for a second gallery of real photos.")
        else:
            created = self.load_archive(folder)
            self.stdout.write(f"{demo.ARCHIVE_MISSION['title']} demo: {created} new photo(s).")
        cache.content_changed()
        if admin:
            password = secrets.token_urlsafe(12)
            user, _ = get_user_model().objects.get_or_create(username=DEMO_EDITOR, defaults={"email": ""})
            user.is_staff, user.is_superuser = True, False
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name="Editors"))
            self.stdout.write(self.style.SUCCESS(f"Editor login for this demo: {DEMO_EDITOR} / {password}"))

    @transaction.atomic
    def load(self, *, width: int, height: int) -> int:
        license, _ = License.objects.get_or_create(name=demo.LICENSE["name"], defaults=demo.LICENSE)
        mission, crew = mission_with_crew(demo.MISSION, demo.CREW)
        created = 0
        for position, row in enumerate(demo.PHOTOS):
            if Photo.objects.filter(mission=mission, position=position).exists():
                continue
            # The demo's credits, captions and dates come from the seed article, not the placeholder file.
            upload = SimpleUploadedFile(f"{mission.slug}-{position + 1}.jpg", placeholder_jpeg(row, (width, height)))
            self.add_photo(mission, position, row, crew, license, upload)
            created += 1
        return created

    @transaction.atomic
    def load_archive(self, folder: Path) -> int:
        """The archive gallery, from scikit-image's public-domain photos in `folder`."""
        license, _ = License.objects.get_or_create(name=demo.LICENSE["name"], defaults=demo.LICENSE)
        mission, crew = mission_with_crew(demo.ARCHIVE_MISSION, demo.ARCHIVE_CREW)
        created = 0
        for position, row in enumerate(demo.ARCHIVE_PHOTOS):
            path = folder / row["file"]
            if not path.is_file() or Photo.objects.filter(mission=mission, position=position).exists():
                continue
            upload = SimpleUploadedFile(path.name, path.read_bytes())
            self.add_photo(mission, position, row, crew, license, upload, keywords=row["keywords"])
            created += 1
        if created and mission.cover_photo_id is None:
            mission.cover_photo = mission.photos.in_order().last()  # the launch: the widest of the three
            mission.save(update_fields=["cover_photo"])
        return created

    def add_photo(
        self,
        mission: Mission,
        position: int,
        row: DemoPhoto | ArchivePhoto,
        crew: dict[str, Crewmember],
        license: License,
        upload: SimpleUploadedFile,
        keywords: str = "",
    ) -> None:
        """`upload` as photo `position` of `mission`, described and credited as `row` says."""
        photographer, organization = row["credit"]
        credit, _ = Credit.objects.get_or_create(
            photographer=photographer, organization=organization, defaults={"default_license": license}
        )
        ingest.photo_ingest(
            mission=mission,
            upload=upload,
            credit=credit,
            people=[crew[slug] for slug in row["people"]],
            position=position,
            title=row["title"],
            caption=row["caption"],
            alt_text=row["alt_text"],
            location=row["location"],
            taken_at=row["taken_at"],
            keywords=keywords,
        )
        self.stdout.write(f"  {position + 1}. {row['title']}")


def mission_with_crew(
    fields: dict[str, Any], crew_rows: list[tuple[str, str, str, str, bool]]
) -> tuple[Mission, dict[str, Crewmember]]:
    """The demo mission `fields` describe, published, with its crew (each row: slug, name, agency
    slug, role, is_backup); made once, found on later runs."""
    agencies = {row["slug"]: Agency.objects.get_or_create(slug=row["slug"], defaults=row)[0] for row in demo.AGENCIES}
    crew = {
        slug: Crewmember.objects.get_or_create(slug=slug, defaults={"name": name, "agency": agencies[agency]})[0]
        for slug, name, agency, _, _ in crew_rows
    }
    mission, _ = Mission.objects.get_or_create(
        slug=fields["slug"], defaults={**fields, "status": Mission.Status.PUBLISHED}
    )
    for position, (slug, _, _, role, is_backup) in enumerate(crew_rows):
        MissionCrew.objects.get_or_create(
            mission=mission,
            crewmember=crew[slug],
            defaults={"role": role, "is_backup": is_backup, "position": position},
        )
    return mission, crew
