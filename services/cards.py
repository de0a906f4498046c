"""Service cards of list pages, each cached (per service, minute and search words) until an edit.

A list page queries which services it shows, in which order (``for_cards``); the cards come from
the cache in one round trip. Those missing get their rooms from the cached list of rooms with their
hours and their own hours in two queries, and are rendered. Constant queries, whatever the page size.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString

from venues.models import Venue
from zhujing_center import fragments

from .models import Service

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


def published_rooms() -> dict[int, Venue]:
    """Every published room with its weekly hours and coming special days, in the rooms' own order."""
    return {venue.pk: venue for venue in Venue.objects.published().with_schedule()}


def attach_rooms(request: HttpRequest | None, services: list[Service]) -> None:
    """Give each service its published rooms (``listed_venues``, read by ``primary_venue`` and
    ``schedule()``) and its own hours: two queries for any number of services."""
    rooms = fragments.cached_value(request, "published-rooms", published_rooms, vary=(timezone.localdate(),))
    position = {pk: index for index, pk in enumerate(rooms)}
    links = defaultdict(list)
    through = Service.venues.through.objects.filter(service__in=services, venue_id__in=list(rooms))
    for service_id, venue_id in through.values_list("service_id", "venue_id"):
        links[service_id].append(rooms[venue_id])
    for service in services:
        service.listed_venues = sorted(links[service.pk], key=lambda venue: position[venue.pk])
    prefetch_related_objects(services, "own_hours")
