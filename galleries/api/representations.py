"""Model instances as the API's answers (the shapes of galleries.api.schemas), with absolute links.

Each function reads only what its caller fetched (for_display(), prefetched people and agencies),
so a list costs the same few queries whatever its length. They build plain dicts: ninja checks
the answer against its schema once, on the way out, rather than once here and once there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from galleries import imaging
from galleries.models.files import media_url

if TYPE_CHECKING:
    from django.http import HttpRequest

    from galleries.models import Agency, Crewmember, Mission, MissionCrew, Photo

NAMESPACE = "api-v1"
Answer = dict[str, Any]


class Addresses:
    """A request's absolute addresses, each URL pattern reversed once: a page of 100 photos names
    some 2,000 addresses (renditions, people, missions), and reverse() and build_absolute_uri()
    (which checks the host each time) would be most of its time."""

    MARK = "0-address-mark-0"

    def __init__(self, request: HttpRequest) -> None:
        self.origin = request.build_absolute_uri("/").removesuffix("/")
        self.patterns: dict[str, tuple[str, str]] = {}

    @classmethod
    def of(cls, request: HttpRequest) -> Addresses:
        if not hasattr(request, "_api_addresses"):
            request._api_addresses = cls(request)  # type: ignore[attr-defined]
        return request._api_addresses  # type: ignore[attr-defined]

    def api(self, name: str, key: str | None = None, value: object = None) -> str:
        """The API address named `name`, with `value` for its one parameter `key`."""
        return self.named(f"{NAMESPACE}:{name}", key, value)

    def named(self, name: str, key: str | None = None, value: object = None) -> str:
        """reverse(name, kwargs={key: value}), absolute; `value` needs no quoting (a slug, a pk)."""
        if name not in self.patterns:
            address = reverse(name, kwargs={key: self.MARK} if key else None)
            before, _, after = address.partition(self.MARK)
            self.patterns[name] = (self.origin + before, after)
        before, after = self.patterns[name]
        return f"{before}{value}{after}" if key else before

    def absolute(self, address: str) -> str:
        """A path on this site made absolute; a storage's own absolute address as it is."""
        return self.origin + address if address.startswith("/") else address


def api_url(request: HttpRequest, name: str, key: str | None = None, value: object = None) -> str:
    return Addresses.of(request).api(name, key, value)


def iiif_info_url(request: HttpRequest, photo: Photo) -> str | None:
    """The IIIF Image API info.json of this photo's deep-zoom tiles (galleries.iiif), or None
    while it has none (a small photo, tiles off, or not made yet)."""
    if not photo.has_zoom:
        return None
    return request.build_absolute_uri(reverse("galleries:iiif-info", kwargs={"pk": photo.pk}))


def full_frame(photo: Photo) -> list[dict[str, Any]]:
    """The photo's renditions of the whole picture, by format then narrowest first: entries with a
    `crop` key are framed for a layout (a focal-point crop), not the photo as taken."""
    entries = [entry for entry in photo.renditions if "crop" not in entry]
    return sorted(entries, key=lambda entry: (entry["format"], entry["width"]))


def rendition(request: HttpRequest, entry: dict[str, Any]) -> Answer:
    return {
        "width": entry["width"],
        "height": entry["height"],
        "format": entry["format"],
        "mime_type": imaging.MIME_TYPES[entry["format"]],
        "bytes": entry["bytes"],
        "url": Addresses.of(request).absolute(media_url(entry["name"])),
    }


def picture(request: HttpRequest, photo: Photo) -> Answer:
    return {
        "id": photo.pk,
        "alt_text": photo.alt_text,
        "width": photo.width,
        "height": photo.height,
        "placeholder_color": photo.placeholder_color,
        "renditions": [rendition(request, entry) for entry in full_frame(photo)],
    }


