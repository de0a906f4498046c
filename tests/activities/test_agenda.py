"""Grouping occurrences into today / this week / later, across midnight and time zones."""

import datetime as dt
from dataclasses import dataclass

from activities.agenda import entries, listing, listing_sections, listings, sections, window
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


# ------------------------------------------------------------------ one entry per activity, in words
@dataclass
class RuledActivity:
    """An activity as the listings read it (the model's interface): its rule and its occurrences."""

    title: str
    rule_: Rule

    def rule(self) -> Rule:
        return self.rule_

    def occurrences(self, start, end):
        return occurrences(self.rule_, start, end)


def ruled(title: str, rule: Rule) -> RuledActivity:
    return RuledActivity(title, rule)


WEEKLY_TAIJI = ruled("太极拳", Rule(at(2026, 11, 2, 7), at(2026, 11, 2, 8), every_weeks=1))  # Mondays, for weeks now
DUMPLINGS = ruled("冬至包汤圆", Rule(at(2026, 12, 12, 9, 30), at(2026, 12, 12, 11, 30)))  # one Saturday


def listed_now(activity, now=NOW, days=28):
    start, end = window(now, days)
    return listing(activity, start, end, now)


def test_a_weekly_activity_is_one_entry_with_its_rhythm_and_next_date():
    start, end = window(NOW, days=28)
    found = listings([WEEKLY_TAIJI], start, end, NOW)
    assert len(found) == 1  # not one per Monday
    assert str(found[0].when) == "每周一 07:00–08:00，下次 12月7日"
    assert found[0].starts_at == at(2026, 12, 7, 7)


def test_a_one_off_keeps_its_date():
    assert str(listed_now(DUMPLINGS).when) == "12月12日 周六 09:30–11:30"


def test_today_and_tomorrow_are_named():
    assert str(listed_now(DUMPLINGS, now=at(2026, 12, 12, 8)).when) == "今天 09:30–11:30"
    assert str(listed_now(DUMPLINGS, now=at(2026, 12, 11, 20)).when) == "明天 09:30–11:30"
    assert str(listed_now(WEEKLY_TAIJI, now=at(2026, 12, 7, 6)).when) == "每周一 07:00–08:00，今天有"
    assert str(listed_now(WEEKLY_TAIJI, now=at(2026, 12, 6, 18)).when) == "每周一 07:00–08:00，明天有"


def test_an_activity_on_right_now_says_so():
    when = listed_now(WEEKLY_TAIJI, now=at(2026, 12, 7, 7, 30)).when
    assert str(when) == "每周一 07:00–08:00，正在进行" and when.running
    assert str(listed_now(DUMPLINGS, now=at(2026, 12, 12, 10)).when) == "今天 09:30–11:30，正在进行"


def test_every_other_week_reads_as_such():
    fortnightly = ruled("党员学习日", Rule(at(2026, 11, 5, 14), at(2026, 11, 5, 15, 30), every_weeks=2))  # Thursdays
    assert str(listed_now(fortnightly).when) == "每两周的周四 14:00–15:30，明天有"


def test_a_week_skipped_for_a_closure_is_named():
    reading = ruled(
        "亲子阅读",
        Rule(at(2026, 11, 7, 10), at(2026, 11, 7, 11), every_weeks=1, skip=frozenset({dt.date(2026, 12, 5)})),
    )
    assert str(listed_now(reading).when) == "每周六 10:00–11:00，下次 12月12日（12月5日暂停）"


def test_a_new_weekly_class_says_when_it_starts():
    new = ruled("书法班", Rule(at(2026, 12, 19, 14), at(2026, 12, 19, 16), every_weeks=1))
    assert str(listed_now(new).when) == "每周六 14:00–16:00，12月19日开始"


def test_the_last_repeats_are_named():
    ending = ruled("古琴", Rule(at(2026, 11, 3, 14), at(2026, 11, 3, 15), every_weeks=1, until=dt.date(2026, 12, 15)))
    assert str(listed_now(ending).when) == "每周二 14:00–15:00，下次 12月8日（12月15日结束）"
    assert str(listed_now(ending, now=at(2026, 12, 10)).when) == "每周二 14:00–15:00，下次 12月15日（最后一次）"
    assert listed_now(ending, now=at(2026, 12, 16)) is None


def test_the_time_range_is_its_own_part_and_the_start_is_to_the_second():
    when = listed_now(WEEKLY_TAIJI).when
    assert (when.rhythm, when.time, when.next) == ("每周一", "07:00–08:00", "下次 12月7日")
    assert when.datetime == "2026-12-07T07:00:00+08:00"


def test_listing_sections_put_each_activity_once_today_weekly_or_other():
    start, end = window(NOW, days=28)
    guqin = ruled("古琴", GUQIN.rule)
    tuina = ruled("邵氏推拿", TUINA.rule)  # today, once
    evening = ruled("广场舞", Rule(at(2026, 11, 4, 18, 30), at(2026, 11, 4, 20), every_weeks=1))  # Wednesdays
    found = listings([guqin, tuina, evening, DUMPLINGS, WEEKLY_TAIJI], start, end, NOW)
    sections_found = listing_sections(found, NOW)
    grouped = {section.key: [item.activity.title for item in section.entries] for section in sections_found}
    assert grouped == {"today": ["邵氏推拿", "广场舞"], "weekly": ["太极拳", "古琴"], "once": ["冬至包汤圆"]}
    titles = [title for titles in grouped.values() for title in titles]
    assert len(titles) == len(set(titles)) == 5


def test_an_entry_of_one_occurrence_reads_like_a_one_off():
    start, end = window(NOW, days=14)
    first = entries([GUQIN], start, end, NOW)[0]
    assert str(first.when) == "12月8日 周二 14:00–15:00"
