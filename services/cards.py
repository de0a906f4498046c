"""Service cards of list pages, each cached (per service, minute and search words) until an edit.

A list page queries which services it shows, in which order (``for_cards``); the cards come from
the cache in one round trip. Those missing get their rooms (with their hours) and their own hours from
lookup tables made once per edit in each worker, and are rendered: no query at all, whatever the page size.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from django.http import HttpRequest
from django.template.loader import get_template
from django.utils.safestring import SafeString

from venues import tables
from zhujing_center import fragments

from .models import Service, ServiceHours

TEMPLATE = "includes/service_card.html"


class Card(NamedTuple):
    service: Service
    html: SafeString


def cards(request: HttpRequest | None, services, q: str = "") -> list[Card]:
    services = list(services)
    minute = fragments.minute()
    template = get_template(TEMPLATE)

    def render_missing(missing: list[Service]) -> list[str]:
        attach_rooms(request, missing)
        return [template.render({"service": service, "q": q}) for service in missing]

    htmls = fragments.cached_many(
        request, "service-card", services, lambda service: (service.pk, minute, q), render_missing
    )
    return [Card(service, html) for service, html in zip(services, htmls, strict=True)]


def rooms_by_service() -> dict[int, list[int]]:
    """Which rooms each service is in (all services: two integers a link)."""
    links = defaultdict(list)
    for service_id, venue_id in Service.venues.through.objects.values_list("service_id", "venue_id"):
        links[service_id].append(venue_id)
    return dict(links)


def own_hours_by_service() -> dict[int, list[ServiceHours]]:
    """The services' own weekly hours (few services have them)."""
    found = defaultdict(list)
    for row in ServiceHours.objects.all():
        found[row.service_id].append(row)
    return dict(found)


def attach_rooms(request: HttpRequest | None, services: list[Service]) -> None:
    """Give each service its published rooms in their order (``listed_venues``, read by ``primary_venue``)
    and its own hours (``listed_own_hours``, read by ``schedule()``), from tables kept per edit."""
    rooms = tables.published_rooms(request)
    links = fragments.memoized(request, "rooms-by-service", rooms_by_service)
    own_hours = fragments.memoized(request, "own-hours-by-service", own_hours_by_service)
    position = {pk: index for index, pk in enumerate(rooms)}
    for service in services:
        listed = [rooms[pk] for pk in links.get(service.pk, ()) if pk in rooms]
        service.listed_venues = sorted(listed, key=lambda venue: position[venue.pk])
        service.listed_own_hours = own_hours.get(service.pk, [])
