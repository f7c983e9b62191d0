"""Topic pages (/topics/<slug>/): the published photos whose keywords name a topic, 48 a page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from galleries.models import Photo, PhotoQuerySet
from galleries.models.topics import Topic
from galleries.views import GALLERY_PAGE_SIZE, public_page


def topic_photos(topic: Topic) -> PhotoQuerySet:
    """A topic's published photos, the latest mission first, each gallery in its editor's order."""
    return (
        Photo.objects.published()
        .filter(topics=topic)
        .order_by("-mission__start_date", "mission_id", "position", "pk")
        .for_display()
    )


@method_decorator(public_page, name="dispatch")
class TopicDetailView(DetailView):
    """Three queries whatever the topic's size: the topic, the count of its photos, one page of them.
    A topic no published photo has is a 404, so a draft's or a hidden photo's keywords stay unknown."""

    template_name = "galleries/topic_detail.html"
    context_object_name = "topic"

    def get_object(self, queryset: Any = None) -> Topic:
        return get_object_or_404(Topic, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        paginator = Paginator(topic_photos(self.object), GALLERY_PAGE_SIZE)
        if paginator.count == 0:
            raise Http404("No published photo has this topic.")
        page = paginator.get_page(self.request.GET.get("page"))
        address = self.object.get_absolute_url()
        return super().get_context_data(
            page_obj=page,
            photos=list(page.object_list),
            canonical_path=address if page.number == 1 else f"{address}?page={page.number}",
            **kwargs,
        )
