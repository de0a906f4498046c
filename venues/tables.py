"""The published rooms with their hours as a per-worker table, made once per edit and day.

Service cards and the "open now" filter (through services/placements.py) and the home page's rooms open
now read rooms from it instead of querying them with every page.
"""

from django.http import HttpRequest
from django.utils import timezone

from zhujing_center import fragments

from .models import Venue


def load_published_rooms() -> dict[int, Venue]:
    """Every published room with its weekly hours and coming special days, in the rooms' own order."""
    return {venue.pk: venue for venue in Venue.objects.published().with_schedule()}


def published_rooms(request: HttpRequest | None) -> dict[int, Venue]:
    # By day too: the special days prefetched are those near today.
    return fragments.memoized(request, "published-rooms", load_published_rooms, vary=(timezone.localdate(),))
