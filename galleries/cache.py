"""A whole-page cache for readers, emptied of what an editor's change touches.

Every cached page's key carries content versions, bumped after the transaction that changed the
content commits, so readers see the change on their next request, on every app server sharing the
cache. A change to one mission's photos (a caption, an upload, an order, renditions) bumps that
mission's version and the version of the pages that list photos from every mission (home, crew,
search, feeds, sitemap): the other missions' galleries and photo pages stay cached while editors
work. Any other change (a mission's own fields, publishing, a credit, a crewmember) bumps the
version every page carries. Scheduled missions appear within GALLERIES_PAGE_CACHE_SECONDS, the
cache's time limit.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag

logger = logging.getLogger(__name__)

VERSION_KEY = "galleries:content-version"
LISTS_KEY = f"{VERSION_KEY}:lists"
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/static/", "/media/", "/iiif/3/photo-")


def mission_key(slug: str) -> str:
    return f"{VERSION_KEY}:mission:{hashlib.sha256(slug.encode()).hexdigest()[:16]}"


def content_versions(keys: list[str]) -> list[int]:
    """The current versions under `keys` (a missing one starts at 1)."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, 1, timeout=None)
    if missing:
        found |= cache.get_many(missing)
    return [found.get(key, 1) for key in keys]


def content_version() -> int:
    return content_versions([VERSION_KEY])[0]


def content_changed(*, mission_slug: str | None = None) -> None:
    """Retire the cached pages a change shows on, once the current transaction commits: with
    `mission_slug`, that mission's pages and the pages listing photos; without, every page."""
    keys = [mission_key(mission_slug), LISTS_KEY] if mission_slug else [VERSION_KEY]

    def bump() -> None:
        for key in keys:
            try:
                try:
                    cache.incr(key)
                except ValueError:  # no version yet (a cold cache): start one past the default
                    cache.set(key, 2, timeout=None)
            except Exception:  # any backend's outage: the save has committed and must not fail now
                # Pages cached before the outage expire within GALLERIES_PAGE_CACHE_SECONDS.
                logger.exception("Could not retire the cached pages: the cache does not answer")
                return

    transaction.on_commit(bump)


class PublicPageCacheMiddleware:
    """Serve readers' GET requests from the cache; editors (with a session) always get fresh pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.GALLERIES_PAGE_CACHE_SECONDS
        if not seconds or not self.cacheable_request(request):
            return self.get_response(request)
        try:
            key = self.key(request)
            cached = cache.get(key)
        except Exception:  # whatever the backend raises when it is down: slow pages down, never break them
            logger.exception("Page cache unavailable")
            return self.get_response(request)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self.cacheable_response(response):
            patch_cache_control(response, public=True, max_age=seconds)
            set_response_etag(response)  # once, here, rather than hashing the page on every hit
            try:
                cache.set(key, response, timeout=seconds)
            except Exception:  # as above: a page that cannot be cached is still served
                logger.exception("Page cache unavailable")
        return response

    @staticmethod
    def cacheable_request(request: HttpRequest) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(UNCACHED_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def cacheable_response(response: HttpResponse) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
            and "Cookie" not in response.get("Vary", "")
        )

    @staticmethod
    def key(request: HttpRequest) -> str:
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
        parts = request.path.split("/")
        if parts[1:3] == ["embed", "missions"]:  # /embed/missions/<slug>/: a gallery in another site's iframe
            parts = parts[1:]
        # /missions/<slug>/…: a gallery, its photo pages and its feed; every other page lists across missions.
        scope = mission_key(parts[2]) if len(parts) > 3 and parts[1] == "missions" and parts[2] else LISTS_KEY
        versions = "-".join(str(version) for version in content_versions([VERSION_KEY, scope]))
        return f"galleries:page:{versions}:{request.method}:{address}"
