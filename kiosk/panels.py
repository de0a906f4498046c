"""What the attract loop shows, one panel after another.

Each panel is one template in ``templates/kiosk/panels/``, included from ``kiosk/loop.html``,
and reads the names this module puts in the context. The loop script rotates whatever
panels the page contains, so adding a panel is: a query here, one template, one include.

A panel with nothing to show renders nothing and drops out of the rotation (today's activities
after the last one has ended, notices when none is current).
"""

import datetime as dt

from activities.models import Activity, Notice
from services.models import Category, Service
from venues.models import Venue

# How many rooms and featured services fit on one panel without scrolling (portrait or landscape).
OPEN_ROOMS_SHOWN = 9
FEATURED_SHOWN = 6
ACTIVITIES_SHOWN = 6


def open_rooms(now: dt.datetime) -> list[Venue]:
    """Published rooms open at ``now``, the round-the-clock ones (the love relay station) first."""
    rooms = Venue.objects.published().open_at(now)
    return sorted(rooms, key=lambda venue: not venue.open_24_hours)  # stable: otherwise floor and staff order


def attract_context(now: dt.datetime) -> dict:
    rooms = open_rooms(now)
    today = Activity.objects.published().upcoming(now, days=1)
    return {
        "notices": list(Notice.objects.current(now)),
        "today_entries": today[:ACTIVITIES_SHOWN],
        "categories": Category.objects.with_service_counts(),
        "open_rooms": rooms[:OPEN_ROOMS_SHOWN],
        "more_open_rooms": max(0, len(rooms) - OPEN_ROOMS_SHOWN),
        "featured": Service.objects.published().filter(is_featured=True).for_cards()[:FEATURED_SHOWN],
    }
