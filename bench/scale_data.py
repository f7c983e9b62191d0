"""The made-up library bench/scale.py measures: names, words and the bulk build through the ORM.

Everything is drawn from one seeded random generator, so two builds of the same size are the same
library. No image file is written: each photo records the rendition entries the pipeline would
(every width of GALLERIES_RENDITION_WIDTHS in every format), which is all a page needs to print
their addresses.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from bench.scale_words import (
    ACTIONS,
    AGENCIES,
    COMMON,
    CREDITS,
    EVENTS,
    FIRST,
    KEYWORDS,
    LAST,
    LICENSES,
    LOCATIONS,
    RARE,
    REAL_CREW,
    ROLES,
    SERIES,
    SUBJECTS,
    TITLES,
    VEHICLES,
)
from galleries import imaging
from galleries.text import fold

BIG_MISSION = "expedition-56"  # the gallery of 5,000 photos
BUSY_PERSON = "Anne McClain"  # shown in 2,000 photos, named in few captions
BATCH = 5000


@dataclass
class Library:
    """What the bench needs to find again: the big gallery, the busy person."""

    mission_pk: int
    mission_slug: str
    person_slug: str


def build(*, photos: int, missions: int, seed: int = 56) -> None:
    """Build the whole library in one transaction (fast on SQLite, tidy on PostgreSQL)."""
    from galleries.models import Agency, Credit, Crewmember, License, Mission, MissionCrew, Photo

    rng = random.Random(seed)
    with transaction.atomic():
        agencies = {
            short: Agency(name=name, short_name=short, slug=slugify(short), url=f"https://{short.lower()}.example")
            for short, name in AGENCIES.items()
        }
        Agency.objects.bulk_create(agencies.values())
        crew = Crewmember.objects.bulk_create(crewmembers(rng, agencies), batch_size=BATCH)
        licenses = License.objects.bulk_create(
            License(name=name, url=url, allows_download=download) for name, url, download in LICENSES
        )
        credits = Credit.objects.bulk_create(credit_rows(rng, licenses), batch_size=BATCH)
        made = Mission.objects.bulk_create(mission_rows(rng, missions), batch_size=BATCH)
        teams = crew_teams(rng, made, crew)
        MissionCrew.objects.bulk_create(
            (
                MissionCrew(mission=m, crewmember=c, role=rng.choice(ROLES), is_backup=n >= 4, position=n)
                for m, team in teams.items()
                for n, c in enumerate(team)
            ),
            batch_size=BATCH,
        )
        sizes = gallery_sizes(rng, made, photos)
        busy = next(c for c in crew if c.name == BUSY_PERSON)
        busy_photos = set(rng.sample(range(photos), min(2000, photos // 50)))
        # Zipf-like: a few credits (Kowsky, Ingalls, Zelentsov) take most of the photos.
        credit_weights = [1 / (rank + 1) for rank in range(len(credits))]
        number = 0
        pending: list[tuple[Photo, list]] = []
        for mission, size in sizes.items():
            team = teams[mission]
            for position in range(size):
                people = rng.sample(team, rng.randint(0, min(3, len(team))))
                if len(pending) + number in busy_photos:
                    people.append(busy)
                credit = rng.choices(credits, credit_weights)[0]
                pending.append((photo_row(rng, mission, position, credit, people, busy), people))
                if len(pending) == BATCH:
                    save_photos(pending)
                    number, pending = number + BATCH, []
        save_photos(pending)


def save_photos(pending: list) -> None:
    """One batch of photos, then the people shown in them (the m2m table, in bulk too)."""
    from galleries.models import Photo

    Photo.objects.bulk_create([photo for photo, _ in pending])
    through = Photo.people.through
    tags = [through(photo_id=photo.pk, crewmember_id=c.pk) for photo, people in pending for c in set(people)]
    through.objects.bulk_create(tags, batch_size=BATCH)
    save_topics([photo for photo, _ in pending])


def save_topics(photos: list) -> None:
    """The topics of a batch's keywords, as Photo.save() would make them (bulk_create skips it)."""
    from galleries.models import Photo
    from galleries.models.topics import Topic, keyword_names
    from galleries.text import folded_words

    named = [(photo.pk, keyword_names(photo.keywords)) for photo in photos]
    names = {slug: name for _, found in named for slug, name in found.items()}
    Topic.objects.bulk_create(
        [Topic(slug=slug, name=name, name_folded=folded_words(name)) for slug, name in names.items()],
        ignore_conflicts=True,
    )
    ids = dict(Topic.objects.filter(slug__in=names).values_list("slug", "pk"))
    links = [Photo.topics.through(photo_id=pk, topic_id=ids[slug]) for pk, found in named for slug in found]
    Photo.topics.through.objects.bulk_create(links, batch_size=BATCH)


