"""What the attract loop shows, one panel after another.

Each panel is one template in ``templates/kiosk/panels/``, included from ``kiosk/loop.html``,
and reads the names this module puts in the context. The loop script rotates whatever
panels the page contains, so adding a panel is: a query here, one template, one include.

A panel with nothing to show renders nothing and drops out of the rotation (today's activities
after the last one has ended, notices when none is current).

By day the loop shows the six categories, the rooms open now, today's activities, notices and
featured services. After hours (``night.after_hours``: only the round-the-clock places are open)
it shows what is useful then instead: the love relay station and what it offers, when the rooms
open again (tomorrow, or this morning before dawn) and what is on that day.
"""

import datetime as dt

from activities.models import Activity, Notice
from services.models import Category, Service
from venues.models import Venue, open_among
from zhujing_center.hours import CENTRE_TZ

from . import night

# How many rooms and featured services fit on one panel without scrolling (portrait or landscape).
OPEN_ROOMS_SHOWN = 9
FEATURED_SHOWN = 6
ACTIVITIES_SHOWN = 6
# After hours: the round-the-clock places shown (there is one, the love relay station), and the services
# offered there (its self-service machines, rest, water, charging).
RELAY_SHOWN = 2
# After hours: the activities of the day the rooms open again, then (up to LATER_SHOWN in all) the
# following days' within LATER_DAYS.
LATER_SHOWN = 5
LATER_DAYS = 7
RELAY_SERVICES_SHOWN = 4


def rooms_now(now: dt.datetime) -> tuple[list[Venue], list[Venue]]:
    """Every published room (hours prefetched) and those open at ``now``, the round-the-clock ones first."""
    rooms = list(Venue.objects.published().with_schedule())
    open_now = sorted(open_among(rooms, now), key=lambda venue: not venue.open_24_hours)  # stable
    return rooms, open_now


def open_rooms(now: dt.datetime) -> list[Venue]:
    """Published rooms open at ``now``, the round-the-clock ones (the love relay station) first."""
    return rooms_now(now)[1]


def attract_context(now: dt.datetime) -> dict:
    rooms, open_now = rooms_now(now)
    context = {
        "notices": list(Notice.objects.current(now)),
        "categories": Category.objects.with_service_counts(),
        "after_hours": night.after_hours(rooms, open_now),
    }
    if context["after_hours"]:
        return context | after_hours_context(now, rooms, open_now)
    return context | {
        "today_entries": Activity.objects.published().upcoming(now, days=1)[:ACTIVITIES_SHOWN],
        "open_rooms": open_now[:OPEN_ROOMS_SHOWN],
        "more_open_rooms": max(0, len(open_now) - OPEN_ROOMS_SHOWN),
        "featured": Service.objects.published().filter(is_featured=True).for_cards()[:FEATURED_SHOWN],
    }


def after_hours_context(now: dt.datetime, rooms: list[Venue], open_now: list[Venue]) -> dict:
    """The relay station (and what it offers), when the other rooms open next and what is on then.

    Activities still to come tonight (the relay station holds some) keep their "今天的活动" panel.
    """
    relay = [venue for venue in open_now if venue.open_24_hours][:RELAY_SHOWN]
    regular = [(venue.name, venue.schedule()) for venue in rooms if not venue.open_24_hours]
    next_day = night.next_opening(regular, now)
    context = {
        "relay_rooms": relay,
        "relay_services": [],
        "next_day": next_day,
        "today_entries": [],
        "next_entries": [],
        "later_entries": [],
    }
    if relay:
        offered_there = Service.objects.filter(venues__in=relay).values("pk")  # each service once
        context["relay_services"] = list(
            Service.objects.published()
            .filter(pk__in=offered_there)
            .only("name", "slug", "summary")[:RELAY_SERVICES_SHOWN]
        )
    today = now.astimezone(CENTRE_TZ).date()
    last_day = next_day.date if next_day else today
    entries = Activity.objects.published().upcoming(now, days=(last_day - today).days + LATER_DAYS)
    if next_day is None or next_day.date != today:  # tonight's (at the relay station); before dawn, today is next
        context["today_entries"] = night.entries_on(entries, today, ACTIVITIES_SHOWN)
    if next_day is not None:
        # That day's activities; when it has few, the next ones in the week after fill the panel.
        context["next_entries"] = night.entries_on(entries, next_day.date, ACTIVITIES_SHOWN)
        context["later_entries"] = night.entries_after(
            entries, next_day.date, LATER_SHOWN - len(context["next_entries"])
        )
    return context
