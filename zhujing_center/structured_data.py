"""schema.org JSON-LD for the public pages, built as plain dicts from what each page shows.

Search engines and link previews read these blocks; they must say what the page says (the same
name, address, phone, hours and times). Small functions, no ORM queries of their own: they read
attributes of rows the views already loaded (prefetched rooms, hours, audiences), so a page makes
no extra query. Addresses are made absolute by the caller (``absolute``, usually
``request.build_absolute_uri``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from zhujing_center import hours

CONTEXT = "https://schema.org"
# The area the centre serves: the town it is the community centre of.
AREA_SERVED = "朱泾镇"
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# schema.org has no "24:00": an always-open day is written 00:00–23:59 (as in the open data).
DAY_START, DAY_END = "00:00", "23:59"

Absolute = Callable[[str], str]

# What json_script escapes, so that the JSON cannot close the <script> element or start a comment.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def to_script(data: dict[str, Any] | None) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` data block (never executed); '' for None."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text.translate(_SCRIPT_ESCAPES)))


def postal_address(address: str) -> dict[str, str]:
    return {"@type": "PostalAddress", "streetAddress": address, "addressCountry": "CN"}


def clock(value: dt.time) -> str:
    return value.strftime("%H:%M")


def local_iso(moment: dt.datetime) -> str:
    """An aware datetime in the centre's time zone: 2026-12-01T08:30:00+08:00."""
    return moment.astimezone(hours.CENTRE_TZ).isoformat(timespec="seconds")


def opening_hours_specification(schedule: hours.Schedule, today: dt.date) -> list[dict[str, Any]]:
    """The weekly hours as OpeningHoursSpecification, then the coming special days (holidays).

    Weekdays with the same range share one entry. A range past midnight (18:00–02:00) is split
    into 18:00–23:59 and 00:00–02:00 of the next day. A closed special day is 00:00–00:00 for that
    date only; a day with changed hours lists its ranges for that date only.
    """
    by_range: dict[tuple[str, str], list[int]] = {}

    def add(weekday: int, opens: str, closes: str) -> None:
        days = by_range.setdefault((opens, closes), [])
        if weekday not in days:
            days.append(weekday)

    if schedule.always_open:
        for weekday in range(7):
            add(weekday, DAY_START, DAY_END)
    else:
        for row in sorted(schedule.weekly, key=lambda r: (r.opens, r.weekday)):
            if row.crosses_midnight:
                add(row.weekday, clock(row.opens), DAY_END)
                if row.closes != dt.time(0):
                    add((row.weekday + 1) % 7, DAY_START, clock(row.closes))
            else:
                add(row.weekday, clock(row.opens), clock(row.closes))
    specs: list[dict[str, Any]] = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [DAY_NAMES[day] for day in sorted(days)],
            "opens": opens,
            "closes": closes,
        }
        for (opens, closes), days in sorted(by_range.items(), key=lambda item: (min(item[1]), item[0]))
    ]
    for day, rule in sorted(schedule.exceptions.items()):
        if day < today:
            continue
        ranges = [] if rule.closed else rule.ranges
        for opens, closes in ranges or [(dt.time(0), dt.time(0))]:
            closing = DAY_END if ranges and closes <= opens else clock(closes)
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "opens": clock(opens),
                    "closes": closing,
                    "validFrom": day.isoformat(),
                    "validThrough": day.isoformat(),
                }
            )
    return specs


def centre_ref(centre, absolute: Absolute) -> dict[str, Any]:
    """The centre as a provider or organiser: name, address, phone, home page."""
    ref: dict[str, Any] = {
        "@type": "GovernmentOffice",
        "name": centre.name,
        "url": absolute("/"),
        "address": postal_address(centre.address),
    }
    if centre.phone:
        ref["telephone"] = centre.phone
    return ref


def government_office(centre, absolute: Absolute, *, description: str = "", image: str = "") -> dict[str, Any]:
    """The centre itself (home and about pages)."""
    data: dict[str, Any] = {"@context": CONTEXT, **centre_ref(centre, absolute)}
    if centre.short_name:
        data["alternateName"] = centre.short_name
    if description:
        data["description"] = description
    if image:
        data["image"] = image
    data["areaServed"] = {"@type": "AdministrativeArea", "name": AREA_SERVED}
    return data


def place(venue, centre, absolute: Absolute, *, today: dt.date, image: str = "") -> dict[str, Any]:
    """A room or station of the centre, or a service point of the town (with an address and position of its own)."""
    own_address = getattr(venue, "address", "")
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Place",
        "name": venue.name,
        "url": absolute(venue.get_absolute_url()),
        "address": postal_address(own_address or centre.address),
        "telephone": venue.phone or centre.phone,
        "openingHoursSpecification": opening_hours_specification(venue.schedule(), today),
    }
    if not own_address:
        data["containedInPlace"] = centre_ref(centre, absolute)
    coordinates = getattr(venue, "coordinates", None)
    if coordinates:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(coordinates[0]), "longitude": float(coordinates[1])}
    if venue.summary:
        data["description"] = venue.summary
    if image:
        data["image"] = image
    return data


def government_service(service, venues: Iterable, centre, absolute: Absolute) -> dict[str, Any]:
    """A service guide: who provides it, for whom, where (its rooms) and whom to call."""
    phone = service.phone or centre.phone
    channels: list[dict[str, Any]] = [
        {
            "@type": "ServiceChannel",
            "name": venue.name,
            "serviceLocation": {
                "@type": "Place",
                "name": venue.name,
                "url": absolute(venue.get_absolute_url()),
                "address": postal_address(centre.address),
            },
            "servicePhone": {"@type": "ContactPoint", "telephone": phone},
        }
        for venue in venues
    ]
    if service.online and service.online_url:
        channels.append({"@type": "ServiceChannel", "serviceUrl": service.online_url})
    if not channels:
        channels.append({"@type": "ServiceChannel", "servicePhone": {"@type": "ContactPoint", "telephone": phone}})
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "GovernmentService",
        "name": service.name,
        "description": service.summary,
        "url": absolute(service.get_absolute_url()),
        "serviceType": service.category.name,
        "provider": centre_ref(centre, absolute),
        "areaServed": {"@type": "AdministrativeArea", "name": AREA_SERVED},
        "availableChannel": channels,
    }
    audiences = [audience.name for audience in service.audiences.all()]
    if audiences:
        data["audience"] = {"@type": "Audience", "audienceType": "、".join(audiences)}
    if service.is_free:
        data["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "CNY"}
    return data


def event(activity, occurrence, audiences: Iterable, centre, absolute: Absolute, *, image: str = "") -> dict | None:
    """An activity's next occurrence (the one the page shows first); None when nothing is coming."""
    if not occurrence:
        return None
    place = activity.place
    address = postal_address(centre.address if activity.venue_id else place.address)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": activity.title,
        "description": activity.summary,
        "url": absolute(activity.get_absolute_url()),
        "startDate": local_iso(occurrence.starts_at),
        "endDate": local_iso(occurrence.ends_at),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": place.name,
            "url": absolute(place.get_absolute_url()),
            "address": address,
        },
        "isAccessibleForFree": bool(activity.is_free),
        "organizer": centre_ref(centre, absolute),
    }
    names = [audience.name for audience in audiences]
    if names:
        data["audience"] = {"@type": "Audience", "audienceType": "、".join(names)}
    if image:
        data["image"] = image
    return data
