"""Model instances as the API's schemas, with absolute links.

Each function reads only what its caller fetched (for_display(), prefetched people and agencies),
so a list costs the same few queries whatever its length.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from galleries.api import schemas
from galleries.models.files import Rendition, media_url

if TYPE_CHECKING:
    from django.http import HttpRequest

    from galleries.models import Agency, Crewmember, Mission, MissionCrew, Photo

NAMESPACE = "api-v1"


def api_url(request: HttpRequest, name: str, **kwargs: object) -> str:
    return request.build_absolute_uri(reverse(f"{NAMESPACE}:{name}", kwargs=kwargs or None))


def iiif_info_url(request: HttpRequest, photo: Photo) -> str | None:
    """The IIIF Image API info.json of this photo's deep-zoom tiles, or None while it has none.

    The hook for the IIIF image service (DESIGN.md: /iiif/3/photo-<pk>/info.json): when that
    service exists, answer its address here for the photos it serves."""
    return None


def full_frame(photo: Photo) -> list[dict[str, Any]]:
    """The photo's renditions of the whole picture, narrowest first: entries with a `crop` key
    are framed for a layout (a focal-point crop), not the photo as taken."""
    entries = [entry for entry in photo.renditions if "crop" not in entry]
    return sorted(entries, key=lambda entry: (entry["format"], entry["width"]))


def rendition(request: HttpRequest, entry: dict[str, Any]) -> schemas.Rendition:
    chosen = Rendition(**{field: entry[field] for field in RENDITION_FIELDS})
    return schemas.Rendition(
        width=chosen.width,
        height=chosen.height,
        format=chosen.format,
        mime_type=chosen.mime_type,
        bytes=chosen.bytes,
        url=request.build_absolute_uri(media_url(chosen.name)),
    )


RENDITION_FIELDS = ("width", "height", "format", "bytes", "name")


def picture(request: HttpRequest, photo: Photo) -> schemas.Picture:
    return schemas.Picture(
        id=photo.pk,
        alt_text=photo.alt_text,
        width=photo.width,
        height=photo.height,
        placeholder_color=photo.placeholder_color,
        renditions=[rendition(request, entry) for entry in full_frame(photo)],
    )


def photo_fields(request: HttpRequest, photo: Photo) -> dict[str, object]:
    """What a photo shows in a list; its detail adds to it. `photo` comes from for_display() with
    its people (and their agencies) prefetched."""
    licence = photo.effective_license()
    return {
        **picture(request, photo).model_dump(),
        "title": photo.title,
        "caption": photo.caption,
        "mission": mission_ref(request, photo.mission),
        "credit": schemas.Credit(
            line=str(photo.credit), photographer=photo.credit.photographer, organization=photo.credit.organization
        ),
        "licence": schemas.Licence(
            id=licence.pk, name=licence.name, url=licence.url, allows_download=licence.allows_download
        ),
        "taken_at": photo.taken_at,
        "people": [crewmember(request, person) for person in photo.people.all()],
        "url": api_url(request, "photo-detail", pk=photo.pk),
        "page_url": request.build_absolute_uri(photo.get_absolute_url()),
    }


def photo(request: HttpRequest, photo: Photo) -> schemas.Photo:
    return schemas.Photo(**photo_fields(request, photo))  # type: ignore[arg-type]


def photo_detail(request: HttpRequest, photo: Photo) -> schemas.PhotoDetail:
    jpegs = [entry for entry in full_frame(photo) if entry["format"] == "JPEG"]
    largest = jpegs[-1] if jpegs and photo.effective_license().allows_download else None
    return schemas.PhotoDetail(
        **photo_fields(request, photo),  # type: ignore[arg-type]
        long_description=photo.long_description,
        location=photo.location,
        keywords=[keyword.strip() for keyword in photo.keywords.split(",") if keyword.strip()],
        download=rendition(request, largest) if largest else None,
        iiif_info_url=iiif_info_url(request, photo),
    )


def mission_ref(request: HttpRequest, mission: Mission) -> schemas.MissionRef:
    return schemas.MissionRef(
        slug=mission.slug,
        title=mission.title,
        url=api_url(request, "mission-detail", slug=mission.slug),
        page_url=request.build_absolute_uri(mission.get_absolute_url()),
    )


def mission_fields(request: HttpRequest, mission: Mission, cover: Photo | None) -> dict[str, object]:
    """`mission` comes from with_photo_counts(); `cover` is the picture its cover_id names."""
    return {
        **mission_ref(request, mission).model_dump(),
        "summary": mission.summary,
        "vehicle": mission.vehicle,
        "start_date": mission.start_date,
        "end_date": mission.end_date,
        "published_at": mission.published_at,
        "photo_count": mission.photo_count,  # type: ignore[attr-defined]
        "cover": picture(request, cover) if cover else None,
        "photos_url": api_url(request, "mission-photos", slug=mission.slug),
    }


def mission(request: HttpRequest, mission: Mission, cover: Photo | None) -> schemas.Mission:
    return schemas.Mission(**mission_fields(request, mission, cover))  # type: ignore[arg-type]


def mission_detail(
    request: HttpRequest, mission: Mission, cover: Photo | None, crew: list[MissionCrew]
) -> schemas.MissionDetail:
    has_byline = mission.author_name or mission.author_role or mission.author_bio
    return schemas.MissionDetail(
        **mission_fields(request, mission, cover),  # type: ignore[arg-type]
        byline=schemas.Byline(name=mission.author_name, role=mission.author_role, bio=mission.author_bio)
        if has_byline
        else None,
        crew=[
            schemas.CrewAssignment(
                crewmember=crewmember(request, assignment.crewmember),
                role=assignment.role,
                is_backup=assignment.is_backup,
            )
            for assignment in crew
        ],
    )


def agency_ref(request: HttpRequest, agency: Agency) -> schemas.AgencyRef:
    return schemas.AgencyRef(
        slug=agency.slug,
        name=agency.name,
        short_name=agency.short_name,
        url=api_url(request, "agency-detail", slug=agency.slug),
    )


def agency(request: HttpRequest, agency: Agency) -> schemas.Agency:
    return schemas.Agency(
        **agency_ref(request, agency).model_dump(),
        website=agency.url,
        crew_url=f"{api_url(request, 'crew-list')}?agency={agency.slug}",
        photos_url=f"{api_url(request, 'photo-list')}?agency={agency.slug}",
    )


def crewmember(request: HttpRequest, person: Crewmember) -> schemas.Crewmember:
    """`person` with its agency fetched (select_related or prefetched)."""
    return schemas.Crewmember(
        slug=person.slug,
        name=person.name,
        agency=agency_ref(request, person.agency),
        url=api_url(request, "crewmember-detail", slug=person.slug),
        page_url=request.build_absolute_uri(person.get_absolute_url()),
    )


def crewmember_detail(
    request: HttpRequest, person: Crewmember, assignments: list[MissionCrew]
) -> schemas.CrewmemberDetail:
    return schemas.CrewmemberDetail(
        **crewmember(request, person).model_dump(),
        bio=person.bio,
        missions=[
            schemas.Assignment(
                mission=mission_ref(request, assignment.mission), role=assignment.role, is_backup=assignment.is_backup
            )
            for assignment in assignments
        ],
        photos_url=f"{api_url(request, 'photo-list')}?crewmember={person.slug}",
    )
