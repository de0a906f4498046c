"""The order of the catalogue's results, worked out in Python from a table kept per edit.

The database answers *which* services match (one narrow query: their ids and, for a search, whether
the words were in the name); the order comes from each service's place in the catalogue (category,
then the staff's order, then name), read from a table made once per edit in each worker. Sorting in
SQL meant joining the categories and sorting whole rows: 13 ms for page 40 of 5,000 services, against
no query at all here. A search's ordered ids are cached (fragments.cached_value), so every page of it
is a slice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db.models import QuerySet
from django.http import HttpRequest

from zhujing_center import fragments

from .models import Service
from .placements import Placements, service_rooms

# Where a service found after the table was made (an edit in between) goes: after the others.
UNPLACED = float("inf")


def catalogue_order() -> dict[int, int]:
    """Each published service's place in the catalogue's order."""
    ids = Service.objects.published().order_by(*Service._meta.ordering, "pk").values_list("pk", flat=True)
    return {pk: place for place, pk in enumerate(ids)}


def places(request: HttpRequest | None) -> dict[int, int]:
    return fragments.memoized(request, "catalogue-order", catalogue_order)


def order_results(rows: Iterable[tuple[int, int]], place: Mapping[int, int]) -> list[int]:
    """Ids of (id, rank) rows: by rank (0 = the words are in the name), then by place; each id once."""
    best: dict[int, int] = {}
    for pk, rank in rows:
        if rank < best.get(pk, rank + 1):
            best[pk] = rank
    return sorted(best, key=lambda pk: (best[pk], place.get(pk, UNPLACED)))


def ranked_ids(request: HttpRequest | None, queryset: QuerySet | None, open_at: dt.datetime | None = None) -> list[int]:
    """The ids of the published services ``queryset`` finds, in the catalogue's order for it, and only
    those open at ``open_at`` if given (by the hours their cards' badges show: placements.py).

    ``queryset`` is a filtered ``Service.objects.published()`` (a search annotates ``search_rank``);
    None means no filter at all, which the table answers without a query.
    """
    place = places(request)
    if queryset is None:
        ids = list(place)
    else:
        queryset = queryset.order_by()
        if "search_rank" in queryset.query.annotations:
            rows = queryset.values_list("pk", "search_rank")
        else:
            rows = ((pk, 0) for pk in queryset.values_list("pk", flat=True))
        ids = order_results(rows, place)
    return Placements(request).open_now(ids, open_at) if open_at else ids


def in_room(request: HttpRequest | None, venue_id: int) -> list[int]:
    """The ids of the published services offered in a room, in the catalogue's order (no query once the
    tables are made)."""
    links = service_rooms(request)
    return [pk for pk in places(request) if venue_id in links.get(pk, ())]
