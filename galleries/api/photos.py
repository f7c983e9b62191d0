"""Photos readers may see (Photo.objects.published()): lists by filters, one photo, and search."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Query, Router

from galleries import search as searching
from galleries.api import params, representations, schemas
from galleries.api.missions import answers, listed_photos
from galleries.api.pagination import paginate
from galleries.models import Crewmember, Mission, PhotoQuerySet

router = Router(tags=["photos"])

# Newest missions first, each in gallery order: (mission, position) is unique, so pages never overlap.
LIST_ORDER = ("-mission__published_at", "mission_id", "position", "pk")
MAX_KEYWORD_LENGTH = 100


@router.get("/photos/", response=answers(schemas.PhotoPage), url_name="photo-list", summary="Photos")
def photo_list(
    request: HttpRequest,
    mission: str | None = params.slug_filter("Only this mission's photos (its slug)."),
    crewmember: str | None = params.slug_filter("Only photos showing this crewmember (their slug)."),
    agency: str | None = params.slug_filter("Only photos showing a crewmember of this agency (its slug)."),
    licence: int | None = Query(None, ge=1, le=999_999_999, description="Only photos under this licence (its id)."),
    taken_after: params.Day | None = Query(None, description="Only photos taken on this day or later."),
    taken_before: params.Day | None = Query(None, description="Only photos taken on this day or earlier."),
    keyword: str | None = Query(
        None, max_length=MAX_KEYWORD_LENGTH, description="Only photos with this keyword (case ignored)."
    ),
    page: int = params.page_number(),
    page_size: int = params.page_size(),
) -> dict[str, Any]:
    """Photos readers may see, newest missions first and each mission's in gallery order."""
    chosen = {"mission": mission, "person": crewmember, "agency": agency, "license": licence and str(licence)}
    photos = searching.narrowed(listed_photos(), {key: value for key, value in chosen.items() if value})
    if taken_after:
        photos = photos.filter(taken_at__date__gte=taken_after)
    if taken_before:
        photos = photos.filter(taken_at__date__lte=taken_before)
    if word := params.clean_text(keyword, MAX_KEYWORD_LENGTH):
        photos = with_keyword(photos, word)
    listed, links = paginate(request, photos.order_by(*LIST_ORDER), page, page_size)
    return {**links, "results": [representations.photo(request, photo) for photo in listed]}


def with_keyword(photos: PhotoQuerySet, keyword: str) -> PhotoQuerySet:
    """Photos whose comma-separated keywords include `keyword` whole, case ignored."""
    pattern = r"(^|,)\s*" + re.escape(keyword) + r"\s*(,|$)"
    # A cheap containment test first: the pattern runs only on rows that hold the word.
    return photos.filter(Q(keywords__icontains=keyword) & Q(keywords__iregex=pattern))


@router.get("/photos/{pk}/", response=answers(schemas.PhotoDetail), url_name="photo-detail", summary="A photo")
def photo_detail(request: HttpRequest, pk: int = params.photo_pk()) -> dict[str, Any]:
    """A photo with its credit, licence, people, renditions (sizes and addresses) and, where the
    licence allows, the rendition to download. Never the original file."""
    photo = listed_photos().filter(pk=pk).first()
    if photo is None:
        raise Http404("No such photo.")
    return representations.photo_detail(request, photo)


@router.get("/search/", response=answers(schemas.SearchResults), url_name="search", summary="Search")
def search(
    request: HttpRequest,
    q: str = Query("", description="Words to find in titles, people, captions, places, keywords and credits."),
    mission: str | None = params.slug_filter("Narrow to this mission (its slug)."),
    crewmember: str | None = params.slug_filter("Narrow to photos showing this crewmember (their slug)."),
    agency: str | None = params.slug_filter("Narrow to photos showing a crewmember of this agency (its slug)."),
    year: int | None = Query(None, ge=searching.YEARS[0], le=searching.YEARS[1], description="Narrow to a year."),
    licence: int | None = Query(None, ge=1, le=999_999_999, description="Narrow to this licence (its id)."),
    page: int = params.page_number(),
    page_size: int = params.page_size(),
) -> dict[str, Any]:
    """Photos matching `q` as the search page finds them (best first, or newest first past its
    ranking limit, and counted only so far: see `count_is_exact`), and, on the first page of a
    search not narrowed, the missions and crewmembers whose names match."""
    query = params.clean_text(q, searching.MAX_QUERY_LENGTH)
    chosen = {"mission": mission, "person": crewmember, "agency": agency, "year": year, "license": licence}
    narrowing = {key: str(value) for key, value in chosen.items() if value}
    found = searching.narrowed(searching.photo_matches(listed_photos(), query, ranked=False), narrowing)
    matches = searching.photo_results(found)
    listed, links = paginate(request, matches.photos, page, page_size, count=matches.count)
    names_too = bool(query) and page == 1 and not narrowing
    missions = Mission.objects.published().matching(query)[:10] if names_too else []
    crew = Crewmember.objects.published().matching(query).select_related("agency")[:20] if names_too else []
    return {
        **links,
        "count_is_exact": matches.count_is_exact,
        "ranked": matches.ranked,
        "results": [representations.photo(request, photo) for photo in listed],
        "missions": [representations.mission_ref(request, mission) for mission in missions],
        "crew": [representations.crewmember(request, person) for person in crew],
    }
