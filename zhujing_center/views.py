"""Site-wide pages that span both apps."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from activities import agenda
from activities.models import Activity, Notice
from services.models import Category, Service
from venues.models import Venue


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "home.html",
        {
            "categories": Category.objects.with_service_counts(),
            "featured": Service.objects.published().filter(is_featured=True).for_cards()[:8],
            "open_venues": Venue.objects.published().open_at(now),
            "today_entries": agenda.upcoming(Activity.objects.published(), now, days=1),
            "notices": Notice.objects.current(now),
        },
    )


def about(request: HttpRequest) -> HttpResponse:
    """The centre itself: address, phone, hours, the bodies it joins, and what it offers."""
    return render(
        request,
        "about.html",
        {
            "categories": Category.objects.with_service_counts(),
            "venue_count": Venue.objects.published().count(),
        },
    )


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
