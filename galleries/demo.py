"""The Expedition 56 demo gallery: the seed article's people, credits, places and dates."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

BAIKONUR = dt.timezone(dt.timedelta(hours=6), "ALMT")  # Baikonur kept UTC+6 in 2018

LICENSE = {
    "name": "Public domain (NASA media guidelines)",
    "url": "https://www.nasa.gov/nasa-brand-center/images-and-media/",
    "allows_download": True,
}

AGENCIES = [
    {
        "slug": "nasa",
        "short_name": "NASA",
        "name": "National Aeronautics and Space Administration",
        "url": "https://www.nasa.gov/",
    },
    {
        "slug": "roscosmos",
        "short_name": "Roscosmos",
        "name": "Roscosmos State Corporation for Space Activities",
        "url": "https://www.roscosmos.ru/",
    },
    {"slug": "esa", "short_name": "ESA", "name": "European Space Agency", "url": "https://www.esa.int/"},
    {"slug": "csa", "short_name": "CSA", "name": "Canadian Space Agency", "url": "https://www.asc-csa.gc.ca/"},
]

# (slug, name, agency slug, role, is_backup)
CREW = [
    ("sergey-prokopyev", "Sergey Prokopyev", "roscosmos", "Soyuz Commander", False),
    ("alexander-gerst", "Alexander Gerst", "esa", "Flight Engineer", False),
    ("serena-aunon-chancellor", "Serena Auñón-Chancellor", "nasa", "Flight Engineer", False),
    ("oleg-kononenko", "Oleg Kononenko", "roscosmos", "Soyuz Commander", True),
    ("david-saint-jacques", "David Saint-Jacques", "csa", "Flight Engineer", True),
    ("anne-mcclain", "Anne McClain", "nasa", "Flight Engineer", True),
]

MISSION = {
    "slug": "expedition-56",
    "title": "Expedition 56",
    "summary": (
        "Sergey Prokopyev, Alexander Gerst and Serena Auñón-Chancellor prepare for launch on Soyuz MS-09 "
        "from the Baikonur Cosmodrome in Kazakhstan, watched by their backup crew."
    ),
    "start_date": dt.date(2018, 6, 3),
    "end_date": dt.date(2018, 10, 4),
    "vehicle": "Soyuz MS-09",
    "author_name": "Christine Lunsford",
    "author_role": "Producer and Contributing Writer",
    "author_bio": (
        "Christine Lunsford joined the Space.com team in 2010 as a freelance producer and later became a "
        "contributing writer, covering astrophotography images, astronomy photos and amazing space galleries "
        "and more. During her more than 10 years with Space.com, oversaw the site's monthly skywatching updates "
        "and produced overnight features and stories on the latest space discoveries. She enjoys learning about "
        "subjects of all kinds."
    ),
    "published_at": dt.datetime(2018, 6, 6, 12, 0, tzinfo=dt.UTC),
}

PRIME = ["sergey-prokopyev", "alexander-gerst", "serena-aunon-chancellor"]
BACKUP = ["anne-mcclain", "oleg-kononenko", "david-saint-jacques"]

Colour = tuple[int, int, int]


class DemoPhoto(TypedDict):
    title: str
    credit: tuple[str, str]  # (photographer, organization)
    caption: str
    alt_text: str
    location: str
    taken_at: dt.datetime | None
    people: list[str]  # crew slugs
    palette: tuple[Colour, Colour]  # the placeholder's gradient, top to bottom


PHOTOS: list[DemoPhoto] = [
    {
        "title": "Making Their Mark",
        "credit": ("Victor Zelentsov", "NASA"),
        "caption": (
            "Expedition 56 crewmembers Sergey Prokopyev of Roscosmos (left), Alexander Gerst of the European "
            "Space Agency (center) and Serena Auñón-Chancellor of NASA (right) pose for a photo after adding "
            "their own crew insignia decals to the cabin wall aboard the Gagarin Cosmonaut Training Center aircraft."
        ),
        "alt_text": "Three crewmembers in blue flight suits stand in an aircraft cabin by a wall of mission decals.",
        "location": "Gagarin Cosmonaut Training Center aircraft",
        "taken_at": None,
        "people": ["sergey-prokopyev", "alexander-gerst", "serena-aunon-chancellor"],
        "palette": ((24, 44, 84), (120, 150, 190)),
    },
    {
        "title": "Rehearsal Time",
        "credit": ("Victor Zelentsov", "NASA"),
        "caption": (
            "On May 20, 2018, Expedition 56 crewmember Serena Auñón-Chancellor of NASA participates in the first "
            "fit check dress rehearsal activities."
        ),
        "alt_text": "An astronaut in a white Sokol pressure suit sits in a chair while a technician checks the suit.",
        "location": "Baikonur Cosmodrome, Kazakhstan",
        "taken_at": dt.datetime(2018, 5, 20, 12, 0, tzinfo=BAIKONUR),
        "people": ["serena-aunon-chancellor"],
        "palette": ((40, 40, 48), (200, 200, 190)),
    },
    {
        "title": "Step One",
        "credit": ("Victor Zelentsov", "NASA"),
        "caption": (
            "As part of the first fit check dress rehearsal, Expedition 56 crewmember Serena Auñón-Chancellor of "
            "NASA runs through procedures inside the Soyuz MS-09 spacecraft inside the Integration Facility at the "
            "Baikonur Cosmodrome."
        ),
        "alt_text": "An astronaut in a pressure suit, seen through a Soyuz capsule's hatch, reads a procedures book.",
        "location": "Integration Facility, Baikonur Cosmodrome, Kazakhstan",
        "taken_at": dt.datetime(2018, 5, 20, 12, 0, tzinfo=BAIKONUR),
        "people": ["serena-aunon-chancellor"],
        "palette": ((30, 30, 30), (150, 120, 90)),
    },
    {
        "title": "Paying Tribute",
        "credit": ("Victor Zelentsov", "NASA"),
        "caption": (
            "In Baikonur, Kazakhstan, backup crewmembers for Expedition 56 contemplate and offer flowers at the "
            "statue of Sergei Korolev, the Russian space designer icon."
        ),
        "alt_text": "Three people in dark coats stand before a bronze statue and lay red flowers at its base.",
        "location": "Baikonur, Kazakhstan",
        "taken_at": None,
        "people": BACKUP,
        "palette": ((70, 110, 160), (220, 210, 180)),
    },
    {
        "title": "Learning About Past",
        "credit": ("Victor Zelentsov", "NASA"),
        "caption": (
            "On May 21, 2018, backup crewmembers for Expedition 56 participate in pre-launch activities during a "
            "tour of the Baikonur museum."
        ),
        "alt_text": "Crewmembers and guides walk through a museum hall past display cases and a spacecraft model.",
        "location": "Baikonur museum, Kazakhstan",
        "taken_at": dt.datetime(2018, 5, 21, 12, 0, tzinfo=BAIKONUR),
        "people": BACKUP,
        "palette": ((90, 70, 50), (230, 215, 190)),
    },
    {
        "title": "Watching the Arrival",
        "credit": ("Joel Kowsky", "NASA"),
        "caption": (
            "On Jun. 4, 2018, a train pulls the Soyuz rocket out to the launch pad at the Baikonur Cosmodrome, as "
            "Expedition 56 backup crewmembers — from left, NASA's Anne McClain, Roscosmos' Oleg Kononenko and "
            "CSA's David Saint-Jacques — watch."
        ),
        "alt_text": "Three people in winter jackets watch a rocket lying on a rail car roll past on the steppe.",
        "location": "Baikonur Cosmodrome, Kazakhstan",
        "taken_at": dt.datetime(2018, 6, 4, 7, 0, tzinfo=BAIKONUR),
        "people": BACKUP,
        "palette": ((110, 160, 210), (210, 190, 140)),
    },
    {
        "title": "Photos for the Press",
        "credit": ("Joel Kowsky", "NASA"),
        "caption": (
            "Following a press conference at the Cosmonaut Hotel in Baikonur, Kazakhstan, Expedition 56 prime "
            "crewmembers — flight engineer Serena Auñón-Chancellor of NASA, left, Soyuz Commander Sergey "
            "Prokopyev of Roscosmos, center, and flight engineer Alexander Gerst of ESA — pose for a photo."
        ),
        "alt_text": "Three crewmembers in matching blue jackets smile behind a glass partition at a press event.",
        "location": "Cosmonaut Hotel, Baikonur, Kazakhstan",
        "taken_at": dt.datetime(2018, 6, 5, 12, 0, tzinfo=BAIKONUR),
        "people": PRIME,
        "palette": ((20, 60, 110), (160, 190, 220)),
    },
]

# A second demo gallery of real public-domain photographs, loaded when scikit-image is installed
# (the `photos` extra): its data module ships them (galleries.demo_pictures).
ARCHIVE_MISSION = {
    "slug": "from-the-archives",
    "title": "From the Archives",
    "summary": (
        "Three public-domain photographs from NASA's and SpaceX's libraries: a shuttle commander's portrait, "
        "Hubble's deepest view of the universe and a Falcon 9 launch."
    ),
    "start_date": dt.date(1995, 2, 3),
    "end_date": None,
    "vehicle": "",
    "author_name": "Expedition demo",
    "author_role": "",
    "author_bio": "",
    "published_at": dt.datetime(2018, 6, 1, 12, 0, tzinfo=dt.UTC),
}

ARCHIVE_CREW = [("eileen-collins", "Eileen Collins", "nasa", "Commander", False)]


class ArchivePhoto(TypedDict):
    file: str  # in scikit-image's data folder
    title: str
    credit: tuple[str, str]
    caption: str
    alt_text: str
    location: str
    keywords: str
    taken_at: dt.datetime | None
    people: list[str]


ARCHIVE_PHOTOS: list[ArchivePhoto] = [
    {
        "file": "astronaut.png",
        "title": "Eileen Collins",
        "credit": ("", "NASA"),
        "caption": (
            "Eileen Collins, selected as an astronaut in 1992, piloted the space shuttle on STS-63 in 1995 and "
            "later became the first woman to command a shuttle. She spent 38 days in space before retiring in 2006."
        ),
        "alt_text": "A smiling astronaut in an orange launch suit holds her helmet in front of an American flag.",
        "location": "Johnson Space Center, Houston",
        "keywords": "portrait, space shuttle",
        "taken_at": None,
        "people": ["eileen-collins"],
    },
    {
        "file": "hubble_deep_field.jpg",
        "title": "Hubble eXtreme Deep Field",
        "credit": ("", "NASA"),
        "caption": (
            "The Hubble Space Telescope's farthest view of the universe, assembled from ten years of exposures "
            "of one small patch of sky: nearly every point of light is a galaxy."
        ),
        "alt_text": "Thousands of small galaxies, spirals and smudges of colour, scattered across black space.",
        "location": "Hubble Space Telescope, low Earth orbit",
        "keywords": "Hubble, galaxies",
        "taken_at": None,
        "people": [],
    },
    {
        "file": "rocket.jpg",
        "title": "DSCOVR Lifts Off",
        "credit": ("", "SpaceX"),
        "caption": (
            "On Feb. 11, 2015, a Falcon 9 rocket carrying the Deep Space Climate Observatory lifts off from "
            "Space Launch Complex 40 at Cape Canaveral Air Force Station, Florida."
        ),
        "alt_text": "A white rocket rises from its launch pad on a column of flame and smoke at dusk.",
        "location": "Cape Canaveral Air Force Station, Florida",
        "keywords": "launch, Falcon 9",
        "taken_at": dt.datetime(2015, 2, 11, 23, 3, tzinfo=dt.UTC),
        "people": [],
    },
]
