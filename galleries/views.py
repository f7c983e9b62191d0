from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from galleries.models import Crewmember, Mission, Photo

logger = logging.getLogger(__name__)


class MissionListView(ListView):
    template_name = "galleries/mission_list.html"
    context_object_name = "missions"
    paginate_by = 24

    def get_queryset(self):
        return Mission.objects.published().with_cover_ids().order_by("-published_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        covers = Photo.objects.for_display().by_pk([mission.cover_id for mission in context["missions"]])
        context["cards"] = [(mission, covers.get(mission.cover_id)) for mission in context["missions"]]
        return context


class MissionDetailView(DetailView):
    context_object_name = "mission"

    def get_queryset(self):
        return Mission.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            photos=Photo.objects.published().filter(mission=self.object).in_order().for_display(),
            crew=self.object.crew.select_related("crewmember__agency"),
            **kwargs,
        )


class PhotoDetailView(DetailView):
    context_object_name = "photo"

    def get_queryset(self):
        return (
            Photo.objects.published()
            .filter(mission__slug=self.kwargs["mission_slug"])
            .for_display()
            .prefetch_related("people")
        )

    def get_context_data(self, **kwargs):
        order = list(
            Photo.objects.published().filter(mission=self.object.mission).in_order().values_list("pk", flat=True)
        )
        index = order.index(self.object.pk)
        neighbours = Photo.objects.select_related("mission").in_bulk(order[max(index - 1, 0) : index + 2])
        return super().get_context_data(
            number=index + 1,
            total=len(order),
            previous=neighbours.get(order[index - 1]) if index > 0 else None,
            next=neighbours.get(order[index + 1]) if index + 1 < len(order) else None,
            **kwargs,
        )


class CrewmemberDetailView(DetailView):
    context_object_name = "crewmember"

    def get_queryset(self):
        return Crewmember.objects.published().select_related("agency")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assignments=self.object.assignments.filter(mission__in=Mission.objects.published())
            .select_related("mission")
            .order_by("-mission__start_date"),
            photos=Photo.objects.published()
            .showing(self.object)
            .order_by("-mission__start_date", "position")
            .for_display(),
            **kwargs,
        )


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
    try:
        default_storage.exists("healthz-probe")
    except Exception:  # noqa: BLE001 - any backend error (OSError, botocore's) means unreachable
        logger.exception("Health check: media storage unreachable")
        return False
    return True
