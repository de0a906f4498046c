"""Nearest first: the order a resident of an area sees the service points in. Pure functions, no ORM.

The points that serve the resident's area come first, nearest first; then every other point, nearest
first; points without coordinates last, in the staff's order. Distances and minutes are estimates
(``zhujing_center.geo.walk``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from zhujing_center import geo


@dataclass(frozen=True)
class Nearby:
    point: Any  # a ServicePoint (anything with ``latlng`` and ``pk``)
    walk: geo.Walk | None  # None when the point or the origin has no coordinates
    serves: bool  # the point serves the chosen area

    @property
    def in_circle(self) -> bool:
        return self.walk is not None and self.walk.in_circle


def nearest_first(points: Iterable, origin: geo.LatLng | None, serving: Collection[int] = ()) -> list[Nearby]:
    """``points`` in the order a resident at ``origin`` reads them; ``serving``: the ids of points serving them.

    Ties (and points without a position) keep the order they came in, the staff's order."""
    entries = []
    for index, point in enumerate(points):
        where = point.latlng
        walk = geo.walk(origin, where) if origin is not None and where is not None else None
        entries.append((index, Nearby(point, walk, point.pk in serving)))

    def key(entry: tuple[int, Nearby]):
        index, nearby = entry
        distance = nearby.walk.straight_m if nearby.walk is not None else float("inf")
        return (not nearby.serves, distance, index)

    return [nearby for _index, nearby in sorted(entries, key=key)]
