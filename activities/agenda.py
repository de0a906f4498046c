"""Turning activities into what a resident reads: what is on today, this week and later.

Two shapes, both pure (no ORM):

- ``Entry``: one occurrence (a room's page over two weeks, the kiosk's "today");
- ``Listing``: one activity, once, at its next occurrence, with its rhythm in words
  ("每周二 09:00–10:30，下次 12月8日"): the activities page, the home page and a heritage item's
  page, so a weekly class is one entry instead of one card per week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from zhujing_center.hours import CENTRE_TZ, weekday_names

# How far ahead the activities page looks.
AGENDA_DAYS = 28


@dataclass(frozen=True)
class When:
    """When an activity is on, in parts, so that a page never breaks inside a time range.

    ``str()`` gives the whole phrase: "每周二 09:00–10:30，下次 12月8日", "12月12日 周六 09:30–11:30".
    """

    time: str  # "09:00–10:30"
    datetime: str  # the next start, ISO 8601 to the second (for <time datetime>)
    rhythm: str = ""  # "每周二", "每两周的周四"; empty for a one-off
    day: str = ""  # a one-off's day: "今天", "明天", "12月12日 周六"
    next: str = ""  # a repeating one's next date: "下次 12月8日", "今天有", "正在进行"
    note: str = ""  # "12月5日暂停", "最后一次", "1月26日结束"
    running: bool = False  # on right now

    def __str__(self) -> str:
        text = " ".join(part for part in (self.rhythm, self.day, self.time) if part)
        if self.next:
            text += f"，{self.next}"
        if self.note:
            text += f"（{self.note}）"
        return text


@dataclass(frozen=True)
class Entry:
    activity: object  # an Activity; kept loose so this module stays free of the ORM
    starts_at: dt.datetime
    ends_at: dt.datetime
    now: dt.datetime | None = None  # to say "今天" and "明天"

    @property
    def date(self) -> dt.date:
        return self.starts_at.astimezone(CENTRE_TZ).date()

    @property
    def when(self) -> When:
        return describe(self.starts_at, self.ends_at, self.now or self.starts_at, every_weeks=0)


@dataclass(frozen=True)
class Listing:
    """One activity once: its next (or running) occurrence and, if it repeats, how often."""

    activity: object
    starts_at: dt.datetime
    ends_at: dt.datetime
    when: When
    every_weeks: int = 0

    @property
    def date(self) -> dt.date:
        return self.starts_at.astimezone(CENTRE_TZ).date()

    @property
    def repeats(self) -> bool:
        return self.every_weeks > 0


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    entries: list[Entry]


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), CENTRE_TZ)


def window(now: dt.datetime, days: int = AGENDA_DAYS) -> tuple[dt.datetime, dt.datetime]:
    """From the start of today (in Shanghai) to ``days`` later."""
    today = now.astimezone(CENTRE_TZ).date()
    return day_start(today), day_start(today + dt.timedelta(days=days))


def entries(activities: Iterable, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> list[Entry]:
    """Every occurrence in the window that has not ended yet, in time order."""
    found = [
        Entry(activity, occurrence.starts_at, occurrence.ends_at, now)
        for activity in activities
        for occurrence in activity.occurrences(start, end)
        if occurrence.ends_at > now
    ]
    return sorted(found, key=lambda entry: (entry.starts_at, entry.activity.title))


def upcoming(activities, now: dt.datetime, days: int = AGENDA_DAYS) -> list[Entry]:
    """Entries of a queryset of activities from now to ``days`` ahead (its ``for_listing`` prefetches applied)."""
    start, end = window(now, days)
    return entries(activities.for_listing(start, end), start, end, now)


def sections(found: list[Entry], now: dt.datetime) -> list[Section]:
    """Today, the rest of this week (to Sunday), and later."""
    today = now.astimezone(CENTRE_TZ).date()
    week_end = today + dt.timedelta(days=6 - today.weekday())
    groups: dict[str, list[Entry]] = {"today": [], "week": [], "later": []}
    for entry in found:
        key = "today" if entry.date <= today else "week" if entry.date <= week_end else "later"
        groups[key].append(entry)
    titles = {"today": _("今天"), "week": _("本周"), "later": _("以后")}
    return [Section(key, str(titles[key]), items) for key, items in groups.items()]


def time_range(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """'09:00–10:30' in the centre's time zone."""
    return f"{starts_at.astimezone(CENTRE_TZ):%H:%M}–{ends_at.astimezone(CENTRE_TZ):%H:%M}"


def rhythm(every_weeks: int, starts_at: dt.datetime) -> str:
    """'每周二', '每两周的周四'; '' for a one-off."""
    if every_weeks <= 0:
        return ""
    weekday = weekday_names()[starts_at.astimezone(CENTRE_TZ).weekday()]
    if every_weeks == 1:
        return str(_("每%(weekday)s")) % {"weekday": weekday}
    if every_weeks == 2:
        return str(_("每两周的%(weekday)s")) % {"weekday": weekday}
    return str(_("每%(n)d周的%(weekday)s")) % {"n": every_weeks, "weekday": weekday}


def day_label(day: dt.date, today: dt.date, *, weekday: bool = True) -> str:
    """'今天', '明天', else '12月12日 周六' (or '12月12日')."""
    if day == today:
        return str(_("今天"))
    if day == today + dt.timedelta(days=1):
        return str(_("明天"))
    date = str(_("%(month)d月%(day)d日")) % {"month": day.month, "day": day.day}
    return f"{date} {weekday_names()[day.weekday()]}" if weekday else date


