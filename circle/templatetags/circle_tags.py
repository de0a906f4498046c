"""``{% load circle_tags %}{% points_offering service %}``: "也可以在这些站点办理" on a service guide.

A template tag, so that the service page (services, below circle in the layers) needs no import of the
circle: the points offering the service, nearest first to the area chosen with ``?area=`` (else to the
centre), each with its note. One query, two with a chosen area.
"""

from __future__ import annotations

from django import template

from zhujing_center import geo

from ..models import Area, AreaKind, PointService
from ..nearest import nearest_first

register = template.Library()


@register.inclusion_tag("circle/points_offering.html", takes_context=True)
def points_offering(context, service) -> dict:
    request = context["request"]
    offers = list(
        PointService.objects.filter(service=service, point__is_published=True)
        .select_related("point")
        .order_by("point__sort_order", "point__name")
    )
    if not offers:
        return {"entries": []}
    wanted = request.GET.get("area", "")
    areas = list(Area.objects.published().only("name", "slug", "kind", "latitude", "longitude"))
    area = next((candidate for candidate in areas if candidate.slug == wanted), None)
    centre = context.get("centre")
    origin = (
        area.latlng if area else geo.as_latlng(getattr(centre, "latitude", None), getattr(centre, "longitude", None))
    )
    notes = {offer.point_id: offer.note for offer in offers}
    ordered = nearest_first([offer.point for offer in offers], origin, set())
    return {
        "entries": [(nearby, notes[nearby.point.pk]) for nearby in ordered],
        "area": area,
        "residential": [a for a in areas if a.kind == AreaKind.RESIDENTIAL],
        "villages": [a for a in areas if a.kind == AreaKind.VILLAGE],
        "service": service,
        "from_centre": area is None,
    }
