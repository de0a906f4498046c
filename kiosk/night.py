"""What the attract loop shows after hours, when only the round-the-clock places are open.

At night a visitor can still use the 24-hour love relay station (rest, water, the self-service
machines) and wants to know when everything else opens again and what is on then. These are the
rules for that, over plain data (no ORM): ``kiosk/panels.py`` hands them the rooms it has loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zhujing_center.hours import CENTRE_TZ, HORIZON_DAYS, Schedule, day_ranges, weekday_names


@dataclass(frozen=True)
class Opening:
    """The rooms that open first at ``opens`` on the day shown."""

    opens: dt.time
    names: tuple[str, ...]


@dataclass(frozen=True)
class NextDay:
    """The next day on which a room opens again: who opens when, and who stays closed all day."""

    date: dt.date
    label: str  # "今天", "明天", "周六" or "2月3日 周二"
    openings: tuple[Opening, ...]  # earliest first
    closed: tuple[tuple[str, str], ...]  # (name, reason) of rooms closed all that day


def after_hours(rooms: Iterable, open_now: Iterable) -> bool:
    """True when the centre has regular rooms (not open around the clock) and none of them is open now.

    ``rooms`` and ``open_now`` are anything with an ``open_24_hours`` attribute (venues). With no
    regular rooms at all (an empty catalogue) it is never "after hours": there is nothing to wait for.
    """
    has_regular = any(not room.open_24_hours for room in rooms)
    regular_open = any(not room.open_24_hours for room in open_now)
    return has_regular and not regular_open


def day_label(day: dt.date, today: dt.date) -> str:
    """'今天', '明天', the weekday within the week ahead ('周六'), else '2月3日 周二'."""
    from django.utils.translation import gettext as _

    days = (day - today).days
    if days == 0:
        return _("今天")
    if days == 1:
        return _("明天")
    weekday = weekday_names()[day.weekday()]
    if 1 < days < 7:
        return weekday
    return _("%(month)d月%(day)d日 %(weekday)s") % {"month": day.month, "day": day.day, "weekday": weekday}


def next_opening(rooms: Sequence[tuple[str, Schedule]], now: dt.datetime) -> NextDay | None:
    """The first day from ``now`` on which one of ``rooms`` (name, schedule) opens again.

    Today counts while an opening is still ahead (at 3 a.m. the answer is this morning). Each room
    is listed once, under its first opening still to come that day; the rooms with no hours at all
    that day are the day's closures, with the reason staff gave (a holiday). None when nothing opens
    within the hours rules' horizon.
    """
    if now.tzinfo is None:
        raise ValueError("next_opening needs an aware datetime")
    local = now.astimezone(CENTRE_TZ)
    today = local.date()
    for offset in range(HORIZON_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        first: dict[dt.time, list[str]] = {}
        closed: list[tuple[str, str]] = []
        for name, schedule in rooms:
            ranges = day_ranges(schedule, day)
            ahead = [opens for opens, _ in ranges if dt.datetime.combine(day, opens, CENTRE_TZ) > local]
            if ahead:
                first.setdefault(min(ahead), []).append(name)
            elif not ranges:
                rule = schedule.exceptions.get(day)
                closed.append((name, rule.reason if rule else ""))
        if first:
            openings = tuple(Opening(opens, tuple(names)) for opens, names in sorted(first.items()))
            return NextDay(day, day_label(day, today), openings, tuple(closed))
    return None


def entries_on(entries: Iterable, day: dt.date, limit: int) -> list:
    """The first ``limit`` activity entries (anything with a ``date``) that take place on ``day``."""
    return [entry for entry in entries if entry.date == day][:limit]


def entries_after(entries: Iterable, day: dt.date, limit: int) -> list:
    """The first ``limit`` entries on the days after ``day``: what fills the panel when ``day`` has few."""
    return [entry for entry in entries if entry.date > day][: max(0, limit)]
