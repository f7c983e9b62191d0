"""Page-number pagination for every list the API answers: `?page=` and `?page_size=`, a count,
and absolute `next`/`previous` links that keep the other parameters.

Page numbers rather than cursors: the lists are small and ordered by stable keys (gallery order,
names, publication time then pk), and a page number is what the HTML pages use too.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from galleries.views import CountedPaginator

PAGE_SIZE = 24
MAX_PAGE_SIZE = 100
# Deep pages cost an OFFSET scan; past 10,000 pages of 100 a client should narrow its query.
MAX_PAGE = 10_000


def paginate[M: Model](
    request: HttpRequest, items: QuerySet[M], number: int, size: int, *, count: int | None = None
) -> tuple[list[M], dict[str, Any]]:
    """Page `number` of `items` (ordered) and its count and links; 404 past the last page.
    `count` is given when the caller counted already (search counts only so far)."""
    paginator = Paginator(items, size) if count is None else CountedPaginator(items, size, count=count)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise Http404("There is no such page.") from None
    links = {
        "count": paginator.count,
        "next": page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": page_link(request, page.previous_page_number()) if page.has_previous() else None,
    }
    return list(page.object_list), links


def page_link(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
