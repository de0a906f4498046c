"""Repeating activities: pure occurrence rules."""

import datetime as dt

from activities.occurrences import Rule, next_occurrence, occurrences
from zhujing_center.hours import CENTRE_TZ


def at(y, m, d, hh=0, mm=0, tz=CENTRE_TZ) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=tz)


GUQIN = Rule(at(2026, 12, 1, 14), at(2026, 12, 1, 15, 30), every_weeks=1, until=dt.date(2027, 2, 28))


def test_one_off_activity_occurs_once():
    once = Rule(at(2026, 12, 5, 9), at(2026, 12, 5, 11))
    assert [o.starts_at for o in occurrences(once, at(2026, 12, 1), at(2027, 1, 1))] == [at(2026, 12, 5, 9)]
    assert occurrences(once, at(2026, 12, 6), at(2027, 1, 1)) == []


def test_weekly_activity_repeats_every_tuesday_at_the_same_time():
    found = occurrences(GUQIN, at(2026, 12, 1), at(2026, 12, 29))
    assert [o.starts_at for o in found] == [at(2026, 12, d, 14) for d in (1, 8, 15, 22)]
    assert all(o.ends_at - o.starts_at == dt.timedelta(minutes=90) for o in found)


def test_repeats_stop_after_the_until_date():
    found = occurrences(GUQIN, at(2027, 2, 20), at(2027, 4, 1))
    assert [o.date for o in found] == [dt.date(2027, 2, 23)]


def test_every_other_week():
    rule = Rule(at(2026, 12, 2, 9), at(2026, 12, 2, 10), every_weeks=2)
    assert [o.date.day for o in occurrences(rule, at(2026, 12, 1), at(2027, 1, 1))] == [2, 16, 30]


def test_skipped_dates_are_left_out():
    rule = Rule(GUQIN.starts_at, GUQIN.ends_at, every_weeks=1, skip=frozenset({dt.date(2026, 12, 8)}))
    assert [o.date.day for o in occurrences(rule, at(2026, 12, 1), at(2026, 12, 20))] == [1, 15]


def test_running_activity_overlaps_the_window():
    found = occurrences(GUQIN, at(2026, 12, 8, 15), at(2026, 12, 8, 16))
    assert [o.starts_at for o in found] == [at(2026, 12, 8, 14)]


def test_activity_across_midnight_belongs_to_both_days_windows():
    night = Rule(at(2026, 12, 31, 22), at(2027, 1, 1, 1))  # new year's eve gathering
    assert occurrences(night, at(2027, 1, 1), at(2027, 1, 2))
    assert occurrences(night, at(2026, 12, 31), at(2027, 1, 1))


def test_wall_clock_time_kept_whatever_the_callers_zone():
    utc_window = (dt.datetime(2026, 12, 15, 0, tzinfo=dt.UTC), dt.datetime(2026, 12, 16, 0, tzinfo=dt.UTC))
    found = occurrences(GUQIN, *utc_window)
    assert [o.starts_at.astimezone(CENTRE_TZ).hour for o in found] == [14]


def test_far_window_jumps_without_walking_every_week():
    forever = Rule(at(2026, 1, 6, 9), at(2026, 1, 6, 10), every_weeks=1)
    found = occurrences(forever, at(2027, 6, 1), at(2027, 6, 30))
    assert [o.date.day for o in found] == [1, 8, 15, 22, 29]  # the Tuesdays of June 2027


def test_next_occurrence_is_the_running_or_the_coming_one():
    assert next_occurrence(GUQIN, at(2026, 12, 8, 14, 30)).starts_at == at(2026, 12, 8, 14)
    assert next_occurrence(GUQIN, at(2026, 12, 8, 16)).starts_at == at(2026, 12, 15, 14)
    assert next_occurrence(GUQIN, at(2027, 3, 1)) is None
