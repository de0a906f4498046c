"""Public pages cached whole, and dropped the moment staff change anything.

Every cached page's key carries the *content version* (versioning.py), bumped whenever
any content model is saved or deleted or its links change, on whichever app server that
happens. So no page is stale after an edit; pages also expire after ``PAGE_CACHE_SECONDS`` so
that "open now" labels follow the clock.

Not cached: signed-in staff (they may see drafts), the admin, POSTs, anything that
sets a cookie or carries a CSRF token (forms), and errors.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from .versioning import release, version_for

logger = logging.getLogger(__name__)

UNSTORED_HEADERS = {"set-cookie", "content-length", "x-page-cache"}
SKIP_PREFIXES = ("/static/", "/media/", "/healthz", "/feedback/", "/display/")


def page_key(request: HttpRequest, version: int) -> str:
    display = request.COOKIES.get("display", "")
    # The host is part of the page: canonical links, Open Graph URLs and QR codes name it.
    digest = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()[:32]
    return f"page:{release()}:{version}:{display}:{request.method == 'HEAD'}:{digest}"


def cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(SKIP_PREFIXES) or request.path.startswith("/" + settings.ADMIN_URL):
        return False
    # A session cookie may belong to staff, who see drafts: never share their pages.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    # A page holding a CSRF token belongs to one visitor. (A "Vary: Cookie" from merely looking at the
    # empty session of a visitor without a session cookie does not matter: such visitors all look alike.)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


class PublicPageCacheMiddleware:
    """Serves cached copies of public pages to anonymous visitors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_SECONDS or not cacheable_request(request):
            return self.get_response(request)
        try:
            key = page_key(request, version_for(request))
            stored = cache.get(key)
        except Exception:  # the shared cache is unreachable: serve the page uncached rather than fail
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, status=200)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        if cacheable_response(request, response):
            # Every header the inner layers set (type, language, Vary, X-Frame-Options …) is part of the page.
            headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
            try:
                cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        return response
