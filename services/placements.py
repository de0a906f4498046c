"""Where and when each service is offered, from lookup tables made once per edit in each worker.

A service's *placement* is its published rooms in the rooms' order, its own weekly hours and the hours
these make (``service_schedule``: its own inside its first room's, or else the room's). Cards read it
for the room they name and for their "open now" badge; the "open now" filter reads it too, so a
service the filter finds open always shows an open badge. No query once the tables are made.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.http import HttpRequest

from venues import hours, tables
from venues.hours import Schedule
from venues.models import Venue, open_among
from zhujing_center import fragments

from .models import Service, ServiceHours, service_schedule


class Placement(NamedTuple):
    rooms: list[Venue]
    own_hours: list[ServiceHours]
    schedule: Schedule | None


def rooms_by_service() -> dict[int, list[int]]:
    """Which rooms each service is in (all services: two integers a link)."""
    links = defaultdict(list)
    for service_id, venue_id in Service.venues.through.objects.values_list("service_id", "venue_id"):
        links[service_id].append(venue_id)
    return dict(links)


def service_rooms(request: HttpRequest | None) -> dict[int, list[int]]:
    """``rooms_by_service`` kept per edit in this worker."""
    return fragments.memoized(request, "rooms-by-service", rooms_by_service)


def own_hours_by_service() -> dict[int, list[ServiceHours]]:
    """The services' own weekly hours (few services have them)."""
    found = defaultdict(list)
    for row in ServiceHours.objects.all():
        found[row.service_id].append(row)
    return dict(found)


class Placements:
    """The placements of all services, for one request: ``placements(pk)``."""

    def __init__(self, request: HttpRequest | None):
        self.request = request
        self.rooms = tables.published_rooms(request)
        self.links = service_rooms(request)
        self.own_hours = fragments.memoized(request, "own-hours-by-service", own_hours_by_service)
        self.position = {pk: index for index, pk in enumerate(self.rooms)}
        # Filled as services are asked for, and kept with the very rooms' table it was made from (a new
        # day's table starts a new one). Every entry depends only on the tables above, so whichever
        # request adds it, it is the same (and adding a key to a dict is atomic).
        self.known: dict[int, Placement] = fragments.memoized(request, "placements", dict, vary=(id(self.rooms),))
        self.room_schedules: dict[int, Schedule] = fragments.memoized(
            request, "room-schedules", dict, vary=(id(self.rooms),)
        )

    def __call__(self, pk: int) -> Placement:
        if pk not in self.known:
            listed = self.rooms_of(pk)
            own = self.own_hours.get(pk, [])
            room_schedule = self.room_schedule(listed[0].pk) if listed else None
            self.known[pk] = Placement(listed, own, service_schedule(room_schedule, own))
        return self.known[pk]

    def room_schedule(self, room: int) -> Schedule:
        """A room's hours, one object per room: the services keeping their room's hours share it."""
        if room not in self.room_schedules:
            self.room_schedules[room] = self.rooms[room].schedule()
        return self.room_schedules[room]

    def rooms_of(self, pk: int) -> list[Venue]:
        listed = [self.rooms[room] for room in self.links.get(pk, ()) if room in self.rooms]
        return sorted(listed, key=lambda venue: self.position[venue.pk])

    def first_rooms(self) -> dict[int, int]:
        """Each service's first published room (services in none are left out)."""

        def make() -> dict[int, int]:
            found = {}
            for pk, rooms in self.links.items():
                placed = [room for room in rooms if room in self.position]
                if placed:
                    found[pk] = min(placed, key=self.position.__getitem__)
            return found

        return fragments.memoized(self.request, "first-rooms", make, vary=(id(self.rooms),))

    def open_now(self, ids: Iterable[int], now: dt.datetime) -> list[int]:
        """Those of ``ids`` open at ``now`` by their hours (whether they are suspended is not looked at).

        Most services keep their room's hours: they are open when that room is, which is worked out
        once for the few dozen rooms. Those with hours of their own are worked out one by one.
        """
        open_rooms = {venue.pk for venue in open_among(self.rooms.values(), now)}
        first = self.first_rooms()
        return [pk for pk in ids if (self.is_open(pk, now) if pk in self.own_hours else first.get(pk) in open_rooms)]

    def is_open(self, pk: int, now: dt.datetime) -> bool:
        schedule = self(pk).schedule
        return schedule is not None and hours.open_state(schedule, now).is_open
