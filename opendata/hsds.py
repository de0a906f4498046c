"""The catalogue as Open Referral HSDS 3.0 objects.

Plain functions from model instances — already loaded, with their related rows prefetched by
``opendata/queries.py`` — to dicts ready for JSON; no queries of their own. Empty values are left
out rather than sent as ``""`` or ``null`` (the HSDS schemas type every field, and ``null`` is not
a string). The mapping, field by field, is in docs/open-data.md.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from circle.models import Area, AreaKind, PointService, ServicePoint
from services.models import Audience, Category, Service
from venues.models import Venue
from zhujing_center.models import Centre

from . import identifiers, organizations, schedules

HSDS_VERSION = "3.0"
LANGUAGE = "zh"  # ISO 639-1, the language of every text field


@dataclass(frozen=True)
class Context:
    """What a mapping needs besides the rows: where the site is served, and today's date."""

    base_url: str  # scheme and host, no trailing slash: "https://fuwu.example.cn"
    today: dt.date
    centre: Centre  # the staff-edited record: the help line and the street address

    def url(self, path: str) -> str:
        return self.base_url + path


# Organizations


def organization(body: organizations.Body, ctx: Context, *, full: bool = False) -> dict:
    """One organization; ``full`` adds its phone (the list endpoint gives one-to-one fields only)."""
    body = organizations.from_record(body, ctx.centre)
    data = {
        "id": body.id,
        "name": str(body.name),
        "alternate_name": str(body.alternate_name),
        "description": str(body.description),
    }
    if body.is_centre:
        data["website"] = ctx.url(reverse("home"))
    else:
        data["parent_organization_id"] = organizations.centre().id
    if full and body.is_centre:
        data["phones"] = [
            {
                "id": identifiers.derived(body.id, "phone"),
                "organization_id": body.id,
                "number": ctx.centre.phone,
                "type": "voice",
                "description": _("咨询电话"),
            }
        ]
    return data


def organization_service(service: Service) -> dict:
    """A service as listed under its organization: the id, name and status the schema asks for."""
    return {
        "id": str(service.uuid),
        "organization_id": organizations.body_for_category(service.category).id,
        "name": service.name,
        "status": _status(service),
    }


# Taxonomies: one for the categories, one for the audiences


def taxonomies(ctx: Context) -> list[dict]:
    uri = ctx.url(reverse("opendata:index")) + "#taxonomies"
    return [
        {
            "id": _taxonomy_id("category"),
            "name": _("泾彩服务·服务类别"),
            "description": _("朱泾镇社区党群服务中心服务目录的服务类别。"),
            "uri": uri,
            "version": "1",
        },
        {
            "id": _taxonomy_id("audience"),
            "name": _("泾彩服务·服务对象"),
            "description": _("服务事项面向的人群，例如老年人、儿童与家庭、新就业群体。"),
            "uri": uri,
            "version": "1",
        },
    ]


def category_term(category: Category, ctx: Context) -> dict:
    return {
        "id": term_id(category),
        "code": category.slug,
        "name": category.name,
        "description": category.summary or _("服务类别：%(name)s") % {"name": category.name},
        "taxonomy": _("泾彩服务·服务类别"),
        "taxonomy_id": _taxonomy_id("category"),
        "language": LANGUAGE,
        "term_uri": ctx.url(category.get_absolute_url()),
    }


def audience_term(audience: Audience, ctx: Context) -> dict:
    return {
        "id": term_id(audience),
        "code": audience.slug,
        "name": audience.name,
        "description": _("服务对象：%(name)s") % {"name": audience.name},
        "taxonomy": _("泾彩服务·服务对象"),
        "taxonomy_id": _taxonomy_id("audience"),
        "language": LANGUAGE,
        "term_uri": ctx.url(reverse("services:list") + "?" + urlencode({"audience": audience.slug})),
    }


