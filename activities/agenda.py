"""Turning activities into what a resident reads: what is on today, this week and later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from zhujing_center.hours import CENTRE_TZ

# How far ahead the activities page looks.
AGENDA_DAYS = 28


@dataclass(frozen=True)
class Entry:
    activity: object  # an Activity; kept loose so this module stays free of the ORM
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def date(self) -> dt.date:
        return self.starts_at.astimezone(CENTRE_TZ).date()


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
        Entry(activity, occurrence.starts_at, occurrence.ends_at)
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
