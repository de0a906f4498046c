"""Site-wide pages that span both apps."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache

from activities import agenda
from activities.models import Activity, Notice
from services.cards import cards
from services.models import Category, Service
from venues import tables
from venues.models import Venue, open_among


def home(request: HttpRequest) -> HttpResponse:
    # All lazy: the page's body is one fragment (home.html), queried only when it is rendered.
    now = timezone.now()
    return render(
        request,
        "home.html",
        {
            "categories": SimpleLazyObject(lambda: list(Category.objects.with_service_counts())),
            "featured": SimpleLazyObject(
                lambda: cards(
                    request, Service.objects.published().filter(is_featured=True).values_list("pk", flat=True)[:8]
                )
            ),
            "open_venues": SimpleLazyObject(lambda: open_among(tables.published_rooms(request).values(), now)),
            "today_entries": SimpleLazyObject(lambda: agenda.upcoming(Activity.objects.published(), now, days=1)),
            "notices": SimpleLazyObject(lambda: list(Notice.objects.current(now))),
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
