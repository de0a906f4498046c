"""Opening hours as HSDS 3.0 ``schedule`` objects: pure functions over ``zhujing_center.hours`` data, no ORM.

Following the HSDS schedule guidance (docs.openreferral.org, "Schedules"):

- one schedule per set of weekdays sharing the same range: ``freq=WEEKLY``, ``byday=MO,TU,…``,
  ``opens_at``/``closes_at`` as ``HH:MM`` with the UTC offset (``08:30+08:00``) and ``timezone=8``;
  a range closing at or before it opens runs past midnight, as in ``zhujing_center.hours``;
- open 24 hours: ``opens_at 00:00`` and ``closes_at 23:59`` every day, as the guidance recommends;
- dated exceptions (``SpecialDay``) from today on: the regular schedules stop the day before
  (``valid_to``) and start again the day after (``valid_from``), so a closure is a gap in the regular
  schedule; a day with changed hours gets its own one-day schedule (``dtstart`` = ``until``);
  ``description`` stays a plain statement of the regular hours and the exceptions are spelt out in
  ``notes`` (the guidance: the description "shouldn't add any more information, such as exceptions").
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhujing_center import hours

from . import identifiers

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Asia/Shanghai has had no daylight saving time since 1991: the offset is fixed.
UTC_OFFSET_HOURS = 8
UTC_OFFSET = "+08:00"
ALL_DAY = (dt.time(0, 0), dt.time(23, 59))
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WeeklyGroup:
    """Weekdays (0 = Monday) sharing one opening range."""

    weekdays: tuple[int, ...]
    opens: dt.time
    closes: dt.time
    all_day: bool = False

    @property
    def byday(self) -> str:
        return ",".join(WEEKDAY_CODES[day] for day in self.weekdays)


def weekly_groups(weekly: Iterable[hours.WeeklyRange], always_open: bool = False) -> list[WeeklyGroup]:
    """The week's ranges grouped by identical opening and closing times, in week order."""
    if always_open:
        return [WeeklyGroup(tuple(range(7)), *ALL_DAY, all_day=True)]
    days_by_range: dict[tuple[dt.time, dt.time], set[int]] = defaultdict(set)
    for row in weekly:
        days_by_range[(row.opens, row.closes)].add(row.weekday)
    groups = [WeeklyGroup(tuple(sorted(days)), opens, closes) for (opens, closes), days in days_by_range.items()]
    return sorted(groups, key=lambda group: (group.weekdays[0], group.opens, group.closes))


def validity_windows(dates: Iterable[dt.date], today: dt.date) -> list[tuple[dt.date | None, dt.date | None]]:
    """The periods, from today on, that contain none of ``dates``: (valid_from, valid_to), None = open-ended.

    No dates: one open-ended window. A run of consecutive dates is one gap.
    """
    runs: list[list[dt.date]] = []
    for day in sorted({day for day in dates if day >= today}):
        if runs and day == runs[-1][1] + ONE_DAY:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    windows: list[tuple[dt.date | None, dt.date | None]] = []
    start: dt.date | None = None
    for first, last in runs:
        if start is not None or first > today:
            windows.append((start, first - ONE_DAY))
        start = last + ONE_DAY
    windows.append((start, None))
    return windows


def days_label(weekdays: tuple[int, ...]) -> str:
    """'每天', '周一至周五', '周六、周日', '周一至周三、周五'."""
    if len(weekdays) == 7:
        return _("每天")
    return hours.weekday_runs(weekdays)


