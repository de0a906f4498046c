"""The open-now rules in zhujing_center/hours.py: pure functions, no database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from zhujing_center.hours import (
    CENTRE_TZ,
    DayRule,
    Schedule,
    WeeklyRange,
    is_open,
    open_state,
    state_label,
    week_table,
    weekday_runs,
)

T = dt.time.fromisoformat
# 2026-11-30 is a Monday.
MONDAY = dt.date(2026, 11, 30)


def at(day: dt.date, clock: str, tz=CENTRE_TZ) -> dt.datetime:
    return dt.datetime.combine(day, T(clock), tz)


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def weekdays(opens: str, closes: str, days=range(5)) -> tuple[WeeklyRange, ...]:
    return tuple(WeeklyRange(d, T(opens), T(closes)) for d in days)


OFFICE = Schedule(weekly=weekdays("09:00", "12:00") + weekdays("13:30", "17:00"))
RELAY = Schedule(always_open=True)


def test_open_inside_a_range_reports_closing_time():
    state = open_state(OFFICE, at(MONDAY, "10:00"))
    assert state.is_open
    assert state.changes_at == at(MONDAY, "12:00")


def test_closed_over_lunch_reports_afternoon_opening():
    state = open_state(OFFICE, at(MONDAY, "12:30"))
    assert not state.is_open
    assert state.changes_at == at(MONDAY, "13:30")


def test_opening_minute_is_open_and_closing_minute_is_closed():
    assert open_state(OFFICE, at(MONDAY, "09:00")).is_open
    assert not open_state(OFFICE, at(MONDAY, "17:00")).is_open


def test_friday_evening_next_opening_is_monday():
    state = open_state(OFFICE, at(day(4), "18:00"))
    assert not state.is_open
    assert state.changes_at == at(day(7), "09:00")


def test_24_hour_station_is_open_at_3am():
    state = open_state(RELAY, at(MONDAY, "03:00"))
    assert state.is_open
    assert state.always_open
    assert state.changes_at is None


def test_24_hour_station_closed_on_a_special_day():
    relay = Schedule(always_open=True, exceptions={day(2): DayRule(day(2), closed=True, reason="设备检修")})
    assert open_state(relay, at(day(2), "03:00")).is_open is False
    before = open_state(relay, at(day(1), "20:00"))
    assert before.is_open and not before.always_open
    assert before.changes_at == at(day(2), "00:00")


def test_range_past_midnight_is_open_after_midnight_next_day():
    late = Schedule(weekly=(WeeklyRange(4, T("18:00"), T("02:00")),))  # Friday 18:00 – Saturday 02:00
    state = open_state(late, at(day(5), "01:30"))
    assert state.is_open
    assert state.changes_at == at(day(5), "02:00")
    assert not open_state(late, at(day(5), "02:00")).is_open
    assert not open_state(late, at(day(4), "17:59")).is_open


def test_adjacent_ranges_merge_into_one_opening():
    split = Schedule(weekly=(WeeklyRange(0, T("08:00"), T("12:00")), WeeklyRange(0, T("12:00"), T("18:00"))))
    assert open_state(split, at(MONDAY, "11:00")).changes_at == at(MONDAY, "18:00")


def test_closure_replaces_the_weekly_hours():
    closed = Schedule(weekly=OFFICE.weekly, exceptions={MONDAY: DayRule(MONDAY, closed=True, reason="元旦")})
    state = open_state(closed, at(MONDAY, "10:00"))
    assert not state.is_open
    assert state.reason == "元旦"
    assert state.changes_at == at(day(1), "09:00")


def test_special_hours_replace_the_weekly_hours():
    short = Schedule(
        weekly=OFFICE.weekly,
        exceptions={MONDAY: DayRule(MONDAY, closed=False, ranges=((T("10:00"), T("11:00")),), reason="调休")},
    )
    assert not open_state(short, at(MONDAY, "09:30")).is_open
    state = open_state(short, at(MONDAY, "10:30"))
    assert state.is_open and state.changes_at == at(MONDAY, "11:00")


def test_special_opening_on_a_usually_closed_sunday():
    sunday = day(6)
    extra = Schedule(weekly=OFFICE.weekly, exceptions={sunday: DayRule(sunday, False, ((T("09:00"), T("12:00")),))})
    assert open_state(extra, at(sunday, "09:30")).is_open


def test_answer_is_in_shanghai_time_whatever_the_callers_zone():
    # 02:00 UTC on Monday is 10:00 in Shanghai: the office is open.
    utc_moment = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC)
    assert open_state(OFFICE, utc_moment).is_open
    # 20:00 in New York on Sunday is 09:00 Monday in Shanghai.
    ny = dt.datetime(2026, 11, 29, 20, 0, tzinfo=ZoneInfo("America/New_York"))
    assert open_state(OFFICE, ny).is_open


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        open_state(OFFICE, dt.datetime(2026, 11, 30, 10, 0))


def test_no_hours_at_all_is_closed_with_no_reopening():
    state = open_state(Schedule(), at(MONDAY, "10:00"))
    assert not state.is_open
    assert state.changes_at is None


def test_service_hours_are_cut_to_the_rooms_hours():
    doctor = Schedule(weekly=(WeeklyRange(1, T("08:30"), T("11:00")),), within=OFFICE)  # Tuesday mornings
    assert not open_state(doctor, at(day(1), "08:45")).is_open  # room opens at 09:00
    state = open_state(doctor, at(day(1), "09:15"))
    assert state.is_open and state.changes_at == at(day(1), "11:00")
    assert not open_state(doctor, at(MONDAY, "10:00")).is_open


def test_service_is_closed_when_its_room_is_closed_for_a_holiday():
    tuesday = day(1)
    room = Schedule(weekly=OFFICE.weekly, exceptions={tuesday: DayRule(tuesday, closed=True, reason="节假日")})
    doctor = Schedule(weekly=(WeeklyRange(1, T("09:00"), T("11:00")),), within=room)
    state = open_state(doctor, at(tuesday, "09:30"))
    assert not state.is_open
    assert state.changes_at == at(day(8), "09:00")


def test_service_in_a_24_hour_room_follows_its_own_hours():
    breakfast = Schedule(weekly=weekdays("07:00", "09:00"), within=RELAY)
    state = open_state(breakfast, at(MONDAY, "08:00"))
    assert state.is_open and not state.always_open
    assert state.changes_at == at(MONDAY, "09:00")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(MONDAY, "10:00"), "开放中 · 12:00 关闭"),
        # An opening later today names the day: "13:30 开放" alone left residents guessing which day.
        (at(MONDAY, "12:30"), "已关闭 · 今天 13:30 开放"),
        (at(MONDAY, "05:00"), "已关闭 · 今天 09:00 开放"),
        (at(MONDAY, "18:00"), "已关闭 · 明天 09:00 开放"),
        (at(day(2), "18:00"), "已关闭 · 明天 09:00 开放"),
        (at(day(4), "18:00"), "已关闭 · 周一 09:00 开放"),
    ],
)
def test_state_label_reads_naturally(moment, expected):
    assert state_label(open_state(OFFICE, moment), moment) == expected


def test_state_label_names_the_weekday_of_an_opening_later_this_week():
    tuesday_to_thursday_closed = {day(n): DayRule(day(n), closed=True) for n in (1, 2, 3)}
    schedule = Schedule(weekly=OFFICE.weekly, exceptions=tuesday_to_thursday_closed)
    moment = at(MONDAY, "18:00")
    assert state_label(open_state(schedule, moment), moment) == "已关闭 · 周五 09:00 开放"


def test_state_label_names_tomorrow_for_a_closing_after_midnight():
    night = Schedule(weekly=(WeeklyRange(0, T("18:00"), T("02:00")),))
    moment = at(MONDAY, "22:00")
    assert state_label(open_state(night, moment), moment) == "开放中 · 明天 02:00 关闭"


def test_state_label_for_24_hours():
    moment = at(MONDAY, "03:00")
    assert state_label(open_state(RELAY, moment), moment) == "24小时开放"


def test_state_label_for_a_long_closure_names_the_date():
    closures = {day(n): DayRule(day(n), closed=True) for n in range(0, 9)}
    schedule = Schedule(weekly=OFFICE.weekly, exceptions=closures)
    moment = at(MONDAY, "10:00")
    assert state_label(open_state(schedule, moment), moment) == "已关闭 · 12月9日 09:00 开放"


def test_week_table_shows_exceptions_and_all_day():
    closures = {day(2): DayRule(day(2), closed=True, reason="国庆节")}
    table = week_table(Schedule(always_open=True, exceptions=closures), MONDAY)
    assert len(table) == 7
    assert table[0].all_day
    assert table[2].ranges == [] and table[2].reason == "国庆节"
    assert table[0].weekday_name == "周一"


def test_is_open_is_the_open_state_and_nothing_without_hours_is_open():
    assert is_open(OFFICE, at(MONDAY, "10:00")) and not is_open(OFFICE, at(MONDAY, "12:30"))
    assert is_open(RELAY, at(MONDAY, "03:00"))
    assert not is_open(None, at(MONDAY, "10:00"))


def test_weekday_runs_name_runs_of_three_or_more_and_list_the_rest():
    assert weekday_runs([0, 1, 2, 3, 4]) == "周一至周五"
    assert weekday_runs([1, 3]) == "周二、周四"
    assert weekday_runs([0, 1, 2, 4, 5]) == "周一至周三、周五、周六"
    assert weekday_runs([6]) == "周日"