def crewmembers(rng: random.Random, agencies: dict) -> list:
    from galleries.models import Crewmember

    names = [(short, name.strip()) for short, text in REAL_CREW.items() for name in text.split(",")]
    taken = {name for _, name in names}
    while len(names) < 300:
        short = rng.choice(list(FIRST))
        name = f"{rng.choice(FIRST[short])} {rng.choice(LAST[short])}"
        if name not in taken:
            taken.add(name)
            names.append((short, name))
    return [
        Crewmember(
            name=name,
            slug=slugify(fold(name)),
            agency=agencies[short],
            bio=f"{name} flies for {short}.",
            name_folded=fold(name),  # Crewmember.save() would fill it; bulk_create does not call save()
        )
        for short, name in names
    ]


def credit_rows(rng: random.Random, licenses: list) -> list:
    from galleries.models import Credit

    by_org = {"NASA": licenses[0], "ESA": licenses[1], "Roscosmos": licenses[2], "GCTC": licenses[2]}
    by_org["JAXA"] = licenses[3]
    pairs = list(CREDITS)
    while len(pairs) < 300:
        org = rng.choice(["NASA", "NASA", "NASA", "ESA", "Roscosmos", "JAXA", "SpaceX", "Axiom Space"])
        short = rng.choice(list(FIRST))
        pair = (f"{rng.choice(FIRST[short])} {rng.choice(LAST[short])}", org)
        if pair not in pairs:
            pairs.append(pair)
    return [
        Credit(photographer=who, organization=org, default_license=by_org.get(org, licenses[4])) for who, org in pairs
    ]


def mission_rows(rng: random.Random, count: int) -> list:
    """`count` published missions over 20 years (the big one first), plus a few drafts and one scheduled."""
    from galleries.models import Mission

    now = dt.datetime.now(dt.UTC)
    rows, slugs = [], set()
    for n in range(count + 6):
        if n == 0:
            title, vehicle, start = "Expedition 56", "Soyuz MS-09", dt.date(2018, 6, 6)
        else:
            series = rng.choice(SERIES).format(n=rng.randint(1, 140))
            title = f"{series}: {rng.choice(EVENTS)}" if rng.random() < 0.6 else series
            vehicle = rng.choice(VEHICLES).format(n=rng.randint(1, 30))
            start = dt.date(2006, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 20 - 200))
        slug, suffix = slugify(title), 2
        while slug in slugs:
            slug, suffix = f"{slugify(title)}-{suffix}", suffix + 1
        slugs.add(slug)
        published = dt.datetime.combine(start, dt.time(12), dt.UTC) + dt.timedelta(days=rng.randint(1, 30))
        status = Mission.Status.PUBLISHED
        if n >= count:  # five drafts, then one scheduled for tomorrow
            status, published = (Mission.Status.DRAFT, None) if n < count + 5 else (status, now + dt.timedelta(1))
        rows.append(
            Mission(
                title=title,
                slug=slug,
                summary=f"{title}: {rng.choice(SUBJECTS).lower()} {rng.choice(ACTIONS)}.",
                start_date=start,
                end_date=start + dt.timedelta(days=rng.randint(1, 200)),
                vehicle=vehicle,
                author_name="Mark Garcia",
                author_role="Producer and Contributing Writer",
                status=status,
                published_at=min(published, now - dt.timedelta(hours=1)) if published and n < count else published,
            )
        )
    return rows


def crew_teams(rng: random.Random, missions: list, crew: list) -> dict:
    """Three to six crewmembers a mission (the busy person on a handful only)."""
    by_name = {c.name: c for c in crew}
    others = [c for c in crew if c.name != BUSY_PERSON]
    teams = {m: rng.sample(others, rng.randint(3, 6)) for m in missions}
    big = ["Sergey Prokopyev", "Alexander Gerst", "Serena Auñón-Chancellor", "Drew Feustel", "Ricky Arnold"]
    teams[missions[0]] = [by_name[name] for name in big] + [by_name["Oleg Artemyev"]]
    for m in rng.sample(missions[1:], 5):
        teams[m][0] = by_name[BUSY_PERSON]
    for m in rng.sample(missions[1:], 8):  # Saint-Jacques and Uznański-Wiśniewski fly too
        teams[m][1:3] = [by_name["David Saint-Jacques"], by_name["Sławosz Uznański-Wiśniewski"]]
    return teams


