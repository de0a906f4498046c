"""Health checks for the load balancer and the operator (no app involved)."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def live(request: HttpRequest) -> HttpResponse:
    """Liveness without the database (for a load balancer's quick check, and the benchmark's ceiling)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness with a database round trip: 200 when healthy, 503 when the database is not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", never a 500
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
