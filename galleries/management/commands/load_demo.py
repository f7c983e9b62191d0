"""Load the Expedition 56 demo gallery with labelled placeholder images."""

from __future__ import annotations

import io
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from galleries import cache, demo, ingest
from galleries.demo import DemoPhoto
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
        cache.content_changed()
        self.stdout.write(f"Expedition 56 demo: {created} new photo(s).")
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
        agencies = {
            row["slug"]: Agency.objects.get_or_create(slug=row["slug"], defaults=row)[0] for row in demo.AGENCIES
        }
        crew = {
            slug: Crewmember.objects.get_or_create(slug=slug, defaults={"name": name, "agency": agencies[agency]})[0]
            for slug, name, agency, _, _ in demo.CREW
        }
        mission, _ = Mission.objects.get_or_create(
            slug=demo.MISSION["slug"], defaults={**demo.MISSION, "status": Mission.Status.PUBLISHED}
        )
        for position, (slug, _, _, role, is_backup) in enumerate(demo.CREW):
            MissionCrew.objects.get_or_create(
                mission=mission,
                crewmember=crew[slug],
                defaults={"role": role, "is_backup": is_backup, "position": position},
            )
        created = 0
        for position, row in enumerate(demo.PHOTOS):
            if Photo.objects.filter(mission=mission, position=position).exists():
                continue
            photographer, organization = row["credit"]
            credit, _ = Credit.objects.get_or_create(
                photographer=photographer, organization=organization, defaults={"default_license": license}
            )
            self.add_photo(mission, position, row, credit, [crew[slug] for slug in row["people"]], (width, height))
            created += 1
        return created

    def add_photo(
        self,
        mission: Mission,
        position: int,
        row: DemoPhoto,
        credit: Credit,
        people: list[Crewmember],
        size: tuple[int, int],
    ) -> None:
        upload = SimpleUploadedFile(f"{mission.slug}-{position + 1}.jpg", placeholder_jpeg(row, size))
        # The demo's credits, captions and dates come from the seed article, not the placeholder file.
        ingest.photo_ingest(
            mission=mission,
            upload=upload,
            credit=credit,
            people=people,
            position=position,
            title=row["title"],
            caption=row["caption"],
            alt_text=row["alt_text"],
            location=row["location"],
            taken_at=row["taken_at"],
        )
        self.stdout.write(f"  {position + 1}. {row['title']}")


def placeholder_jpeg(row: DemoPhoto, size: tuple[int, int]) -> bytes:
    """Draw a clearly labelled placeholder standing in for the real photo."""
    top, bottom = row["palette"]
    width, height = size
    ramp = Image.linear_gradient("L").resize((width, height))
    img = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)
    draw = ImageDraw.Draw(img)
    scale = width / 3000
    big = ImageFont.load_default(size=max(12, int(260 * scale)))
    small = ImageFont.load_default(size=max(10, int(110 * scale)))
    margin = int(120 * scale)
    draw.rectangle(
        [margin // 2, margin // 2, width - margin // 2, height - margin // 2],
        outline=(255, 255, 255),
        width=max(2, int(8 * scale)),
    )
    lines = [
        ("PLACEHOLDER IMAGE", small),
        (row["title"], big),
        ("/".join(row["credit"]), small),
        (row["location"], small),
    ]
    y = height // 2 - int(380 * scale)
    for text, font in lines:
        box = draw.textbbox((0, 0), text, font=font)
        draw.text(
            ((width - (box[2] - box[0])) // 2, y),
            text,
            font=font,
            fill=(255, 255, 255),
            stroke_width=max(1, int(4 * scale)),
            stroke_fill=(0, 0, 0),
        )
        y += int(box[3] - box[1]) + int(60 * scale)  # FreeType boxes are whole pixels already
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
