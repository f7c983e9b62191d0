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
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja.throttling import SimpleRateThrottle

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


class ClientRateThrottle(SimpleRateThrottle):
    """GALLERIES_API_RATE_LIMIT requests (e.g. "120/min") per client address, counted in the
    Django cache (shared by every app server that shares it). The address is the one the sign-in
    throttle uses: REMOTE_ADDR, or the header a trusted proxy sets (DJANGO_CLIENT_ADDRESS_HEADER).

    The rate is read on every request, so a changed setting applies at once. A cache that does
    not answer lets the request through: the limit protects the service, it must not break it."""

    def __init__(self) -> None:  # the rate is read per request, not once
        self.rate, self.num_requests, self.duration = None, None, None

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.GALLERIES_API_RATE_LIMIT or None
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request)
        except Exception:  # whatever the cache backend raises when it is down
            logger.exception("API rate limit unavailable: the cache does not answer")
            return True

    def get_cache_key(self, request: HttpRequest) -> str:
        address = hashlib.sha256(client_address(request.META).encode()).hexdigest()[:32]
        return f"galleries:api-rate:{address}"
