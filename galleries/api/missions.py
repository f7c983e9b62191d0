"""Missions readers may see (Mission.objects.published()), and each one's photos in gallery order."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from galleries.api import params, representations, schemas
from galleries.api.pagination import paginate
from galleries.models import Mission, Photo
from galleries.models.mission import MissionQuerySet

router = Router(tags=["missions"])


def answers(schema: type[schemas.Schema]) -> dict[int, Any]:
    """The statuses an operation documents: its schema, and the errors any operation may answer."""
    return {200: schema, 404: schemas.Error, 422: schemas.InvalidInput, 429: schemas.Error}


def listed_photos() -> Any:
    """Photos readers may see, with what a list shows of them, in as many queries whatever their number."""
    return Photo.objects.published().for_display().prefetch_related("people__agency")


def visible_mission(slug: str, missions: MissionQuerySet | None = None) -> Mission:
    """The mission readers may see at `slug` (from `missions`, its annotations), else 404."""
    mission = (missions or Mission.objects.published()).filter(slug=params.slug_or_404(slug)).first()
    if mission is None:
        raise Http404("No such mission.")
    return mission


@router.get("/", response=answers(schemas.MissionPage), url_name="mission-list", summary="Published missions")
def mission_list(
    request: HttpRequest, page: int = params.page_number(), page_size: int = params.page_size()
) -> dict[str, Any]:
    """Missions readers may see, newest publication first, each with its cover and photo count."""
    missions = Mission.objects.published().with_cover_ids().with_photo_counts().order_by("-published_at", "-pk")
    listed, links = paginate(request, missions, page, page_size)
    cover_ids = {mission.pk: mission.cover_id for mission in listed}  # type: ignore[attr-defined]  # annotated
    covers = Photo.objects.for_display().by_pk(cover_ids.values())
    results = [representations.mission(request, mission, covers.get(cover_ids[mission.pk])) for mission in listed]
    return {**links, "results": results}


@router.get("/{slug}/", response=answers(schemas.MissionDetail), url_name="mission-detail", summary="A mission")
def mission_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A mission with its byline and crew (prime crew first, in the editors' order)."""
    mission = visible_mission(slug, Mission.objects.published().with_cover_ids().with_photo_counts())
    cover_id = mission.cover_id  # type: ignore[attr-defined]  # annotated by with_cover_ids()
    cover = Photo.objects.for_display().filter(pk=cover_id).first() if cover_id else None
    crew = list(mission.crew.select_related("crewmember__agency"))
    return representations.mission_detail(request, mission, cover, crew)


@router.get(
    "/{slug}/photos/", response=answers(schemas.PhotoPage), url_name="mission-photos", summary="A mission's photos"
)
def mission_photos(
    request: HttpRequest, slug: str, page: int = params.page_number(), page_size: int = params.page_size()
) -> dict[str, Any]:
    """The photos of a mission's gallery, in its order."""
    mission = visible_mission(slug)
    photos = listed_photos().filter(mission=mission).in_order()
    listed, links = paginate(request, photos, page, page_size)
    return {**links, "results": [representations.photo(request, photo) for photo in listed]}