def range_label(opens: dt.time, closes: dt.time) -> str:
    """'08:30–17:00', or '18:00–次日02:00' for a range running past midnight."""
    if closes <= opens:
        return _("%(opens)s–次日%(closes)s") % {"opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
    return f"{opens:%H:%M}–{closes:%H:%M}"


def group_label(group: WeeklyGroup) -> str:
    if group.all_day:
        return _("24小时开放")
    return f"{days_label(group.weekdays)} {range_label(group.opens, group.closes)}"


def week_summary(weekly: Iterable[hours.WeeklyRange], always_open: bool = False) -> str:
    """The regular week in one line, e.g. '周一至周五 08:30–17:00；周六 09:00–12:00'."""
    return "；".join(group_label(group) for group in weekly_groups(weekly, always_open))


def exceptions_note(exceptions: Iterable[hours.DayRule], today: dt.date) -> str:
    """Upcoming closures and changed hours in one line; consecutive closed days with one reason are merged."""
    parts: list[str] = []
    closed_run: list[hours.DayRule] = []

    def flush() -> None:
        if not closed_run:
            return
        first, last = closed_run[0].date, closed_run[-1].date
        when = first.isoformat() if first == last else _("%(first)s至%(last)s") % {"first": first, "last": last}
        parts.append(_("%(when)s闭馆") % {"when": when} + _reason(closed_run[0].reason))
        closed_run.clear()

    for rule in sorted((rule for rule in exceptions if rule.date >= today), key=lambda rule: rule.date):
        if rule.closed:
            if closed_run and (rule.date != closed_run[-1].date + ONE_DAY or rule.reason != closed_run[-1].reason):
                flush()
            closed_run.append(rule)
            continue
        flush()
        ranges = "、".join(range_label(opens, closes) for opens, closes in rule.ranges)
        parts.append(f"{rule.date.isoformat()} {ranges}" + _reason(rule.reason))
    flush()
    return _("特殊安排：%(list)s") % {"list": "；".join(parts)} if parts else ""


def schedule_objects(
    owner: str,
    link: dict[str, str],
    weekly: Iterable[hours.WeeklyRange],
    *,
    today: dt.date,
    always_open: bool = False,
    exceptions: Iterable[hours.DayRule] = (),
    note: str = "",
) -> list[dict]:
    """HSDS schedules for one owner (a room or a service); ``link`` holds ``location_id`` or ``service_id``."""
    exceptions = sorted((rule for rule in exceptions if rule.date >= today), key=lambda rule: rule.date)
    notes = "；".join(part for part in (exceptions_note(exceptions, today), note) if part)
    objects = []
    for valid_from, valid_to in validity_windows((rule.date for rule in exceptions), today):
        for group in weekly_groups(weekly, always_open):
            role = f"schedule:{group.byday}:{group.opens:%H:%M}-{group.closes:%H:%M}:{valid_from or 'ongoing'}"
            entry = {"id": identifiers.derived(owner, role), **link}
            if valid_from:
                entry["valid_from"] = valid_from.isoformat()
            if valid_to:
                entry["valid_to"] = valid_to.isoformat()
            entry.update(_recurrence(group.byday, group.opens, group.closes), description=group_label(group))
            if notes:
                entry["notes"] = notes
            objects.append(entry)
    for rule in exceptions:
        for opens, closes in [] if rule.closed else rule.ranges:
            role = f"schedule:special:{rule.date.isoformat()}:{opens:%H:%M}-{closes:%H:%M}"
            entry = {"id": identifiers.derived(owner, role), **link, "dtstart": rule.date.isoformat()}
            entry["until"] = rule.date.isoformat()
            entry.update(
                _recurrence(WEEKDAY_CODES[rule.date.weekday()], opens, closes),
                description=f"{rule.date.isoformat()} {range_label(opens, closes)}",
            )
            if rule.reason:
                entry["notes"] = rule.reason
            objects.append(entry)
    return objects


def _recurrence(byday: str, opens: dt.time, closes: dt.time) -> dict:
    return {
        "timezone": UTC_OFFSET_HOURS,
        "freq": "WEEKLY",
        "interval": 1,
        "wkst": "MO",
        "byday": byday,
        "opens_at": f"{opens:%H:%M}{UTC_OFFSET}",
        "closes_at": f"{closes:%H:%M}{UTC_OFFSET}",
    }


def _reason(reason: str) -> str:
    return _("（%(reason)s）") % {"reason": reason} if reason else ""