def used_terms(services: Iterable[Service], ctx: Context) -> list[dict]:
    """The terms the given services use (an embedded taxonomy carries no unused terms), categories first."""
    categories: dict[int, Category] = {}
    audiences: dict[int, Audience] = {}
    for service in services:
        categories.setdefault(service.category.pk, service.category)
        for audience in service.audiences.all():
            audiences.setdefault(audience.pk, audience)
    return [category_term(row, ctx) for row in sorted(categories.values(), key=_by_order)] + [
        audience_term(row, ctx) for row in sorted(audiences.values(), key=_by_order)
    ]


def term_id(row: Category | Audience) -> str:
    return identifiers.derived(row.uuid, "taxonomy_term")


def taxonomy_id(kind: str) -> str:
    """The id of the taxonomy of ``kind``: "category" or "audience"."""
    return _taxonomy_id(kind)


def taxonomy_term_detail(term: dict, ctx: Context) -> dict:
    """A term with its taxonomy embedded (``taxonomy_detail``), as ``/taxonomy_terms/{id}`` answers it."""
    by_id = {row["id"]: row for row in taxonomies(ctx)}
    return {**term, "taxonomy_detail": by_id[term["taxonomy_id"]]}


def _by_order(row: Category | Audience) -> tuple[int, str]:
    return (row.sort_order, row.name)


def _taxonomy_id(kind: str) -> str:
    return identifiers.constant(f"taxonomy:{kind}")


# Locations: the published rooms and stations


def location(venue: Venue, ctx: Context, *, full: bool = False) -> dict:
    """One room; ``full`` adds its address, phone, schedules and accessibility."""
    location_id = str(venue.uuid)
    data = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": organizations.centre().id,
        "name": venue.name,
        "description": _location_description(venue),
    }
    if not full:
        return _compact(data)
    data["addresses"] = [address(venue, ctx)]
    if venue.phone:
        data["phones"] = [
            {
                "id": identifiers.derived(location_id, "phone"),
                "location_id": location_id,
                "number": venue.phone,
                "type": "voice",
            }
        ]
    data["schedules"] = venue_schedules(venue, ctx)
    if venue.accessibility:
        data["accessibility"] = [
            {
                "id": identifiers.derived(location_id, "accessibility"),
                "location_id": location_id,
                "description": venue.accessibility,
            }
        ]
    return _compact(data)


def address(venue: Venue, ctx: Context) -> dict:
    """The centre's street address; the floor and the place in the building go in ``address_2``."""
    centre = organizations.address(ctx.centre)
    return _compact(
        {
            "id": identifiers.derived(venue.uuid, "address"),
            "location_id": str(venue.uuid),
            "address_1": str(centre.address_1),
            "address_2": where(venue),
            "city": str(centre.city),
            "region": str(centre.region),
            "state_province": str(centre.state_province),
            "postal_code": centre.postal_code,
            "country": centre.country,
            "address_type": "physical",
        }
    )


def where(venue: Venue) -> str:
    """'1楼 一楼大厅东侧': the floor and the place in the building."""
    return " ".join(part for part in (venue.floor_label, venue.location) if part)


def venue_schedules(venue: Venue, ctx: Context) -> list[dict]:
    location_id = str(venue.uuid)
    return schedules.schedule_objects(
        location_id,
        {"location_id": location_id},
        [row.as_range() for row in venue.opening_hours.all()],
        today=ctx.today,
        always_open=venue.open_24_hours,
        exceptions=[day.as_rule() for day in _upcoming_days(venue)],
    )


def _upcoming_days(venue: Venue):
    days = getattr(venue, "upcoming_days", None)
    return venue.special_days.all() if days is None else days


def _location_description(venue: Venue) -> str:
    parts = [venue.summary, venue.description]
    if where(venue):
        parts.append(_("位置：%(where)s") % {"where": where(venue)})
    if venue.facility_list:
        parts.append(_("设施设备：%(list)s") % {"list": "、".join(venue.facility_list)})
    return "\n\n".join(part for part in parts if part)


# Locations: the published service points of the 15-minute circle, and the areas


def point_location(point: ServicePoint, ctx: Context, *, full: bool = False) -> dict:
    """One service point; ``full`` adds its address, phone, schedules and accessibility."""
    location_id = str(point.uuid)
    data = {
        "id": location_id,
        "location_type": "physical",
        "url": ctx.url(point.get_absolute_url()),
        "organization_id": organizations.body_for_point(point).id,
        "name": point.name,
        "description": _point_description(point),
        "transportation": point.route,
        **_position(point),
    }
    if not full:
        return _compact(data)
    data["addresses"] = [point_address(point)]
    data["phones"] = [point_phone(point, ctx)]
    data["schedules"] = point_schedules(point, ctx)
    if point.accessibility:
        data["accessibility"] = [
            {
                "id": identifiers.derived(location_id, "accessibility"),
                "location_id": location_id,
                "description": point.accessibility,
            }
        ]
    return _compact(data)


def point_address(point: ServicePoint) -> dict:
    """The point's street address in HSDS's parts (the town's city, district and postal code)."""
    parts = organizations.street_address(point.address)
    return _compact(
        {
            "id": identifiers.derived(point.uuid, "address"),
            "location_id": str(point.uuid),
            "address_1": str(parts.address_1),
            "city": str(parts.city),
            "region": str(parts.region),
            "state_province": str(parts.state_province),
            "postal_code": parts.postal_code,
            "country": parts.country,
            "address_type": "physical",
        }
    )


def point_phone(point: ServicePoint, ctx: Context) -> dict:
    """The point's own phone, when it is answered (有人值守时间, else its opening hours); or the centre's line."""
    location_id = str(point.uuid)
    data = {"id": identifiers.derived(location_id, "phone"), "location_id": location_id, "type": "voice"}
    if not point.phone:
        return {**data, "number": ctx.centre.phone, "description": _("中心咨询电话")}
    return {**data, "number": point.phone, "description": phone_hours_note(point)}


def phone_hours_note(point: ServicePoint) -> str:
    """'接听时间：周一至周五 09:00–11:30': the 有人值守时间 when entered, else the opening hours."""
    attended = [row.as_range() for row in point.attended_hours.all()]
    if attended:
        week = schedules.week_summary(attended)
    else:
        week = schedules.week_summary((row.as_range() for row in point.opening_hours.all()), point.open_24_hours)
    return _("接听时间：%(week)s") % {"week": week} if week else _("咨询电话")


def point_schedules(point: ServicePoint, ctx: Context) -> list[dict]:
    location_id = str(point.uuid)
    return schedules.schedule_objects(
        location_id,
        {"location_id": location_id},
        [row.as_range() for row in point.opening_hours.all()],
        today=ctx.today,
        always_open=point.open_24_hours,
        exceptions=[day.as_rule() for day in _upcoming_days(point)],
    )


def _point_description(point: ServicePoint) -> str:
    parts = [point.summary, point.description, _("类型：%(kind)s") % {"kind": point.get_kind_display()}]
    if point.area is not None and point.area.is_published:
        parts.append(_("所在：%(area)s") % {"area": point.area.name})
    served = [area.name for area in point.areas.all()]
    if served:
        parts.append(_("服务范围：%(areas)s") % {"areas": "、".join(served)})
    return "\n\n".join(part for part in parts if part)


def area_location(area: Area, ctx: Context, *, full: bool = False) -> dict:
    """One residential area or village, as a physical location at its middle, run by its committee.
    It has no street address or hours of its own (``full`` changes nothing)."""
    parts = [_("%(kind)s，由%(committee)s管理。") % {"kind": area.get_kind_display(), "committee": area.committee_name}]
    if area.neighbourhood_list:
        label = _("包括的村民小组和小区") if area.kind == AreaKind.VILLAGE else _("包括的小区")
        parts.append(_("%(label)s：%(list)s") % {"label": label, "list": "、".join(area.neighbourhood_list)})
    parts.append(_("坐标为这个居民区或村的大致中心。"))
    return _compact(
        {
            "id": str(area.uuid),
            "location_type": "physical",
            "url": ctx.url(area.get_absolute_url()),
            "organization_id": organizations.committee(area).id,
            "name": area.name,
            "description": "\n\n".join(parts),
            **_position(area),
        }
    )


def any_location(row: Venue | ServicePoint | Area, ctx: Context, *, full: bool = False) -> dict:
    """A room, a service point or an area as a location."""
    if isinstance(row, ServicePoint):
        return point_location(row, ctx, full=full)
    if isinstance(row, Area):
        return area_location(row, ctx, full=full)
    return location(row, ctx, full=full)


def _position(row) -> dict:
    """``latitude``/``longitude`` as numbers (WGS-84), when both are known."""
    if row.latitude is None or row.longitude is None:
        return {}
    return {"latitude": float(row.latitude), "longitude": float(row.longitude)}


# Services


def service_basic(service: Service, ctx: Context) -> dict:
    """A service's one-to-one fields, as in a list of services."""
    rooms = list(service.venues.all())
    changed = max([service.updated_at, *(room.updated_at for room in rooms)])
    return _compact(
        {
            "id": str(service.uuid),
            "organization_id": organizations.body_for_category(service.category).id,
            "name": service.name,
            "description": "\n\n".join(part for part in (service.summary, service.description) if part),
            "url": ctx.url(service.get_absolute_url()),
            "status": _status(service),
            "application_process": application_process(service),
            "fees_description": fees_description(service),
            "eligibility_description": service.conditions,
            "assured_date": service.last_checked.isoformat() if service.last_checked else None,
            "alert": (service.status_notice or _("暂停服务")) if service.is_suspended else None,
            "last_modified": timestamp(changed),
        }
    )


def service_minimal(service: Service, ctx: Context) -> dict:
    """A service as ``/services?minimal=true`` lists it: its id and when it last changed (what the
    HSDS reference asks for, to see what to fetch again), with the name and status the schema requires."""
    basic = service_basic(service, ctx)
    return {key: basic[key] for key in ("id", "name", "status", "last_modified")}


def service_full(service_row: Service, ctx: Context, *, nested: bool = True) -> dict:
    """A fully nested service. ``nested`` embeds each room and the organization (the API's detail);
    without it rooms and organizations are referred to by id (the package lists them once each)."""
    service_id = str(service_row.uuid)
    data = service_basic(service_row, ctx)
    data["phones"] = [service_phone(service_row, ctx)]
    data["schedules"] = service_schedules(service_row, ctx)
    data["service_at_locations"] = [
        service_at_location(service_row, room, ctx, location_detail=nested) for room in service_row.venues.all()
    ] + [offer_at_location(offer, ctx, location_detail=nested) for offer in _offers(service_row)]
    data["required_documents"] = [
        {"id": identifiers.derived(service_id, f"required_document:{text}"), "service_id": service_id, "document": text}
        for text in dict.fromkeys(service_row.material_list)
    ]
    data["attributes"] = [_attribute(service_id, category_term(service_row.category, ctx), "category")] + [
        _attribute(service_id, audience_term(audience, ctx), "audience") for audience in service_row.audiences.all()
    ]
    if nested:
        data["organization"] = organization(organizations.body_for_category(service_row.category), ctx)
    return data


def service_phone(service: Service, ctx: Context) -> dict:
    """The service's own phone, or else the centre's help line."""
    return {
        "id": identifiers.derived(service.uuid, "phone"),
        "service_id": str(service.uuid),
        "number": service.phone or ctx.centre.phone,
        "type": "voice",
        "description": _("咨询电话") if service.phone else _("中心咨询电话"),
    }


def service_schedules(service: Service, ctx: Context) -> list[dict]:
    """The service's own hours, if it has any; otherwise its rooms' schedules apply."""
    own = [row.as_range() for row in service.own_hours.all()]
    if not own:
        return []
    service_id = str(service.uuid)
    return schedules.schedule_objects(
        service_id,
        {"service_id": service_id},
        own,
        today=ctx.today,
        note=_("仅在所在场所开放时提供，场所闭馆时暂停"),
    )


