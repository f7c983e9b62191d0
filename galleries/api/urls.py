"""The read-only JSON API at /api/v1/, its index and its OpenAPI 3 document (/api/v1/openapi.json).

django-ninja writes the document from the operations' type annotations and Pydantic schemas, so
the document and the behaviour cannot drift (tests/test_api_schema.py runs schemathesis against
it). No interactive docs page: ninja's loads Swagger UI from a CDN, which the site never does.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.operation import Operation

from galleries.api import missions, people, photos, representations, schemas
from galleries.api.http import ClientRateThrottle, cross_origin
from galleries.api.missions import answers


class ExpeditionAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__  # "photo_list", not "galleries_api_photos_photo_list"


api = ExpeditionAPI(
    title="Expedition",
    version="1",
    description="Published space-mission photo galleries: missions, photos, crew, agencies and search. "
    "Read-only; every list is paginated (`page`, `page_size`); rate-limited per client address.",
    urls_namespace=representations.NAMESPACE,
    docs_url=None,
    throttle=ClientRateThrottle(),
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    """404 says what was not found (ninja's own says "Not Found" whatever it was)."""
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


api.add_router("/missions", missions.router)
api.add_router("/", photos.router)
api.add_router("/", people.router)

ENDPOINTS = [
    ("missions", "mission-list", "Published missions, newest first."),
    ("photos", "photo-list", "Photos, filtered by mission, crewmember, agency, licence, date taken or keyword."),
    ("crew", "crew-list", "Crewmembers readers may see."),
    ("agencies", "agency-list", "Their agencies."),
    ("search", "search", "Photos, missions and crew matching ?q=."),
]


@api.get("/", response=answers(schemas.Index), url_name="index", summary="This index", tags=["index"])
def index(request: HttpRequest) -> schemas.Index:
    """Where each list of the API is."""
    return schemas.Index(
        title=api.title,
        version=api.version,
        openapi=representations.api_url(request, "openapi-json"),
        endpoints=[
            schemas.Link(name=name, url=representations.api_url(request, url_name), description=description)
            for name, url_name, description in ENDPOINTS
        ],
    )


def wrapped(pattern: URLPattern | URLResolver) -> URLPattern | URLResolver:
    if isinstance(pattern, URLResolver):
        return pattern
    return URLPattern(pattern.pattern, cross_origin(pattern.callback), pattern.default_args, pattern.name)


app_name = representations.NAMESPACE
urlpatterns = [wrapped(pattern) for pattern in api.urls[0]]
