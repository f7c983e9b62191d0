"""A whole-page cache for readers, emptied whenever an editor changes what pages show.

Every cached page's key carries a content version; saving anything in the admin (or a service
that changes photos) bumps the version after the transaction commits, so readers see the change
on their next request, on every app server sharing the cache. Scheduled missions appear within
GALLERIES_PAGE_CACHE_SECONDS, the cache's time limit.
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
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/static/", "/media/")


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def content_changed() -> None:
    """Retire every cached page once the current transaction commits."""

    def bump() -> None:
        try:
            try:
                cache.incr(VERSION_KEY)
            except ValueError:  # no version yet (a cold cache): start one past the default
                cache.set(VERSION_KEY, 2, timeout=None)
        except Exception:  # any backend's outage: the save has committed and must not fail now
            # Pages cached before the outage expire within GALLERIES_PAGE_CACHE_SECONDS.
            logger.exception("Could not retire the cached pages: the cache does not answer")

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
        return f"galleries:page:{content_version()}:{request.method}:{address}"
