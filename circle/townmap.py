"""The town map of the 15-minute circle: the points' WGS-84 positions projected onto an SVG, on the server.

No map SDK, no tiles, no request to another host: the drawing works offline on the kiosk and prints.
Pure functions over plain data. The projection is equirectangular around the places' middle latitude
(over a few kilometres it is as good as any), north up, scaled to fit ``WIDTH`` with ``MARGIN`` around;
the height follows the places' extent. The map is an aid: the list beside it is the page's content,
each point numbered as there. A ring around the chosen area shows the 15-minute walk (its straight-line
radius, ``geo.CIRCLE_MINUTES`` at the estimated pace).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhujing_center import geo

WIDTH = 640
MARGIN = 36
MIN_HEIGHT = 320
MAX_HEIGHT = 900
# A town smaller than this (in metres) is drawn at this extent: one point alone is not a blown-up dot.
MIN_SPAN_M = 1500
METRES_PER_DEGREE = 111_195


@dataclass(frozen=True)
class Place:
    """A thing to draw: a numbered point, the centre, or the chosen area's middle."""

    number: int
    name: str
    url: str
    latlng: geo.LatLng
    highlighted: bool = False


@dataclass(frozen=True)
class Dot:
    number: int
    name: str
    url: str
    x: float
    y: float
    highlighted: bool


@dataclass(frozen=True)
class TownMap:
    width: int
    height: int
    dots: tuple[Dot, ...]
    centre: Dot | None
    home: Dot | None
    # The 15-minute ring around ``home``, in SVG units (0 without a home).
    ring_radius: float
    # Metres per SVG unit, and a scale bar of a round length.
    scale_label: str
    scale_length: float

    @property
    def is_empty(self) -> bool:
        return not self.dots and self.centre is None


def draw(
    points: Sequence[Place], centre: Place | None = None, home: Place | None = None, *, margin: float = MARGIN
) -> TownMap:
    """Project ``points`` (and the centre, and the chosen area's middle) onto one SVG, ``margin`` units in
    from its edges (the kiosk draws its marks larger and leaves more)."""
    everything = [*points, *(place for place in (centre, home) if place is not None)]
    if not everything:
        return TownMap(WIDTH, MIN_HEIGHT, (), None, None, 0, "", 0)
    lats = [place.latlng[0] for place in everything]
    lngs = [place.latlng[1] for place in everything]
    middle_lat = (min(lats) + max(lats)) / 2
    shrink = math.cos(math.radians(middle_lat))
    # Extent in metres, widened to the minimum span around the middle.
    east_m = (max(lngs) - min(lngs)) * METRES_PER_DEGREE * shrink
    north_m = (max(lats) - min(lats)) * METRES_PER_DEGREE
    span_x, span_y = max(east_m, MIN_SPAN_M), max(north_m, MIN_SPAN_M / 2)
    west = (min(lngs) + max(lngs)) / 2 - span_x / 2 / (METRES_PER_DEGREE * shrink)
    north = (min(lats) + max(lats)) / 2 + span_y / 2 / METRES_PER_DEGREE
    units_per_m = (WIDTH - 2 * margin) / span_x
    height = round(min(MAX_HEIGHT, max(MIN_HEIGHT, span_y * units_per_m + 2 * margin)))
    if span_y * units_per_m + 2 * margin > MAX_HEIGHT:  # a tall town: fit the height instead
        units_per_m = (MAX_HEIGHT - 2 * margin) / span_y
    drawn_w, drawn_h = span_x * units_per_m, span_y * units_per_m
    left, top = (WIDTH - drawn_w) / 2, (height - drawn_h) / 2

    def project(place: Place) -> Dot:
        lat, lng = place.latlng
        x = left + (lng - west) * METRES_PER_DEGREE * shrink * units_per_m
        y = top + (north - lat) * METRES_PER_DEGREE * units_per_m
        return Dot(place.number, place.name, place.url, round(x, 1), round(y, 1), place.highlighted)

    ring_m = geo.CIRCLE_MINUTES * geo.WALKING_METRES_PER_MINUTE / geo.DETOUR
    length_m = _round_length(span_x / 4)
    return TownMap(
        WIDTH,
        height,
        tuple(project(place) for place in points),
        project(centre) if centre else None,
        project(home) if home else None,
        round(ring_m * units_per_m, 1) if home else 0,
        _length_label(length_m),
        round(length_m * units_per_m, 1),
    )


def _round_length(metres: float) -> int:
    """The largest of 100, 200, 500, 1000, 2000 … metres not above ``metres``."""
    best = 100
    for exponent in range(2, 6):
        for step in (1, 2, 5):
            candidate = step * 10**exponent
            if candidate <= metres:
                best = candidate
    return best


def _length_label(metres: int) -> str:
    if metres >= 1000 and metres % 1000 == 0:
        return _("%(n)s 公里") % {"n": metres // 1000}
    return _("%(n)s 米") % {"n": metres}
