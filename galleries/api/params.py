"""Query and path parameters shared by the API's operations, with the bounds the document states
(so bad input answers 422 before any query runs, never a 500)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from django.http import Http404
from ninja import Path, Query
from pydantic import BeforeValidator

from galleries.api.pagination import MAX_PAGE, MAX_PAGE_SIZE, PAGE_SIZE
from galleries.search import SLUG

SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,200}$"  # what a SlugField holds (galleries.search.SLUG)
LARGEST_PK = 2**63 - 1  # a bigint; past it SQLite cannot even compare


def page_number() -> int:
    return Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


def page_size() -> int:
    return Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Items a page, at most {MAX_PAGE_SIZE}.")


def slug_filter(description: str) -> str | None:
    return Query(None, pattern=SLUG_PATTERN, description=description)


def slug_or_404(slug: str) -> str:
    """A path's slug, or 404 for one no row can have (also keeps NUL bytes from the database)."""
    if not SLUG.fullmatch(slug):
        raise Http404("Not found.")
    return slug


def photo_pk() -> int:
    return Path(..., ge=1, le=LARGEST_PK, description="The photo's id.")


def iso_date(value: object) -> object:
    """Only a calendar date as the document says (YYYY-MM-DD): Pydantic would also take "0" or a
    timestamp for one."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("Expected a date as YYYY-MM-DD.")
    return value


Day = Annotated[dt.date, BeforeValidator(iso_date)]


def clean_text(value: str | None, limit: int) -> str:
    """Free text from a query string, without NUL bytes (PostgreSQL refuses them), cut to `limit`."""
    return (value or "").replace("\x00", "").strip()[:limit]