def describe(
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    now: dt.datetime,
    *,
    every_weeks: int = 0,
    first: bool = False,
    paused: tuple[dt.date, ...] = (),
    last: bool = False,
    ends_on: dt.date | None = None,
) -> When:
    """When an occurrence is, as a resident reads it, relative to ``now``.

    A one-off names its day ("今天 09:30–11:30", "12月12日 周六 09:30–11:30"). A repeating one leads
    with its rhythm and says when it is next: "每周二 09:00–10:30，下次 12月8日", "…，今天有",
    "…，正在进行"; ``first`` (the very first one is still to come) says "12月20日开始" instead;
    ``paused`` (dates skipped because the room is closed, before the next one) and ``last`` (this is the
    last one) or ``ends_on`` (the last date, when the repeats end soon) add a note.
    """
    today = now.astimezone(CENTRE_TZ).date()
    day = starts_at.astimezone(CENTRE_TZ).date()
    running = starts_at <= now < ends_at
    when = When(time=time_range(starts_at, ends_at), datetime=starts_at.astimezone(CENTRE_TZ).isoformat("T", "seconds"))
    notes = [str(_("%(date)s暂停")) % {"date": day_label(date, today, weekday=False)} for date in paused]
    if every_weeks <= 0:
        return When(
            when.time,
            when.datetime,
            day=day_label(day, today),
            next=str(_("正在进行")) if running else "",
            note="，".join(notes),
            running=running,
        )
    if running:
        upcoming = str(_("正在进行"))
    elif day == today:
        upcoming = str(_("今天有"))
    elif day == today + dt.timedelta(days=1):
        upcoming = str(_("明天有"))
    elif first:
        upcoming = str(_("%(date)s开始")) % {"date": day_label(day, today, weekday=False)}
    else:
        upcoming = str(_("下次 %(date)s")) % {"date": day_label(day, today, weekday=False)}
    if last:
        notes.append(str(_("最后一次")))
    elif ends_on is not None:
        notes.append(str(_("%(date)s结束")) % {"date": day_label(ends_on, today, weekday=False)})
    return When(
        when.time,
        when.datetime,
        rhythm=rhythm(every_weeks, starts_at),
        next=upcoming,
        note="，".join(notes),
        running=running,
    )


def listing(activity, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> Listing | None:
    """``activity`` once, at its first occurrence in [start, end) that has not ended; None if it has none.

    ``activity`` has ``rule()`` (an ``occurrences.Rule``) and ``occurrences(start, end)``.
    """
    coming = [o for o in activity.occurrences(start, end) if o.ends_at > now]
    if not coming:
        return None
    rule = activity.rule()
    nxt = coming[0]
    if rule.every_weeks <= 0:
        when = describe(nxt.starts_at, nxt.ends_at, now)
        return Listing(activity, nxt.starts_at, nxt.ends_at, when)
    step = dt.timedelta(weeks=rule.every_weeks)
    today = now.astimezone(CENTRE_TZ).date()
    # Dates it would have been on, from today to the next one, that its room's closures skip.
    paused, day = [], nxt.date - step
    while day >= today and day >= rule.starts_at.astimezone(CENTRE_TZ).date():
        if day in rule.skip:
            paused.append(day)
        day -= step
    following = [o for o in activity.occurrences(nxt.ends_at, end) if o.starts_at > nxt.starts_at]
    last = rule.until is not None and not following and nxt.date + step > rule.until
    ends_on = (
        following[-1].date if rule.until is not None and following and following[-1].date + step > rule.until else None
    )
    when = describe(
        nxt.starts_at,
        nxt.ends_at,
        now,
        every_weeks=rule.every_weeks,
        first=nxt.starts_at == rule.starts_at and nxt.date > today + dt.timedelta(days=1),
        paused=tuple(sorted(paused)),
        last=last,
        ends_on=ends_on,
    )
    return Listing(activity, nxt.starts_at, nxt.ends_at, when, rule.every_weeks)


def listings(activities: Iterable, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> list[Listing]:
    """Each activity with an occurrence left in the window, once, soonest first."""
    found = [item for item in (listing(activity, start, end, now) for activity in activities) if item is not None]
    return sorted(found, key=lambda item: (item.starts_at, item.activity.title))


def listed(activities, now: dt.datetime, days: int = AGENDA_DAYS) -> list[Listing]:
    """Listings of a queryset of activities from now to ``days`` ahead (its ``for_listing`` prefetches applied)."""
    start, end = window(now, days)
    return listings(activities.for_listing(start, end), start, end, now)


def listing_sections(found: list[Listing], now: dt.datetime) -> list[Section]:
    """Today (anything on today), the weekly activities (by their next date), and the other, one-off ones."""
    today = now.astimezone(CENTRE_TZ).date()
    groups: dict[str, list[Listing]] = {"today": [], "weekly": [], "once": []}
    for item in found:
        key = "today" if item.date <= today else "weekly" if item.repeats else "once"
        groups[key].append(item)
    titles = {"today": _("今天"), "weekly": _("每周活动"), "once": _("其他活动")}
    return [Section(key, str(titles[key]), items) for key, items in groups.items()]
