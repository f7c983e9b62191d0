from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.contrib.sitemaps import views as sitemap_views
from django.core.files.storage import default_storage, storages
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from galleries import search as searching
from galleries.models import Crewmember, Mission, Photo, PhotoQuerySet
from galleries.search import MAX_QUERY_LENGTH
from galleries.sitemaps import SITEMAPS
from galleries.storage import storage_errors

logger = logging.getLogger(__name__)

# Public pages hold nothing per reader (no CSRF token, no nonce), so browsers and a CDN may keep
# them for a minute, the same bound as the server's page cache (galleries.cache); the ETag from
# ConditionalGetMiddleware lets them revalidate cheaply after that.
PUBLIC_MAX_AGE = 60
public_page = cache_control(public=True, max_age=PUBLIC_MAX_AGE)
SEARCH_PAGE_SIZE = 24
GALLERY_PAGE_SIZE = 48  # photos a gallery or crew page shows; the rest are on ?page=2…


@method_decorator(public_page, name="dispatch")
class MissionListView(ListView):
    template_name = "galleries/mission_list.html"
    context_object_name = "missions"
    paginate_by = 24

    def get_queryset(self):
        return Mission.objects.published().with_cover_ids().with_photo_counts().order_by("-published_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        covers = Photo.objects.for_display().by_pk([mission.cover_id for mission in context["missions"]])
        context["cards"] = [(mission, covers.get(mission.cover_id)) for mission in context["missions"]]
        return context


@method_decorator(public_page, name="dispatch")
class MissionDetailView(DetailView):
    context_object_name = "mission"

    def get_queryset(self):
        return Mission.objects.published().with_cover_ids()

    def get_context_data(self, **kwargs):
        return self.gallery_context(Photo.objects.published().filter(mission=self.object), **kwargs)

    def gallery_context(self, photos: PhotoQuerySet, **kwargs: Any) -> dict[str, Any]:
        """The context of the gallery template for one page of `photos` of this mission
        (with_cover_ids gave its cover): 48 photos a page, numbered across pages."""
        page = Paginator(photos.in_order().for_display(), GALLERY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        listed = list(page.object_list)
        cover = next((photo for photo in listed if photo.pk == self.object.cover_id), None)
        if cover is None and self.object.cover_id:
            cover = photos.for_display().filter(pk=self.object.cover_id).first()
        address = self.object.get_absolute_url()
        return super().get_context_data(
            photos=listed,
            page_obj=page,
            first_number=page.start_index(),
            canonical_path=address if page.number == 1 else f"{address}?page={page.number}",
            cover=cover,
            crew=self.object.crew.select_related("crewmember__agency"),
            **kwargs,
        )


@method_decorator(public_page, name="dispatch")
class PhotoDetailView(DetailView):
    context_object_name = "photo"

    def visible_photos(self) -> PhotoQuerySet:
        """The photos of this page's gallery a visitor may reach."""
        return Photo.objects.published().filter(mission__slug=self.kwargs["mission_slug"])

    def get_queryset(self):
        return self.visible_photos().for_display().prefetch_related("people", "topics")

    def get_context_data(self, **kwargs):
        order = list(self.visible_photos().in_order().values_list("pk", flat=True))
        index = order.index(self.object.pk)
        neighbours = Photo.objects.select_related("mission").in_bulk(order[max(index - 1, 0) : index + 2])
        return super().get_context_data(
            number=index + 1,
            total=len(order),
            previous=neighbours.get(order[index - 1]) if index > 0 else None,
            next=neighbours.get(order[index + 1]) if index + 1 < len(order) else None,
            **kwargs,
        )


@method_decorator(public_page, name="dispatch")
class CrewmemberDetailView(DetailView):
    context_object_name = "crewmember"

    def get_queryset(self):
        return Crewmember.objects.published().select_related("agency")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assignments=self.object.assignments.filter(mission__in=Mission.objects.published())
            .select_related("mission")
            .order_by("-mission__start_date"),
            page_obj=(
                page := Paginator(
                    Photo.objects.published()
                    .showing(self.object)
                    .order_by("-mission__start_date", "position", "pk")
                    .for_display(),
                    GALLERY_PAGE_SIZE,
                ).get_page(self.request.GET.get("page"))
            ),
            photos=list(page.object_list),
            **kwargs,
        )


@require_GET
@public_page
def search(request: HttpRequest) -> HttpResponse:
    """Photos, missions and crew matching ?q=, photos narrowed by facet links (?mission=…&year=…)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    chosen = {key: value[:200] for key in searching.FILTER_PARAMS if (value := request.GET.get(key, "").strip())}
    found = searching.narrowed(searching.photo_matches(Photo.objects.published(), query, ranked=False), chosen)
    matches = searching.photo_results(found)
    paginator = CountedPaginator(matches.photos.for_display(), SEARCH_PAGE_SIZE, count=matches.count)
    page = paginator.get_page(request.GET.get("page"))
    results = [(photo, searching.snippet(photo.caption, query)) for photo in page.object_list]
    first_page = query and page.number == 1 and not chosen
    context = {
        "query": query,
        "page_obj": page,
        "results": results,
        "matches": matches,
        "count_limit": f"{searching.COUNT_LIMIT:,}",  # read per request: tests lower the limits
        "rank_limit": f"{searching.RANK_LIMIT:,}",
        "facets": _facet_links(query, chosen, searching.facets(matches.sample_ids)) if query else [],
        "missions": Mission.objects.published().matching(query)[:10] if first_page else [],
        "crew": Crewmember.objects.published().matching(query).select_related("agency")[:20] if first_page else [],
    }
    return render(request, "galleries/search.html", context)


class CountedPaginator(Paginator):
    """A paginator told its count (the search counts once, and only so far)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


FACET_TITLES = {"mission": "Mission", "person": "Crewmember", "agency": "Agency", "year": "Year", "license": "Licence"}


def _facet_links(query: str, chosen: dict[str, str], facets: dict[str, list[searching.Facet]]) -> list[dict[str, Any]]:
    """Each facet group with a link per value (narrowing to it) and, when one is chosen, a link
    that removes it; links keep the query and the other choices, and start again at page 1."""
    groups: list[dict[str, Any]] = []
    for param, values in facets.items():
        if param in chosen:
            label = next((facet.label for facet in values if facet.value == chosen[param]), chosen[param])
            others = {key: value for key, value in chosen.items() if key != param}
            groups.append(
                {"title": FACET_TITLES[param], "chosen": label, "remove": "?" + urlencode({"q": query, **others})}
            )
        elif len(values) > 1:  # one value narrows nothing
            links = [(facet, "?" + urlencode({"q": query, **chosen, param: facet.value})) for facet in values]
            groups.append({"title": FACET_TITLES[param], "links": links})
    return groups


@require_GET
@public_page
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(
        request,
        sitemaps=SITEMAPS,
        sitemap_url_name="galleries:sitemap-section",
        content_type="application/xml; charset=utf-8",
    )


@require_GET
@public_page
def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    """One section's sitemap, or one page of it (?p=2); 404 for a section or page there is not."""
    return sitemap_views.sitemap(
        request,
        sitemaps=SITEMAPS,
        section=section,
        template_name="galleries/sitemap.xml",
        content_type="application/xml; charset=utf-8",
    )


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    context = {"sitemap_url": request.build_absolute_uri(reverse("galleries:sitemap"))}
    return render(request, "galleries/robots.txt", context, content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    ok = database_reachable() and storage_reachable()
    return HttpResponse("ok" if ok else "unavailable", status=200 if ok else 503, content_type="text/plain")


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        return False
    return True


def storage_reachable() -> bool:
    """Both media stores answer: the public renditions' and the private originals'."""
    try:
        default_storage.exists("healthz-probe")
        storages["originals"].exists("healthz-probe")
    except storage_errors():
        logger.exception("Health check: media storage unreachable")
        return False
    return True
