"""iCalendar (RFC 5545) output for activities, with the Asia/Shanghai time zone spelt out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from zhujing_center.hours import CENTRE_TZ
from zhujing_center.models import Centre

from .models import Activity, Repeat

PRODID = "-//Zhujing Community Centre//Activities//ZH"


def build(activities: Iterable[Activity], request: HttpRequest) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    centre = Centre.load()
    cal.add("x-wr-calname", f"{centre.name}活动")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now().astimezone(dt.UTC)
    for activity in activities:
        cal.add_component(event(activity, request, stamp, centre))
    cal.add_missing_timezones()
    return cal.to_ical()


def location(activity: Activity, centre: Centre) -> str:
    """Where it is held, as a calendar app shows it: a room with the centre's address, or a service point's."""
    if activity.venue_id:
        return f"{activity.venue.name}（{activity.venue.floor_label}），{centre.address}"
    point = activity.point
    return f"{point.name}，{point.address}" if point is not None else centre.address


def event(activity: Activity, request: HttpRequest, stamp: dt.datetime, centre: Centre) -> icalendar.Event:
    rule = activity.rule()
    item = icalendar.Event()
    item.add("uid", f"activity-{activity.pk}@{request.get_host().split(':')[0]}")
    item.add("dtstamp", stamp)
    item.add("summary", activity.title)
    item.add("dtstart", rule.starts_at.astimezone(CENTRE_TZ))
    item.add("dtend", rule.ends_at.astimezone(CENTRE_TZ))
    item.add("location", location(activity, centre))
    item.add("description", "\n".join(filter(None, [activity.summary, activity.get_booking_display()])))
    item.add("url", request.build_absolute_uri(activity.get_absolute_url()))
    if activity.repeat != Repeat.ONCE:
        recurrence = {"freq": "weekly", "interval": activity.repeat}
        if rule.until is not None:
            last_start = dt.datetime.combine(rule.until, rule.starts_at.astimezone(CENTRE_TZ).timetz())
            recurrence["until"] = last_start.astimezone(dt.UTC)
        item.add("rrule", recurrence)
        start_clock = rule.starts_at.astimezone(CENTRE_TZ).timetz()
        skipped = sorted(dt.datetime.combine(day, start_clock) for day in rule.skip)
        if skipped:
            item.add("exdate", skipped)
    return item


def response(activities: Iterable[Activity], request: HttpRequest, filename: str) -> HttpResponse:
    reply = HttpResponse(build(activities, request), content_type="text/calendar; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply
