"""Crewmembers and agencies, only as the public site shows them: a crewmember on the crew of a
visible mission or shown in a visible photo (Crewmember.objects.published(), as the crew page),
and an agency one of those flies for."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from galleries.api import params, representations, schemas
from galleries.api.missions import answers
from galleries.api.pagination import paginate
from galleries.models import Agency, Crewmember, Mission

router = Router(tags=["crew and agencies"])


def visible_agencies() -> Any:
    return Agency.objects.filter(pk__in=Crewmember.objects.published().values("agency_id"))


@router.get("/crew/", response=answers(schemas.CrewPage), url_name="crew-list", summary="Crewmembers")
def crew_list(
    request: HttpRequest,
    agency: str | None = params.slug_filter("Only crewmembers of this agency (its slug)."),
    page: int = params.page_number(),
    page_size: int = params.page_size(),
) -> dict[str, Any]:
    """Crewmembers readers may see, by name."""
    crew = Crewmember.objects.published().select_related("agency").order_by("name", "pk")
    if agency:
        crew = crew.filter(agency__slug=agency)
    listed, links = paginate(request, crew, page, page_size)
    return {**links, "results": [representations.crewmember(request, person) for person in listed]}


@router.get(
    "/crew/{slug}/", response=answers(schemas.CrewmemberDetail), url_name="crewmember-detail", summary="A crewmember"
)
def crewmember_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A crewmember with their biography and their roles in visible missions, latest first; their
    photos are a photo list (`photos_url`)."""
    person = Crewmember.objects.published().select_related("agency").filter(slug=params.slug_or_404(slug)).first()
    if person is None:
        raise Http404("No such crewmember.")
    assignments = list(
        person.assignments.filter(mission__in=Mission.objects.published())
        .select_related("mission")
        .order_by("-mission__start_date", "mission_id")
    )
    return representations.crewmember_detail(request, person, assignments)


@router.get("/agencies/", response=answers(schemas.AgencyPage), url_name="agency-list", summary="Agencies")
def agency_list(
    request: HttpRequest, page: int = params.page_number(), page_size: int = params.page_size()
) -> dict[str, Any]:
    """Agencies of the crewmembers readers may see, by short name."""
    listed, links = paginate(request, visible_agencies().order_by("short_name", "pk"), page, page_size)
    return {**links, "results": [representations.agency(request, agency) for agency in listed]}


@router.get("/agencies/{slug}/", response=answers(schemas.Agency), url_name="agency-detail", summary="An agency")
def agency_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    """An agency, with links to its crewmembers and the photos showing them."""
    agency = visible_agencies().filter(slug=params.slug_or_404(slug)).first()
    if agency is None:
        raise Http404("No such agency.")
    return representations.agency(request, agency)
