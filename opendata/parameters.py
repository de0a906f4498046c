"""The HSDS query parameters that are not paging: checked, and the small rules that apply them.

Each parser takes the raw query and raises ``ApiError`` (a 400 naming the parameter, in Chinese)
when a value is malformed; None means the parameter was not sent. The rules are pure functions.
"""

import math
import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from zhujing_center import geo

from .paging import flag, single
from .responses import ApiError

MAX_SEARCH_LENGTH = 100
# The patterns openapi.json declares for ``postcode`` and ``proximity`` (tests/opendata check they agree):
# a value matching one is always answered, any other is a 400.
POSTCODE_PATTERN = r"^[0-9]{6}$"
_METRES = r"[0-9]{1,9}(\.[0-9]{1,6})?"
_LATITUDE = r"[+-]?(90(\.0{1,6})?|[0-8]?[0-9](\.[0-9]{1,6})?)"
_LONGITUDE = r"[+-]?(180(\.0{1,6})?|(1[0-7][0-9]|[0-9]?[0-9])(\.[0-9]{1,6})?)"
PROXIMITY_PATTERN = rf"^({_LATITUDE},{_LONGITUDE},)?{_METRES}$"


def search_text(query: QueryDict) -> str | None:
    """``search``: free text, at most ``MAX_SEARCH_LENGTH`` characters."""
    text = single(query, "search")
    if text is not None and len(text) > MAX_SEARCH_LENGTH:
        raise ApiError(
            400,
            "invalid_parameter",
            _("参数 search 最长 %(max)d 个字。") % {"max": MAX_SEARCH_LENGTH},
            parameter="search",
        )
    return text


def text_matches(query: str, *texts: str) -> bool:
    """Whether every word of ``query`` occurs in one of ``texts`` (case-insensitive): the search of the
    handful of organizations, taxonomies and terms, which have no search index of their own."""
    haystack = "\n".join(str(text) for text in texts).casefold()
    words = query.casefold().split()
    return bool(words) and all(word in haystack for word in words)


def boolean(query: QueryDict, name: str) -> bool:
    """A boolean parameter (``true`` or ``false``, as OpenAPI sends them); absent means false."""
    return bool(flag(query, name))


def postcode(query: QueryDict) -> str | None:
    """``postcode``: a Chinese postal code, six digits (e.g. 201500, the town's)."""
    raw = single(query, "postcode")
    if raw is None:
        return None
    code = raw
    if not re.fullmatch(POSTCODE_PATTERN.strip("^$"), code):
        raise ApiError(
            400,
            "invalid_parameter",
            _("参数 postcode 必须是六位数字的邮政编码，例如 201500。"),
            parameter="postcode",
            value=raw[:50],
        )
    return code


@dataclass(frozen=True)
class Proximity:
    """Within ``metres`` of ``origin`` (WGS-84); ``origin`` None means the centroid of the postcode."""

    metres: float
    origin: geo.LatLng | None = None


def proximity(query: QueryDict) -> Proximity | None:
    """``proximity``: metres from the centroid of ``postcode`` (the town's, 201500, when none is sent), as
    the HSDS reference says (``500``), or metres from a WGS-84 point: ``latitude,longitude,metres``."""
    raw = single(query, "proximity")
    if raw is None:
        return None
    parsed = parse_proximity(raw)
    if parsed is None:
        raise ApiError(
            400,
            "invalid_parameter",
            _(
                "参数 proximity 是距离（米），从 postcode 邮编的中心点算起，例如 proximity=500&postcode=201500；"
                "也可以写成“纬度,经度,米”（WGS-84 坐标），例如 30.8967,121.1608,500。"
            ),
            parameter="proximity",
            value=raw[:50],
        )
    return parsed


def parse_proximity(raw: str) -> Proximity | None:
    """``"500"`` or ``"30.8967,121.1608,500"`` as a ``Proximity``; None when it matches neither form."""
    if not re.fullmatch(PROXIMITY_PATTERN.strip("^$"), raw):
        return None
    numbers = [float(part) for part in raw.split(",")]
    return Proximity(numbers[-1], (numbers[0], numbers[1]) if len(numbers) == 3 else None)


def centroid(points: list[geo.LatLng]) -> geo.LatLng | None:
    """The mean position of ``points`` (a town is small enough for the plain mean), or None without any."""
    if not points:
        return None
    return (math.fsum(p[0] for p in points) / len(points), math.fsum(p[1] for p in points) / len(points))


def within(point: geo.LatLng | None, origin: geo.LatLng | None, metres: float) -> bool:
    """Whether ``point`` lies within ``metres`` of ``origin``; an unknown position is never near."""
    return point is not None and origin is not None and geo.distance_m(point, origin) <= metres


@dataclass(frozen=True)
class Place:
    """Where a location is, for ``postcode`` and ``proximity``: its postal code and WGS-84 position."""

    postcode: str
    point: geo.LatLng | None


def place_matches(
    place: Place, code: str | None, near: Proximity | None, places: list[Place], *, home_postcode: str
) -> bool:
    """Whether ``place`` passes ``postcode`` (it is in that postcode: no location here has a service area)
    and ``proximity``, measured from its point or else from the centroid of the positions of ``places`` in
    the postcode (``home_postcode``, the town's, when none is asked for)."""
    if code is not None and place.postcode != code:
        return False
    if near is None:
        return True
    origin = near.origin
    if origin is None:
        within_code = code or home_postcode
        origin = centroid([p.point for p in places if p.postcode == within_code and p.point is not None])
    return within(place.point, origin, near.metres)
