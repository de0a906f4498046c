"""Grouping occurrences into today / this week / later, across midnight and time zones."""

import datetime as dt
from dataclasses import dataclass

from activities.agenda import entries, sections, window
from activities.occurrences import Rule, occurrences
from zhujing_center.hours import CENTRE_TZ


@dataclass
class FakeActivity:
    title: str
    rule: Rule

    def occurrences(self, start, end):
        return occurrences(self.rule, start, end)


def at(y, m, d, hh=0, mm=0, tz=CENTRE_TZ):
    return dt.datetime(y, m, d, hh, mm, tzinfo=tz)


# Wednesday 2026-12-02.
NOW = at(2026, 12, 2, 10)
GUQIN = FakeActivity("古琴", Rule(at(2026, 12, 1, 14), at(2026, 12, 1, 15), every_weeks=1))  # Tuesdays
READING = FakeActivity("亲子阅读", Rule(at(2026, 12, 5, 9), at(2026, 12, 5, 10), every_weeks=1))  # Saturdays
TUINA = FakeActivity("邵氏推拿", Rule(at(2026, 12, 2, 15), at(2026, 12, 2, 16)))  # today, once
MORNING = FakeActivity("晨练", Rule(at(2026, 12, 2, 7), at(2026, 12, 2, 8)))  # today, already over


def test_window_starts_at_midnight_in_shanghai_whatever_the_zone():
    late_utc = dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.UTC)  # 01:30 on 2 December in Shanghai
    start, end = window(late_utc, days=7)
    assert start == at(2026, 12, 2) and end == at(2026, 12, 9)


def test_sections_split_today_this_week_and_later():
    start, end = window(NOW, days=14)
    grouped = {
        s.key: [(e.activity.title, e.date.day) for e in s.entries]
        for s in sections(entries([GUQIN, READING, TUINA, MORNING], start, end, NOW), NOW)
    }
    assert grouped["today"] == [("邵氏推拿", 2)]
    assert grouped["week"] == [("亲子阅读", 5)]
    assert grouped["later"] == [("古琴", 8), ("亲子阅读", 12), ("古琴", 15)]


def test_finished_occurrences_are_dropped():
    start, end = window(NOW, days=1)
    assert [e.activity.title for e in entries([MORNING, TUINA], start, end, NOW)] == ["邵氏推拿"]


def test_sunday_evening_this_week_is_only_today():
    sunday = at(2026, 12, 6, 18)
    start, end = window(sunday, days=7)
    grouped = {
        s.key: [e.date.day for e in s.entries] for s in sections(entries([GUQIN, READING], start, end, sunday), sunday)
    }
    assert grouped == {"today": [], "week": [], "later": [8, 12]}


def test_activity_running_past_midnight_is_still_today_until_it_ends():
    night = FakeActivity("跨年音乐会", Rule(at(2026, 12, 31, 22), at(2027, 1, 1, 1)))
    after_midnight = at(2027, 1, 1, 0, 30)
    start, end = window(after_midnight, days=1)
    found = entries([night], start - dt.timedelta(days=1), end, after_midnight)
    today = sections(found, after_midnight)[0]
    assert [e.activity.title for e in today.entries] == ["跨年音乐会"]
