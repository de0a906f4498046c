"""Opening-hours rules: is a place open at a given moment, and when does that change?

Pure functions over plain data, no ORM: the models turn their rows into a
``Schedule`` (see ``Venue.schedule()``) and everything else asks this module.

Conventions:
- weekdays are ``date.weekday()`` numbers, Monday = 0 … Sunday = 6;
- a range whose closing time is not after its opening time runs past midnight
  into the next day (``18:00–02:00``); a range belongs to the day it opens on;
- a dated exception (``DayRule``) replaces that date's weekly ranges entirely;
- all reasoning happens in the centre's time zone, whatever the server's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

CENTRE_TZ = ZoneInfo("Asia/Shanghai")

# How far ahead to look for the next opening. A place closed for longer than
# this is reported as closed with no known reopening.
HORIZON_DAYS = 14

# The single range of an always-open day: midnight to the next midnight.
ALL_DAY = (dt.time(0), dt.time(0))

Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class WeeklyRange:
    weekday: int
    opens: dt.time
    closes: dt.time

    @property
    def crosses_midnight(self) -> bool:
        return self.closes <= self.opens


@dataclass(frozen=True)
class DayRule:
    """A dated exception: closed all day, or open only in ``ranges``."""

    date: dt.date
    closed: bool
    ranges: tuple[tuple[dt.time, dt.time], ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class Schedule:
    """When a place is open.

    ``always_open`` places are open around the clock except on their dated
    exceptions. ``within`` restricts this schedule to the times another one is
    open: a service with its own hours is only available while its room is.
    """

    weekly: tuple[WeeklyRange, ...] = ()
    exceptions: dict[dt.date, DayRule] = field(default_factory=dict)
    always_open: bool = False
    within: Schedule | None = None

    def __hash__(self) -> int:  # dict field: hash by identity, equality stays structural
        return id(self)


@dataclass(frozen=True)
class OpenState:
    is_open: bool
    # When the state next changes (closing time if open, opening time if
    # closed); None when it does not change within the horizon.
    changes_at: dt.datetime | None
    always_open: bool = False
    # Why today differs from the usual week (a holiday), when it does.
    reason: str = ""


def day_ranges(schedule: Schedule, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    """The (opens, closes) ranges that start on ``day``, exceptions applied."""
    rule = schedule.exceptions.get(day)
    if rule is not None:
        return [] if rule.closed else sorted(rule.ranges)
    if schedule.always_open:
        return [ALL_DAY]
    return sorted((r.opens, r.closes) for r in schedule.weekly if r.weekday == day.weekday())


def intervals(schedule: Schedule, first: dt.date, last: dt.date) -> list[Interval]:
    """Merged, sorted open intervals for ranges starting between two dates."""
    raw: list[Interval] = []
    day = first
    while day <= last:
        for opens, closes in day_ranges(schedule, day):
            start = dt.datetime.combine(day, opens, CENTRE_TZ)
            end_day = day + dt.timedelta(days=1) if closes <= opens else day
            raw.append((start, dt.datetime.combine(end_day, closes, CENTRE_TZ)))
        day += dt.timedelta(days=1)
    merged = _merge(raw)
    if schedule.within is not None:
        merged = _intersect(merged, intervals(schedule.within, first, last))
    return merged


def open_state(schedule: Schedule, at: dt.datetime) -> OpenState:
    """Is ``schedule`` open at the aware datetime ``at``, and until when?"""
    if at.tzinfo is None:
        raise ValueError("open_state needs an aware datetime")
    local = at.astimezone(CENTRE_TZ)
    today = local.date()
    rule = schedule.exceptions.get(today)
    reason = rule.reason if rule else ""
    # Look two days ahead first (almost every answer is there), then to the horizon.
    for days_ahead in (1, HORIZON_DAYS):
        # Start a day early: last night's range may still be running.
        spans = intervals(schedule, today - dt.timedelta(days=1), today + dt.timedelta(days=days_ahead))
        # Ranges of later days start at or after this moment, so earlier answers cannot change.
        settled_before = dt.datetime.combine(today + dt.timedelta(days=days_ahead + 1), dt.time(0), CENTRE_TZ)
        final = days_ahead == HORIZON_DAYS
        for start, end in spans:
            if start <= local < end:
                if end < settled_before:
                    return OpenState(True, end, False, reason)
                if final:
                    changes_at = None if end >= spans[-1][1] and _runs_to_horizon(schedule) else end
                    return OpenState(True, changes_at, _always_open(schedule), reason)
                break
            if start > local:
                return OpenState(False, start, False, reason)
    return OpenState(False, None, False, reason)


def is_open(schedule: Schedule | None, at: dt.datetime) -> bool:
    """Whether ``schedule`` is open at ``at`` (nothing without hours is open)."""
    return schedule is not None and open_state(schedule, at).is_open


def _always_open(schedule: Schedule) -> bool:
    return (
        schedule.always_open and not schedule.exceptions and (schedule.within is None or _always_open(schedule.within))
    )


def _runs_to_horizon(schedule: Schedule) -> bool:
    return schedule.always_open and (schedule.within is None or _runs_to_horizon(schedule.within))


def _merge(spans: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


@dataclass(frozen=True)
class DayHours:
    date: dt.date
    ranges: list[tuple[dt.time, dt.time]]
    reason: str = ""

    @property
    def all_day(self) -> bool:
        return self.ranges == [ALL_DAY]

    @property
    def weekday_name(self) -> str:
        return weekday_names()[self.date.weekday()]


def week_table(schedule: Schedule, start: dt.date) -> list[DayHours]:
    """Seven days from ``start`` with their ranges and any exception's reason.

    ``within`` is not applied: a service's own hours are shown as staff entered
    them, and its room's closures show in the room's own table.
    """
    days = [start + dt.timedelta(days=offset) for offset in range(7)]
    return [
        DayHours(day, day_ranges(schedule, day), getattr(schedule.exceptions.get(day), "reason", "")) for day in days
    ]


def when_label(moment: dt.datetime, now: dt.datetime, *, say_today: bool = True) -> str:
    """'今天 17:00', '明天 08:30', '周五 08:30' or '12月9日 08:30', relative to ``now``.

    A bare clock time leaves a resident guessing which day it is on (at 05:00, "07:00 开放" may read as
    tonight or tomorrow), so today is named too, unless ``say_today`` is off (a closing time today:
    "开放中 · 17:00 关闭" cannot be misread).
    """
    from django.utils.translation import gettext as _

    moment, now = moment.astimezone(CENTRE_TZ), now.astimezone(CENTRE_TZ)
    clock = moment.strftime("%H:%M")
    days = (moment.date() - now.date()).days
    if days <= 0:
        return _("今天 %(time)s") % {"time": clock} if say_today else clock
    if days == 1:
        return _("明天 %(time)s") % {"time": clock}
    if days < 7:
        return f"{weekday_names()[moment.weekday()]} {clock}"
    return _("%(month)d月%(day)d日 %(time)s") % {"month": moment.month, "day": moment.day, "time": clock}


def state_label(state: OpenState, now: dt.datetime) -> str:
    """What a resident reads: '开放中 · 17:00 关闭', '已关闭 · 今天 13:30 开放', '已关闭 · 明天 08:30 开放',
    '已关闭 · 周五 08:30 开放', '24小时开放'."""
    from django.utils.translation import gettext as _

    if state.always_open:
        return _("24小时开放")
    if state.is_open:
        if state.changes_at is None:
            return _("开放中")
        return _("开放中 · %(when)s 关闭") % {"when": when_label(state.changes_at, now, say_today=False)}
    if state.changes_at is None:
        return _("暂停开放")
    return _("已关闭 · %(when)s 开放") % {"when": when_label(state.changes_at, now)}


def weekday_names() -> tuple[str, ...]:
    from django.utils.translation import gettext as _

    return (_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日"))


def weekday_runs(days) -> str:
    """Weekdays (0 = Monday, in order) in words: '周一至周五', '周二、周四', '周一至周三、周五'."""
    from django.utils.translation import gettext as _

    names = weekday_names()
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(_("%(first)s至%(last)s") % {"first": names[run[0]], "last": names[run[-1]]})
        else:
            parts.extend(names[day] for day in run)
    return "、".join(parts)