def application_process(service: Service) -> str:
    """How to get it: the ways, the numbered steps, the online link, the time limit and visits."""
    lines = []
    if service.access_labels:
        lines.append(_("办理方式：%(ways)s") % {"ways": "、".join(service.access_labels)})
    lines.extend(f"{number}. {step}" for number, step in enumerate(service.step_list, start=1))
    if service.online_url:
        lines.append(_("网上办理：%(url)s") % {"url": service.online_url})
    if service.time_limit:
        lines.append(_("承诺时限：%(limit)s") % {"limit": service.time_limit})
    if service.visits == 0:
        lines.append(_("无需到现场"))
    elif service.visits:
        lines.append(_("到现场次数：最多%(count)d次") % {"count": service.visits})
    return "\n".join(lines)


def fees_description(service: Service) -> str:
    if service.is_free:
        return _("免费")
    return service.fee or _("收费，详情请咨询")


def _status(service: Service) -> str:
    return "inactive" if service.is_suspended else "active"


def _attribute(service_id: str, term: dict, link_type: str) -> dict:
    return {
        "id": identifiers.derived(service_id, f"attribute:{term['id']}"),
        "link_id": service_id,
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


# Service at location: which service is offered in which room


def service_at_location_id(service_uuid, venue_uuid) -> str:
    return identifiers.derived(service_uuid, f"service_at_location:{venue_uuid}")


def service_at_location(
    service_row: Service,
    venue: Venue,
    ctx: Context,
    *,
    location_detail: bool = False,
    with_service: bool = False,
    with_location: bool = False,
) -> dict:
    """The link itself; ``with_service``/``with_location`` embed their one-to-one fields,
    ``location_detail`` embeds the full room (address, phone, schedules)."""
    data = {
        "id": service_at_location_id(service_row.uuid, venue.uuid),
        "service_id": str(service_row.uuid),
        "location_id": str(venue.uuid),
    }
    if with_service:
        data["service"] = service_basic(service_row, ctx)
    if location_detail or with_location:
        data["location"] = location(venue, ctx, full=location_detail)
    return data


def offer_at_location(
    offer: PointService,
    ctx: Context,
    *,
    location_detail: bool = False,
    with_service: bool = False,
    with_location: bool = False,
) -> dict:
    """A service offered at a service point, with what differs there as its description; embedding as
    for a room (``offer.service`` is the service, ``offer.point`` the point)."""
    point = offer.point
    data = _compact(
        {
            "id": service_at_location_id(offer.service.uuid, point.uuid),
            "service_id": str(offer.service.uuid),
            "location_id": str(point.uuid),
            "description": offer.note,
        }
    )
    if with_service:
        data["service"] = service_basic(offer.service, ctx)
    if location_detail or with_location:
        data["location"] = point_location(point, ctx, full=location_detail)
    return data


def _offers(service_row: Service) -> list[PointService]:
    """The service's offers at published points (``queries.with_offers``); none when not loaded."""
    return getattr(service_row, "published_offers", [])


# The whole catalogue in one document


def package(
    services: list[Service],
    venues: list[Venue],
    ctx: Context,
    points: Iterable[ServicePoint] = (),
    areas: Iterable[Area] = (),
) -> dict:
    """Every published organization (the areas' committees included), service, room, service point, area
    and link, and the terms used, in the shape of the HSDS 3.0 compiled ``tabular.json`` schema: one
    array per HSDS object, keyed by its name. ``services`` come with their offers (``queries.with_offers``)."""
    areas = list(areas)
    return {
        "organization": [organization(body, ctx, full=True) for body in organizations.bodies()]
        + [organization(organizations.committee(area), ctx) for area in areas],
        "service": [service_full(row, ctx, nested=False) for row in services],
        "location": [location(venue, ctx, full=True) for venue in venues]
        + [point_location(point, ctx, full=True) for point in points]
        + [area_location(area, ctx) for area in areas],
        "service_at_location": [service_at_location(row, venue, ctx) for row in services for venue in row.venues.all()]
        + [offer_at_location(offer, ctx) for row in services for offer in _offers(row)],
        "taxonomy": taxonomies(ctx),
        "taxonomy_term": used_terms(services, ctx),
    }


def timestamp(moment: dt.datetime) -> str:
    """RFC 3339 in UTC with milliseconds, as HSDS asks for ``last_modified``."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None and value != ""}
