"""When the database is down: a Chinese 503 page with Retry-After, never a traceback or a hang.

Connections time out after 2 seconds (``connect_timeout`` in settings), and so does any wait for a
reply from a frozen server (``query_timeout``: zhujing_center/postgresql/base.py), so the page comes
within 4 s (measured: 4.0 s for a worker holding a connection, 2.0 s after). Connections are
health-checked before reuse (``CONN_HEALTH_CHECKS``), so once PostgreSQL is back the next request
simply works — no restart of gunicorn.
"""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def unavailable_response() -> HttpResponse:
    # Rendered without a request context: no context processor may touch the database.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.warning("database unavailable: %s %s", request.path, exception.__class__.__name__)
            return unavailable_response()
        return None
