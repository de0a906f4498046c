"""The 15-minute circle's pages: choose your area → the points nearest first; a point's page; the town map."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from venues import status
from zhujing_center import geo
from zhujing_center.drafts import visible_entry
from zhujing_center.models import Centre

from . import nearest, townmap
from .models import Area, AreaKind, PointService, ServicePoint

# What a point's entry in the list names of its services; its page has them all.
OFFERS_SHOWN = 4
# Activities held at a point named on its page: each once, with its rhythm, within two weeks.
ACTIVITY_DAYS = 14
ACTIVITIES_SHOWN = 8
# The nearest others shown after the points serving the area; ``?all=1`` lists every point.
OTHERS_SHOWN = 5


@dataclass(frozen=True)
class Entry:
    """One point in the list: its number on the map, the walk, and what the page says of it now."""

    number: int
    nearby: nearest.Nearby
    now: status.RoomNow
    offers: list[PointService]
    more_offers: int

    @property
    def point(self) -> ServicePoint:
        return self.nearby.point


def parse_near(text: str) -> geo.LatLng | None:
    """``?near=30.8966,121.1605`` (WGS-84, from the phone's location) as a position, or None when it is not one."""
    try:
        return geo.parse_map_position(text) if text else None
    except ValueError:
        return None


def listed_points() -> list[ServicePoint]:
    offers = PointService.objects.select_related("service").only("point_id", "note", "service__name", "service__slug")
    return list(
        ServicePoint.objects.published()
        .for_lists()
        .prefetch_related(Prefetch("offers", queryset=offers.filter(service__is_published=True)))
    )


def entries_for(points: list[ServicePoint], origin, serving: set[int], now) -> list[Entry]:
    ordered = nearest.nearest_first(points, origin, serving)
    entries = []
    for number, nearby in enumerate(ordered, 1):
        offers = list(nearby.point.offers.all())
        entries.append(
            Entry(number, nearby, status.room_now(nearby.point.schedule(), now), offers[:OFFERS_SHOWN], len(offers))
        )
    return entries


def public_url(point: ServicePoint) -> str:
    return point.get_absolute_url()


def map_of(
    entries: list[Entry],
    centre: Centre,
    home: geo.LatLng | None,
    home_name: str,
    url_of: Callable[[ServicePoint], str] = public_url,
    centre_url: str = "/about/",
    margin: float = townmap.MARGIN,
) -> townmap.TownMap:
    """The town map of ``entries``; its dots link to ``url_of(point)`` (the kiosk links to its own pages)."""
    places = [
        townmap.Place(entry.number, entry.point.name, url_of(entry.point), entry.point.latlng, entry.nearby.serves)
        for entry in entries
        if entry.point.latlng is not None
    ]
    centre_at = geo.as_latlng(centre.latitude, centre.longitude)
    return townmap.draw(
        places,
        townmap.Place(0, centre.short_name or centre.name, centre_url, centre_at) if centre_at else None,
        townmap.Place(0, home_name, "", home) if home else None,
        margin=margin,
    )


def circle_context(request: HttpRequest) -> dict:
    """The circle page's context from its query string: ``?area=``, ``?near=`` and ``?all=1``."""
    return area_context(
        request.GET.get("area", ""), request.GET.get("near", ""), show_all=request.GET.get("all") == "1"
    )


def area_context(
    wanted: str,
    near_text: str = "",
    *,
    show_all: bool = False,
    url_of: Callable[[ServicePoint], str] = public_url,
    centre_url: str = "/about/",
) -> dict:
    """The points nearest first to the area ``wanted`` (a slug) or to ``near_text`` (a position), with the
    town map; the circle page and the kiosk's 离家最近的服务站 show it. Seven queries whatever the number
    of points."""
    centre = Centre.load()
    areas = list(Area.objects.published())
    points = listed_points()
    area = next((candidate for candidate in areas if candidate.slug == wanted), None)
    near = parse_near(near_text[:60])
    origin, home_name = None, ""
    if area is not None:
        origin, home_name = area.latlng, area.name
    elif near is not None:
        origin, home_name = near, _("您的位置")
    serving = {point.pk for point in points if area is not None and any(a.pk == area.pk for a in point.areas.all())}
    now = timezone.now()
    entries = entries_for(points, origin, serving, now) if (area or near) else []
    serving_entries = [entry for entry in entries if entry.nearby.serves]
    others = [entry for entry in entries if not entry.nearby.serves]
    listed_others = others if show_all else others[:OTHERS_SHOWN]
    centre_at = geo.as_latlng(centre.latitude, centre.longitude)
    # With an area or a position the map draws the points listed (numbered as there), around them; the
    # town's every point without.
    drawn = serving_entries + listed_others if entries else entries_for(points, None, set(), now)
    return {
        "centre": centre,
        "residential": [a for a in areas if a.kind == AreaKind.RESIDENTIAL],
        "villages": [a for a in areas if a.kind == AreaKind.VILLAGE],
        "area": area,
        "near": near,
        "unknown_area": bool(wanted) and area is None,
        "bad_near": bool(near_text) and near is None,
        "entries": entries,
        "serving_entries": serving_entries,
        "other_entries": listed_others,
        "hidden_others": 0 if show_all else max(0, len(others) - OTHERS_SHOWN),
        "centre_walk": geo.walk(origin, centre_at) if origin and centre_at else None,
        "town_map": map_of(drawn, centre, origin, home_name, url_of, centre_url),
        "has_sample": any(record.is_sample for record in (*areas, *points)),
        "estimate_note": geo.estimate_note(),
        "point_count": len(points),
    }


def circle(request: HttpRequest) -> HttpResponse:
    """15分钟服务圈: pick a residential area or village (or share your location) → the points nearest first."""
    context = circle_context(request)
    response = render(request, "circle/index.html", context)
    if context["near"] is not None or request.GET.get("near"):
        # A resident's position: never kept, not even in the page cache.
        response["Cache-Control"] = "no-store"
    return response


def town_map(request: HttpRequest) -> HttpResponse:
    """The town map alone, as an SVG file (``?area=`` marks an area as on the page)."""
    context = circle_context(request)
    response = render(request, "circle/town_map.svg", context, content_type="image/svg+xml; charset=utf-8")
    if request.GET.get("near"):
        response["Cache-Control"] = "no-store"
    return response


def points_in_full():
    """Points with what a point's page reads: area, hours, special days, photos, 有人值守时间, areas, the
    published services offered and whether it holds activities (eight queries for one point; a ninth
    lists its activities when it holds any)."""
    offers = PointService.objects.select_related("service").filter(service__is_published=True)
    held_here = ServicePoint.activities.rel.related_model.objects.filter(point=OuterRef("pk"), is_published=True)
    return (
        ServicePoint.objects.select_related("area")
        .annotate(has_activities=Exists(held_here))
        .with_schedule()
        .prefetch_related("photos", "attended_hours", "areas", Prefetch("offers", queryset=offers))
    )


def point_context(point: ServicePoint, now) -> dict:
    """What a point's page shows of it, on the site and on the kiosk."""
    attended = point.attended_schedule() if point.is_attended_part_time else None
    return {
        "point": point,
        "room_now": status.room_now(point.schedule(), now, attended),
        "offers": list(point.offers.all()),
        "served_areas": list(point.areas.all()),
        "has_sample": point.is_sample,
        # Through the reverse relation, as a room's page does (the activities app sits above this one); read
        # only for a point that holds any (``has_activities``, from ``points_in_full``).
        "entries": point.activities.published().listed(now, days=ACTIVITY_DAYS)[:ACTIVITIES_SHOWN]
        if getattr(point, "has_activities", True)
        else [],
    }


def point_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A service point's page, like a room's: open now, hours, phone, where, how to get there, what it offers."""
    point = visible_entry(request, points_in_full(), slug)
    return render(request, "circle/point_detail.html", point_context(point, timezone.now()))
