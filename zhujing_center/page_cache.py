"""The one cache of the site: whole public pages for anonymous visitors, emptied by every edit.

Pages are kept in the ``pages`` cache (a Redis database of their own in production) for
``PAGE_CACHE_SECONDS``, so "open now" follows the clock within that time. The one rule that keeps
them true: saving, deleting or relinking any content model empties the whole cache once, when the
transaction commits (``connect`` below). A page made from rows read before such a commit is not
stored (``cleared_at``), so no edit is ever hidden by an older copy.

Not cached: signed-in staff (they may see drafts), the admin, POSTs, anything that sets a cookie or
carries a CSRF token (forms), and errors. When the cache cannot be reached (Redis refusing or hung:
settings' timeouts), pages are made as if it were off.
"""

from __future__ import annotations

import hashlib
import logging
import time
import zlib

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

# The apps whose models public pages show; an edit to any of their models empties the page cache.
CONTENT_APPS = ("zhujing_center", "venues", "services", "activities", "heritage", "circle")
# Derived from content the same save already changed: connecting it would only slow its bulk deletes.
DERIVED_MODELS = {("services", "searchgram")}
CLEARED_AT = "cleared-at"
UNSTORED_HEADERS = {"set-cookie", "content-length", "x-page-cache"}
# Open data (/api/, /open-data/) answers conditional requests from its own validators (opendata/responses.py).
SKIP_PREFIXES = ("/static/", "/media/", "/healthz", "/feedback/", "/display/", "/api/", "/open-data/")


def pages():
    return caches["pages"]


def page_key(request: HttpRequest) -> str:
    # The host is part of the page (canonical links, Open Graph URLs and QR codes name it), and so is
    # the 长辈模式 cookie (zhujing_center/display.py).
    parts = (request.method, request.get_host(), request.get_full_path(), request.COOKIES.get("display", ""))
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


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
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "no-store" not in cache_control
        and "private" not in cache_control
    )


def pack(response: HttpResponse) -> tuple[bytes, list[tuple[str, str]]]:
    """What is stored of a page: its body compressed (a fifth of the memory) and the headers the inner
    layers set (type, language, Vary, X-Frame-Options …)."""
    headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
    return zlib.compress(response.content, 1), headers


def unpack(stored: tuple[bytes, list[tuple[str, str]]]) -> HttpResponse:
    body, headers = stored
    response = HttpResponse(zlib.decompress(body))
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class PublicPageCacheMiddleware:
    """Serves stored copies of public pages to anonymous visitors (placed before the session middleware:
    a hit touches neither the session nor the database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_SECONDS or not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        started = time.time()
        try:
            stored = pages().get(key)
        except Exception:  # Redis refusing or timing out: make the page without it
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            return unpack(stored)
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        if cacheable_response(request, response):
            store(key, response, started)
        return response


def store(key: str, response: HttpResponse, started: float) -> None:
    try:
        cleared = pages().get(CLEARED_AT)
        if cleared is not None and cleared >= started:
            return  # staff committed an edit while this page was being made: it may show the old rows
        pages().set(key, pack(response), settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)


def clear() -> None:
    """Empty the page cache (after an edit, and after a deploy: ``manage.py clear_page_cache``)."""
    try:
        pages().clear()
        pages().set(CLEARED_AT, time.time(), None)
    except Exception:  # the edit is saved; copies made before it expire within PAGE_CACHE_SECONDS
        logger.error("page cache could not be emptied after an edit", exc_info=True)


class ClearOnCommit:
    """``clear``, due when a transaction commits (a rolled-back transaction drops it, unrun)."""

    done = False

    def __call__(self) -> None:
        self.done = True
        clear()


def clear_on_commit(sender, using=None, **kwargs) -> None:
    """Signal receiver: a content model changed; empty the page cache once, when the change commits."""
    connection = transaction.get_connection(using)
    if any(isinstance(func, ClearOnCommit) and not func.done for _, func, _ in connection.run_on_commit):
        return  # already due with this transaction (an import of 80 rows empties it once)
    transaction.on_commit(ClearOnCommit(), using=using)


def content_models() -> list[type]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS
        and (model._meta.app_label, model._meta.model_name) not in DERIVED_MODELS
        and not issubclass(model, HistoricalChanges)
    ]


def connect() -> None:
    """Connect ``clear_on_commit`` to each content model (with a sender: other models keep fast deletes)."""
    for model in content_models():
        for signal in (post_save, post_delete):
            signal.connect(clear_on_commit, sender=model, dispatch_uid=f"page-cache-{model._meta.label}")
        if model._meta.auto_created:  # a many-to-many link table
            m2m_changed.connect(clear_on_commit, sender=model, dispatch_uid=f"page-cache-m2m-{model._meta.label}")
