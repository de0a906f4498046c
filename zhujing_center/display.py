"""长辈模式 (large-text mode): a cookie set and cleared by two plain links, read in one place.

The switch is a GET link rather than a POST form on purpose: a form would put a CSRF token
in every page, and a page holding a token can be neither cached (zhujing_center/page_cache.py)
nor shared between visitors. The cookie only changes how pages look, so a link that sets it
is harmless even when followed by somebody else's page; robots are kept off it (robots.txt,
rel="nofollow").
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

COOKIE_NAME = "display"
LARGE = "large"
STANDARD = "standard"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # one year


def is_large(request: HttpRequest) -> bool:
    """Whether this visitor chose the large-text mode (the only place the cookie is read)."""
    return request.COOKIES.get(COOKIE_NAME) == LARGE


def safe_next(request: HttpRequest) -> str:
    """Where to go back to: ``next`` if it is a path on this site, else the home page."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@never_cache
def switch(request: HttpRequest, mode: str) -> HttpResponseRedirect:
    """/display/large/ sets the cookie, /display/standard/ clears it; both go back to ``next``."""
    response = HttpResponseRedirect(safe_next(request))
    if mode == LARGE:
        response.set_cookie(
            COOKIE_NAME,
            LARGE,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,  # no script needs it: the server adds the class to <html>
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
    return response
