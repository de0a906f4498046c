"""The site's error pages — 400, 403, 404, 500 and the CSRF refusal — in Chinese, and never failing themselves.

Django's own 400, 403 and 404 views are wrapped in ``requires_csrf_token``, which checks the CSRF
token of a POST again and so reads ``request.POST`` again: a body Django refuses to parse (form data
declared as UTF-16, say) raised ``BadRequest`` once more inside the 400 page, and the visitor got a 500.
These views never touch ``request.POST`` or ``request.body``. They render without the request (no
context processor, no database), except the 404 page: that is the site's own page, with its header and
search box, when it can be drawn, and a standalone page when it cannot. Should a template fail all the
same, the answer is one line of plain Chinese text with the right status — never a 500 of its own.

Wired in config/urls.py (``handler400`` …) and settings.CSRF_FAILURE_VIEW.
"""

import logging
import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .drafts import may_preview

logger = logging.getLogger(__name__)


def fallback_text(status: int) -> str:
    """The plain-text answer when even the error page cannot be drawn."""
    texts = {
        400: _("请求有误，本网站无法处理。请返回上一页，刷新后再试。"),
        403: _("没有权限打开这个页面，或者页面已过期。请返回上一页，刷新后再试。"),
        404: _("找不到这个页面。它可能已经删除或改名。"),
        500: _("系统暂时出错，请稍后刷新再试。"),
    }
    return texts.get(status, texts[500])


def plain_text(status: int) -> HttpResponse:
    return HttpResponse(fallback_text(status), content_type="text/plain; charset=utf-8", status=status)


def is_admin_path(path: str, admin_url: str) -> bool:
    """Whether ``path`` is inside the staff admin (``admin_url`` as in settings, e.g. "admin/")."""
    return path.startswith("/" + admin_url)


def links(request: HttpRequest) -> dict:
    """Where an error page sends the visitor: the admin's home for staff pages, the site's home besides."""
    if is_admin_path(request.path, settings.ADMIN_URL):
        return {"admin_home": reverse("admin:index")}
    return {}


def standalone(template: str, status: int, context: dict | None = None) -> HttpResponse:
    """``template`` (one that extends error_base.html) drawn without the request, or plain text if it fails."""
    try:
        return HttpResponse(render_to_string(template, context), status=status)
    except Exception:  # an error page must answer whatever went wrong in it
        logger.exception("error page %s could not be drawn", template)
        return plain_text(status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return standalone("400.html", 400, _links_or_none(request))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return standalone("403.html", 403, _links_or_none(request))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: Django has logged the reason (in English); the visitor reads what to do."""
    return standalone("403_csrf.html", 403, _links_or_none(request))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    try:
        context = {"staff_without_code": _staff_without_code(request)}
        return HttpResponse(render_to_string("404.html", context, request=request), status=404)
    except Exception:  # e.g. the database is down (the header reads the centre's record): the page without it
        logger.warning("site 404 page could not be drawn; standalone page instead", exc_info=True)
        return standalone("404_standalone.html", 404, _links_or_none(request))


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler; a database outage met outside a view still answers 503 (see outage.py)."""
    from django.db import InterfaceError, OperationalError

    from .outage import unavailable_response

    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        try:
            return unavailable_response()
        except Exception:
            logger.exception("503 page could not be drawn")
    return standalone("500.html", 500)


def _staff_without_code(request: HttpRequest) -> bool:
    """Signed-in staff who did not enter a one-time code: a draft they open is a 404 to them (drafts.py)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff and not may_preview(user))


def _links_or_none(request: HttpRequest) -> dict:
    try:
        return links(request)
    except Exception:  # a broken URLconf must not take the error page with it
        logger.exception("error page links could not be worked out")
        return {}