def photo(request: HttpRequest, photo: Photo) -> Answer:
    """A photo as lists show it; `photo` comes from for_display() with its people (and their
    agencies) prefetched."""
    licence = photo.effective_license()
    credit = photo.credit
    return {
        **picture(request, photo),
        "title": photo.title,
        "caption": photo.caption,
        "mission": mission_ref(request, photo.mission),
        "credit": {"line": str(credit), "photographer": credit.photographer, "organization": credit.organization},
        "licence": {
            "id": licence.pk,
            "name": licence.name,
            "url": licence.url,
            "allows_download": licence.allows_download,
        },
        "taken_at": photo.taken_at,
        "people": [crewmember(request, person) for person in photo.people.all()],
        "url": api_url(request, "photo-detail", "pk", photo.pk),
        "page_url": Addresses.of(request).absolute(photo.get_absolute_url()),
    }


def photo_detail(request: HttpRequest, shown: Photo) -> Answer:
    jpegs = [entry for entry in full_frame(shown) if entry["format"] == "JPEG"]
    largest = jpegs[-1] if jpegs and shown.effective_license().allows_download else None
    return {
        **photo(request, shown),
        "long_description": shown.long_description,
        "location": shown.location,
        "keywords": [keyword.strip() for keyword in shown.keywords.split(",") if keyword.strip()],
        "download": rendition(request, largest) if largest else None,
        "iiif_info_url": iiif_info_url(request, shown),
    }


def mission_ref(request: HttpRequest, mission: Mission) -> Answer:
    addresses = Addresses.of(request)
    return {
        "slug": mission.slug,
        "title": mission.title,
        "url": addresses.api("mission-detail", "slug", mission.slug),
        "page_url": addresses.named("galleries:mission-detail", "slug", mission.slug),
    }


def mission(request: HttpRequest, mission: Mission, cover: Photo | None) -> Answer:
    """`mission` comes from with_photo_counts(); `cover` is the picture its cover_id names."""
    return {
        **mission_ref(request, mission),
        "summary": mission.summary,
        "vehicle": mission.vehicle,
        "start_date": mission.start_date,
        "end_date": mission.end_date,
        "published_at": mission.published_at,
        "photo_count": mission.photo_count,  # type: ignore[attr-defined]
        "cover": picture(request, cover) if cover else None,
        "photos_url": api_url(request, "mission-photos", "slug", mission.slug),
    }


def mission_detail(request: HttpRequest, gallery: Mission, cover: Photo | None, crew: list[MissionCrew]) -> Answer:
    has_byline = gallery.author_name or gallery.author_role or gallery.author_bio
    byline = {"name": gallery.author_name, "role": gallery.author_role, "bio": gallery.author_bio}
    return {
        **mission(request, gallery, cover),
        "byline": byline if has_byline else None,
        "crew": [
            {"crewmember": crewmember(request, member.crewmember), "role": member.role, "is_backup": member.is_backup}
            for member in crew
        ],
    }


def agency_ref(request: HttpRequest, agency: Agency) -> Answer:
    return {
        "slug": agency.slug,
        "name": agency.name,
        "short_name": agency.short_name,
        "url": api_url(request, "agency-detail", "slug", agency.slug),
    }


def agency(request: HttpRequest, agency: Agency) -> Answer:
    return {
        **agency_ref(request, agency),
        "website": agency.url,
        "crew_url": f"{api_url(request, 'crew-list')}?agency={agency.slug}",
        "photos_url": f"{api_url(request, 'photo-list')}?agency={agency.slug}",
    }


def crewmember(request: HttpRequest, person: Crewmember) -> Answer:
    """`person` with its agency fetched (select_related or prefetched)."""
    return {
        "slug": person.slug,
        "name": person.name,
        "agency": agency_ref(request, person.agency),
        "url": api_url(request, "crewmember-detail", "slug", person.slug),
        "page_url": Addresses.of(request).named("galleries:crewmember-detail", "slug", person.slug),
    }


def crewmember_detail(request: HttpRequest, person: Crewmember, assignments: list[MissionCrew]) -> Answer:
    return {
        **crewmember(request, person),
        "bio": person.bio,
        "missions": [
            {"mission": mission_ref(request, member.mission), "role": member.role, "is_backup": member.is_backup}
            for member in assignments
        ],
        "photos_url": f"{api_url(request, 'photo-list')}?crewmember={person.slug}",
    }
