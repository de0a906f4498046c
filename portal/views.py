"""The public site's front pages, which gather what several apps hold."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from activities.models import Activity, Notice
from services.models import Category, Service
from venues.models import Venue

# The home page is read on a phone: the first of today's activities (the activities page has them all) and
# the current notices, the important first.
TODAY_SHOWN = 8
NOTICES_SHOWN = 5
# Rooms open now: the first few, and a link to all of them (the rooms page lists each with its hours).
OPEN_SHOWN = 8


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    open_venues = Venue.objects.published().open_at(now)
    return render(
        request,
        "home.html",
        {
            "categories": Category.objects.with_service_counts(),
            "featured": Service.objects.published().filter(is_featured=True).for_cards()[:8],
            "open_venues": open_venues[:OPEN_SHOWN],
            "open_count": len(open_venues),
            "today_entries": Activity.objects.published().listed(now, days=1)[:TODAY_SHOWN],
            "notices": Notice.objects.current(now)[:NOTICES_SHOWN],
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