def gallery_sizes(rng: random.Random, missions: list, photos: int) -> dict:
    """The big gallery's 5,000 photos (a quarter for small runs), the rest over the others, unevenly."""
    big = min(5000, photos // 4)
    rest = missions[1:]
    weights = [rng.paretovariate(1.2) for _ in rest]
    total = sum(weights)
    sizes = {m: max(1, int((photos - big - len(rest)) * w / total) + 1) for m, w in zip(rest, weights, strict=True)}
    sizes = {missions[0]: big, **sizes}
    # Rounding and the one-photo floor leave a few over or under: the largest other gallery takes them.
    largest = max(rest, key=lambda m: sizes[m])
    sizes[largest] += photos - sum(sizes.values())
    return sizes


def photo_row(rng: random.Random, mission, position: int, credit, people: list, busy) -> object:
    from galleries.models import Photo

    key = uuid.UUID(int=rng.getrandbits(128), version=4)
    width, height = rng.choice([(5568, 3712), (6048, 4032), (4256, 2832), (3712, 5568)])
    named = [p.name for p in people if p is not busy or rng.random() < 0.01]
    words = [f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)}"]
    if named:
        words.append(f"Pictured: {', '.join(named)}")
    if rng.random() < 0.002:
        words.append(f"A rare {rng.choice(RARE)} sky was seen that night")
    words.append(f"{mission.vehicle} {rng.choice(COMMON)} {rng.choice(COMMON)} at the {rng.choice(COMMON)}")
    event = rng.choice(EVENTS)
    title = rng.choice(TITLES).format(
        event=event, event_lower=event.lower(), vehicle=mission.vehicle, n=rng.randint(1, 75)
    )
    start = dt.datetime.combine(mission.start_date, dt.time(), dt.UTC)
    hidden, undescribed, unrendered = (rng.random() < share for share in (0.003, 0.003, 0.002))
    return Photo(
        mission=mission,
        position=position,
        image=f"originals/{key.hex}.jpg",
        title=title,
        caption=". ".join(words) + ".",
        alt_text="" if undescribed else f"{rng.choice(SUBJECTS)} at {rng.choice(LOCATIONS) or 'the station'}",
        credit=credit,
        taken_at=start + dt.timedelta(seconds=rng.randint(0, 200 * 86400)),
        location=rng.choice(LOCATIONS),
        keywords=", ".join(rng.sample(KEYWORDS.split(", "), 3)),
        is_hidden=hidden,
        key=key,
        original_filename=f"jsc{mission.start_date.year}e{rng.randint(0, 999999):06d}.jpg",
        original_format="JPEG",
        width=width,
        height=height,
        sha256=rng.randbytes(32).hex(),
        camera="Nikon D5",
        renditions=[] if unrendered else renditions(rng, key, width, height),
        rendition_error="cannot identify image file" if unrendered and rng.random() < 0.5 else "",
        placeholder_color=f"#{rng.randrange(0x1000000):06x}",
    )


def renditions(rng: random.Random, key: uuid.UUID, width: int, height: int) -> list[dict]:
    """The entries the pipeline records: every configured width, in every format it makes."""
    attempt = f"{rng.getrandbits(32):08x}"
    formats = [*settings.GALLERIES_RENDITION_FORMATS, *settings.GALLERIES_RENDITION_LATER_FORMATS]
    bits = {"JPEG": 2.4, "WEBP": 1.6, "AVIF": 1.1}  # rough bits a pixel of each format
    rows = []
    for format in formats:
        for w in settings.GALLERIES_RENDITION_WIDTHS:
            h = round(height * w / width)
            name = f"renditions/{key.hex}/{w}-{attempt}{imaging.EXTENSIONS[format]}"
            size = int(w * h * bits.get(format, 2) / 8 * rng.uniform(0.8, 1.2))
            rows.append({"width": w, "height": h, "format": format, "bytes": size, "name": name})
    return rows


def library() -> Library | None:
    """The big gallery and the busy person, or None when nothing is built yet."""
    from galleries.models import Crewmember, Mission

    mission = Mission.objects.filter(slug=BIG_MISSION).first()
    if mission is None:
        return None
    return Library(mission.pk, mission.slug, Crewmember.objects.get(name=BUSY_PERSON).slug)
