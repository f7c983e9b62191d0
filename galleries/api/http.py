"""What every API response carries: CORS for reading from any site, the pages' public caching,
and a rate limit per client address.

CORS needs no library: the API is read-only and holds nothing per reader (no cookies, no
credentials), so `Access-Control-Allow-Origin: *` on every answer and a fixed preflight answer are
the whole policy (django-cors-headers is for per-origin rules and credentials).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja.throttling import BaseThrottle

from galleries.forms import client_address
from galleries.views import PUBLIC_MAX_AGE

logger = logging.getLogger(__name__)

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# What a browser script may send beyond the safelisted headers (revalidation), and read back.
ALLOWED_HEADERS = "Accept, Cache-Control, If-Modified-Since, If-None-Match"
EXPOSED_HEADERS = "ETag, Retry-After"
PREFLIGHT_MAX_AGE = 86400


def cross_origin(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer CORS preflights for `view`, and mark its answers readable by any origin and, when
    successful, cacheable for a minute by browsers and CDNs like the pages (the ETag from
    ConditionalGetMiddleware then makes revalidation cheap)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        else:
            if request.method == "HEAD":  # the GET answer, whose body the server then drops
                request.method = "GET"
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            elif response.status_code == 429:
                patch_cache_control(response, no_store=True)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response

    return wrapper


class ClientRateThrottle(BaseThrottle):
    """GALLERIES_API_RATE_LIMIT requests (e.g. "120/min") per client address and window, counted
    in the Django cache, so every app server sharing it counts together. The address is the one
    the sign-in throttle uses: REMOTE_ADDR, or the header a trusted proxy sets
    (DJANGO_CLIENT_ADDRESS_HEADER).

    A fixed window counted with add() and incr() (atomic in Redis), not ninja's list of request
    times, which each request reads and writes back whole, so concurrent requests undercount. The
    rate is read on every request, so a changed setting applies at once; a cache that does not
    answer lets the request through: the limit protects the service, it must not break it.
    Answers served from the page cache (galleries.cache) cost no query and are not counted."""

    def __init__(self) -> None:
        self.retry_after: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        if not settings.GALLERIES_API_RATE_LIMIT:
            return True
        limit, seconds = parse_rate(settings.GALLERIES_API_RATE_LIMIT)
        now = time.time()
        self.retry_after = seconds - now % seconds
        address = hashlib.sha256(client_address(request.META).encode()).hexdigest()[:32]
        key = f"galleries:api-rate:{address}:{int(now // seconds)}"
        try:
            cache.add(key, 0, timeout=seconds + 1)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, count := 1, timeout=seconds + 1)
        except Exception:  # whatever the cache backend raises when it is down
            logger.exception("API rate limit unavailable: the cache does not answer")
            return True
        return count <= limit

    def wait(self) -> float | None:
        return self.retry_after


PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "hour": 3600, "h": 3600, "day": 86400, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/min" → (120, 60): requests and the seconds they may be made in."""
    count, _, period = rate.partition("/")
    if not count.strip().isdigit() or period.strip() not in PERIODS:
        raise ImproperlyConfigured(f"GALLERIES_API_RATE_LIMIT must read like 120/min, not {rate!r}.")
    return int(count), PERIODS[period.strip()]
