"""When a phone number is answered, and what a resident reads beside it.

Pure functions over plain data (``zhujing_center.hours`` schedules), no ORM. The rule:

- a number is answered in the hours of whoever owns it: the centre's help line in the centre's
  phone hours (staff enter them, 咨询电话接听时间); a room's own number while the room is attended
  (its opening hours, unless staff entered the hours somebody is there: 有人值守时间 — a room open
  around the clock but unattended at night answers only in those); a service's own number in the
  service's hours;
- an entry without a number of its own shows the centre's help line, with the centre's hours;
- a number that is somebody else's (a service giving its room's number or the centre's) is answered
  in that owner's hours — the same number never shows two different times on one page;
- with no hours known, a number is shown without an answering time and is never said to be answered;
- outside its hours a page says so ("现在不在接听时间，明天 08:30 起接听") and what works then: the
  centre's staff-edited 无人接听时 lines (the self-service machines, 12345, 110/120).

``templates/includes/phone.html`` shows a line; ``venues/templatetags/phone_tags.py`` builds it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import hours


@dataclass(frozen=True)
class PhoneLine:
    """A number with the hours it is answered (None: not known) and what works when it is not."""

    number: str
    hours: hours.Schedule | None = None
    after_hours: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answering:
    """What the page says about one line at one moment."""

    # "answering" (somebody picks up now), "closed" (not now), "always" (around the clock) or
    # "unknown" (no hours known: nothing is said).
    state: str
    # "正在接听，今天 08:30–20:30" / "现在不在接听时间，明天 08:30 起接听" / "24小时接听" / "".
    now_text: str
    # "接听时间：每天 08:30–20:30" (the usual week), or "".
    hours_text: str
    # What works while nobody answers; shown only then.
    after_hours: tuple[str, ...] = ()

    @property
    def answering(self) -> bool:
        return self.state in ("answering", "always")


def help_lines(text: str) -> tuple[str, ...]:
    """The non-blank lines of the staff-edited 无人接听时 text."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def digits(number: str) -> str:
    """The number's digits (and a leading +), for comparing two ways of writing it."""
    number = (number or "").strip()
    return ("+" if number.startswith("+") else "") + re.sub(r"\D", "", number)


def tel_href(number: str) -> str:
    """A ``tel:`` address: digits, a leading + and the dashes people write (RFC 3966 visual separators)."""
    kept = re.sub(r"[^\d+\-]", "", (number or "").strip())
    return f"tel:{kept}" if digits(kept).lstrip("+") else ""


def same_number(a: str, b: str) -> bool:
    return bool(digits(a)) and digits(a) == digits(b)


def line_for(
    number: str, own_hours: hours.Schedule | None, fallback: PhoneLine, known: Iterable[PhoneLine] = ()
) -> PhoneLine:
    """The line a page shows for an entry whose number is ``number`` and whose hours are ``own_hours``.

    No number: ``fallback`` (the centre's help line). A number that is one of ``known`` (the centre's,
    a room's): that line, answered in its owner's hours. Otherwise the entry's own number in its own
    hours, with the fallback's "what works then".
    """
    if not digits(number):
        return fallback
    for line in (fallback, *known):
        if same_number(line.number, number):
            return line
    return PhoneLine(number.strip(), own_hours, fallback.after_hours)


def answering(line: PhoneLine, now: dt.datetime) -> Answering:
    """Is ``line`` answered at ``now``, until when or from when, and its usual hours in words."""
    from django.utils.translation import gettext as _

    schedule = line.hours
    if schedule is None:
        return Answering("unknown", "", "")
    state = hours.open_state(schedule, now)
    week = week_summary(schedule)
    hours_text = _("接听时间：%(week)s") % {"week": week} if week else ""
    if state.always_open:
        return Answering("always", _("24小时接听"), "")
    reason = f"（{state.reason}）" if state.reason else ""
    if state.is_open:
        today = ranges_text(today_spans(schedule, now))
        text = _("正在接听，今天 %(ranges)s") % {"ranges": today} if today else _("正在接听")
        if today and week == _("每天 %(ranges)s") % {"ranges": today}:
            hours_text = ""  # today's hours are every day's: said once
        return Answering("answering", text + reason, hours_text)
    if state.changes_at is None:
        return Answering("closed", _("现在不在接听时间") + reason, hours_text, line.after_hours)
    text = _("现在不在接听时间%(reason)s，%(when)s 起接听") % {
        "reason": reason,
        "when": hours.when_label(state.changes_at, now),
    }
    return Answering("closed", text, hours_text, line.after_hours)


def today_spans(schedule: hours.Schedule, now: dt.datetime) -> list[hours.Interval]:
    """The open intervals that start on ``now``'s day (the ``within`` schedule applied)."""
    today = now.astimezone(hours.CENTRE_TZ).date()
    return hours.intervals(schedule, today, today)


def ranges_text(spans: Iterable[hours.Interval]) -> str:
    """'08:30–11:30、13:30–17:00'; '24小时' for a whole day; '' for none."""
    from django.utils.translation import gettext as _

    parts = []
    for start, end in spans:
        if start.time() == dt.time(0) and end - start >= dt.timedelta(days=1):
            return _("24小时")
        parts.append(f"{start:%H:%M}–{end:%H:%M}")
    return "、".join(parts)


def week_summary(schedule: hours.Schedule) -> str:
    """The usual week in words: '每天 08:30–20:30', '周一至周五 09:00–17:00；周六 09:00–12:00', '每天24小时'.

    Days with the same ranges are joined (runs of three or more as '周一至周五'); days without
    ranges are left out. Dated exceptions are not part of the usual week.
    """
    from django.utils.translation import gettext as _

    if schedule.always_open:
        return _("每天24小时")
    by_day: dict[int, tuple[tuple[dt.time, dt.time], ...]] = {
        day: tuple(sorted((r.opens, r.closes) for r in schedule.weekly if r.weekday == day)) for day in range(7)
    }
    if all(by_day[day] == by_day[0] for day in range(7)) and by_day[0]:
        return _("每天 %(ranges)s") % {"ranges": _clock_ranges(by_day[0])}
    groups: list[tuple[list[int], tuple]] = []
    for day in range(7):
        ranges = by_day[day]
        if not ranges:
            continue
        for days, shared in groups:
            if shared == ranges:
                days.append(day)
                break
        else:
            groups.append(([day], ranges))
    parts = [f"{hours.weekday_runs(days)} {_clock_ranges(ranges)}" for days, ranges in groups]
    return "；".join(parts)


def _clock_ranges(ranges: Iterable[tuple[dt.time, dt.time]]) -> str:
    return "、".join(f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in ranges)
