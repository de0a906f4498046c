"""Coordinates and distances in the town: pure functions, no ORM.

The site stores every coordinate in **WGS-84** (what GPS, a phone's location and HSDS use). Chinese
map apps draw on **GCJ-02** (高德, 腾讯) or **BD-09** (百度); ``to_gcj02`` converts for their links
(``zhujing_center.maps``), ``from_gcj02`` converts what staff copy from 高德地图 back.

Walking is estimated, not routed: the straight-line distance times ``DETOUR`` (streets are not
straight), walked at ``WALKING_METRES_PER_MINUTE`` (an unhurried older resident's pace). The public
pages say so in the same words (``estimate_note``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)
DETOUR = 1.3
WALKING_METRES_PER_MINUTE = 60
# "15分钟党群服务圈": a point within this many minutes' walk is in the resident's circle.
CIRCLE_MINUTES = 15

LatLng = tuple[float, float]


def as_latlng(latitude, longitude) -> LatLng | None:
    """``(latitude, longitude)`` as floats, or None when either is missing."""
    if latitude is None or longitude is None:
        return None
    return (float(latitude), float(longitude))


def distance_m(a: LatLng, b: LatLng) -> float:
    """The great-circle distance between two WGS-84 points, in metres (haversine)."""
    lat1, lng1, lat2, lng2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Walk:
    """An estimated walk: the straight-line distance, the walking distance and the minutes."""

    straight_m: float
    metres: int
    minutes: int

    @property
    def in_circle(self) -> bool:
        return self.minutes <= CIRCLE_MINUTES

    @property
    def distance_text(self) -> str:
        """约 450 米 / 约 1.3 公里 (rounded as a resident would say it)."""
        if self.metres < 1000:
            return _("约 %(m)s 米") % {"m": max(10, round(self.metres, -1))}
        return _("约 %(km)s 公里") % {"km": f"{self.metres / 1000:.1f}"}

    @property
    def minutes_text(self) -> str:
        return _("步行约 %(n)s 分钟") % {"n": self.minutes}


def walk(a: LatLng, b: LatLng) -> Walk:
    """The estimated walk from ``a`` to ``b``: straight line × ``DETOUR`` at the walking pace, minutes rounded up."""
    straight = distance_m(a, b)
    metres = straight * DETOUR
    return Walk(straight, round(metres), max(1, math.ceil(metres / WALKING_METRES_PER_MINUTE - 1e-9)))


def estimate_note() -> str:
    return _(
        "步行距离和时间是估算的：按两地直线距离的 %(detour)s 倍算路程，按每分钟 %(pace)s 米（老年人不紧不慢的步速）"
        "算时间，实际路线可能更远或更近。"
    ) % {"detour": f"{DETOUR:g}", "pace": WALKING_METRES_PER_MINUTE}


# WGS-84 ↔ GCJ-02 (the published approximation every Chinese map SDK uses; accurate to about a metre).
_A = 6378245.0
_EE = 0.00669342162296594323


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _in_china(lat: float, lng: float) -> bool:
    return 0.8293 <= lat <= 55.8271 and 72.004 <= lng <= 137.8347


def to_gcj02(point: LatLng) -> LatLng:
    """WGS-84 → GCJ-02 (unchanged outside China, where the maps use WGS-84 themselves)."""
    lat, lng = point
    if not _in_china(lat, lng):
        return (lat, lng)
    d_lat = _transform_lat(lng - 105.0, lat - 35.0)
    d_lng = _transform_lng(lng - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return (lat + d_lat, lng + d_lng)


def from_gcj02(point: LatLng) -> LatLng:
    """GCJ-02 → WGS-84, by iterating the forward conversion (converges to well under a metre)."""
    lat, lng = point
    guess = (lat, lng)
    for _step in range(10):
        shifted = to_gcj02(guess)
        guess = (guess[0] - (shifted[0] - lat), guess[1] - (shifted[1] - lng))
    return guess


def rounded(point: LatLng, places: int = 6) -> tuple[Decimal, Decimal]:
    """A coordinate pair as the models store it: Decimals with ``places`` decimals (0.1 m at 6)."""
    quantum = Decimal(1).scaleb(-places)
    return tuple(Decimal(repr(value)).quantize(quantum) for value in point)  # type: ignore[return-value]


def parse_map_position(text: str) -> LatLng:
    """What staff copy from a map app, "121.165300,30.894500" (高德: longitude first) or "30.8945, 121.1653",
    as (latitude, longitude) in the app's own datum. Raises ValueError with a message for staff."""
    parts = [part for part in text.replace("，", ",").replace(" ", ",").split(",") if part.strip()]
    try:
        first, second = (float(part) for part in parts)
    except ValueError:
        raise ValueError(_("请粘贴两个数字，中间用逗号隔开，例如 121.165300,30.894500。")) from None
    lat, lng = (second, first) if first > 90 else (first, second)
    if not (_in_china(lat, lng) and math.isfinite(lat) and math.isfinite(lng)):
        raise ValueError(_("这个位置不在国内，请核对后重新复制。"))
    return (lat, lng)
