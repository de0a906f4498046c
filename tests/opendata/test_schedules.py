"""Opening hours as HSDS schedules (opendata/schedules.py): pure functions, no database."""

import datetime as dt

from opendata.schedules import (
    days_label,
    exceptions_note,
    schedule_objects,
    validity_windows,
    week_summary,
    weekly_groups,
)
from zhujing_center.hours import DayRule, WeeklyRange

T = dt.time.fromisoformat
MONDAY = dt.date(2026, 11, 30)
OWNER = "ac148810-d857-441c-9679-408f346de14b"
LINK = {"location_id": OWNER}


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def week(opens: str, closes: str, days=range(5)) -> list[WeeklyRange]:
    return [WeeklyRange(d, T(opens), T(closes)) for d in days]


OFFICE = week("08:30", "17:00") + week("09:00", "12:00", [5])


def test_days_sharing_a_range_become_one_weekly_rule():
    groups = weekly_groups(OFFICE)
    assert [(g.byday, g.opens, g.closes) for g in groups] == [
        ("MO,TU,WE,TH,FR", T("08:30"), T("17:00")),
        ("SA", T("09:00"), T("12:00")),
    ]


def test_weekly_schedules_use_rrule_fields_and_the_utc_offset():
    first, saturday = schedule_objects(OWNER, LINK, OFFICE, today=MONDAY)
    assert first["freq"] == "WEEKLY"
    assert first["byday"] == "MO,TU,WE,TH,FR"
    assert first["opens_at"] == "08:30+08:00"
    assert first["closes_at"] == "17:00+08:00"
    assert first["timezone"] == 8
    assert first["location_id"] == OWNER
    assert first["description"] == "周一至周五 08:30–17:00"
    assert saturday["description"] == "周六 09:00–12:00"
    assert "valid_from" not in first and "valid_to" not in first


def test_open_24_hours_is_midnight_to_23_59_every_day():
    (entry,) = schedule_objects(OWNER, LINK, [], today=MONDAY, always_open=True)
    assert entry["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert (entry["opens_at"], entry["closes_at"]) == ("00:00+08:00", "23:59+08:00")
    assert entry["description"] == "24小时开放"


def test_a_range_past_midnight_says_so():
    (entry,) = schedule_objects(OWNER, LINK, week("18:00", "02:00", [4]), today=MONDAY)
    assert (entry["opens_at"], entry["closes_at"]) == ("18:00+08:00", "02:00+08:00")
    assert entry["description"] == "周五 18:00–次日02:00"


def test_a_closure_splits_the_regular_schedule_around_it():
    holiday = [DayRule(day(d), closed=True, reason="国庆节") for d in (3, 4, 5)]
    entries = schedule_objects(OWNER, LINK, week("09:00", "17:00"), today=MONDAY, exceptions=holiday)
    assert [(e.get("valid_from"), e.get("valid_to")) for e in entries] == [
        (None, day(2).isoformat()),
        (day(6).isoformat(), None),
    ]
    assert all(e["notes"] == f"特殊安排：{day(3)}至{day(5)}闭馆（国庆节）" for e in entries)
    assert all(e["description"] == "周一至周五 09:00–17:00" for e in entries)


def test_changed_hours_are_a_one_day_schedule_of_their_own():
    changed = DayRule(day(9), closed=False, ranges=((T("09:00"), T("12:00")),), reason="调休")
    entries = schedule_objects(OWNER, LINK, week("09:00", "17:00"), today=MONDAY, exceptions=[changed])
    special = entries[-1]
    assert special["dtstart"] == special["until"] == day(9).isoformat()
    assert special["byday"] == "WE"
    assert (special["opens_at"], special["closes_at"]) == ("09:00+08:00", "12:00+08:00")
    assert special["notes"] == "调休"
    assert entries[0]["valid_to"] == day(8).isoformat()
    assert entries[1]["valid_from"] == day(10).isoformat()


def test_a_closure_today_starts_the_schedule_tomorrow():
    entries = schedule_objects(OWNER, LINK, [], today=MONDAY, always_open=True, exceptions=[DayRule(MONDAY, True)])
    assert [(e.get("valid_from"), e.get("valid_to")) for e in entries] == [(day(1).isoformat(), None)]


def test_past_exceptions_are_left_out():
    entries = schedule_objects(OWNER, LINK, OFFICE, today=MONDAY, exceptions=[DayRule(day(-3), True, reason="x")])
    assert entries == schedule_objects(OWNER, LINK, OFFICE, today=MONDAY)


def test_validity_windows_between_runs_of_dates():
    dates = [day(2), day(3), day(7)]
    assert validity_windows(dates, MONDAY) == [(None, day(1)), (day(4), day(6)), (day(8), None)]
    assert validity_windows([], MONDAY) == [(None, None)]


def test_ids_are_stable_and_distinct():
    entries = schedule_objects(OWNER, LINK, OFFICE, today=MONDAY)
    assert entries == schedule_objects(OWNER, LINK, OFFICE, today=MONDAY)
    assert len({e["id"] for e in entries}) == len(entries)
    other = schedule_objects("3a19ff88-4620-4d17-9830-ac1d859eb5d5", LINK, OFFICE, today=MONDAY)
    assert not {e["id"] for e in entries} & {e["id"] for e in other}


def test_day_labels():
    assert days_label((0, 1, 2, 3, 4, 5, 6)) == "每天"
    assert days_label((5, 6)) == "周六、周日"
    assert days_label((0, 1, 2, 4)) == "周一至周三、周五"


def test_week_summary_and_exception_note():
    assert week_summary(OFFICE) == "周一至周五 08:30–17:00；周六 09:00–12:00"
    note = exceptions_note(
        [DayRule(day(1), True, reason="检修"), DayRule(day(2), False, ((T("09:00"), T("11:00")),))], MONDAY
    )
    assert note == f"特殊安排：{day(1)}闭馆（检修）；{day(2)} 09:00–11:00"
