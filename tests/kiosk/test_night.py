"""After hours on the kiosk: when is it "night", which day and times the loop shows, which activities."""

import datetime as dt
from dataclasses import dataclass

import pytest

from kiosk import night
from zhujing_center.hours import CENTRE_TZ, DayRule, Schedule, WeeklyRange

# Wednesday 2 December 2026, in Shanghai.
WEDNESDAY = dt.date(2026, 12, 2)


def at(day: dt.date, clock: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), CENTRE_TZ)


def every_day(*ranges: tuple[str, str], exceptions: dict | None = None) -> Schedule:
    weekly = tuple(
        WeeklyRange(day, dt.time.fromisoformat(opens), dt.time.fromisoformat(closes))
        for day in range(7)
        for opens, closes in ranges
    )
    return Schedule(weekly=weekly, exceptions=exceptions or {})


@dataclass
class Room:
    open_24_hours: bool


RELAY = Room(open_24_hours=True)
HALL = Room(open_24_hours=False)


# --- after_hours --------------------------------------------------------------------------------


def test_it_is_after_hours_when_only_the_relay_station_is_open():
    assert night.after_hours([RELAY, HALL], open_now=[RELAY])


def test_it_is_after_hours_when_nothing_is_open():
    assert night.after_hours([RELAY, HALL], open_now=[])


def test_it_is_not_after_hours_while_a_regular_room_is_open():
    assert not night.after_hours([RELAY, HALL], open_now=[RELAY, HALL])


def test_an_empty_catalogue_is_never_after_hours():
    assert not night.after_hours([], open_now=[])


def test_a_centre_of_round_the_clock_places_only_is_never_after_hours():
    assert not night.after_hours([RELAY], open_now=[RELAY])


# --- next_opening -------------------------------------------------------------------------------

ROOMS = [
    ("社区事务受理大厅", every_day(("09:00", "12:00"), ("13:30", "17:00"))),
    ("市民健身驿站", every_day(("06:30", "21:00"))),
    ("社区图书馆", every_day(("09:00", "20:30"))),
]


def test_in_the_evening_it_shows_tomorrow_grouped_by_first_opening_time():
    found = night.next_opening(ROOMS, at(WEDNESDAY, "22:30"))
    assert found.date == WEDNESDAY + dt.timedelta(days=1)
    assert found.label == "明天"
    assert [(o.opens, o.names) for o in found.openings] == [
        (dt.time(6, 30), ("市民健身驿站",)),
        (dt.time(9, 0), ("社区事务受理大厅", "社区图书馆")),
    ]
    assert found.closed == ()


def test_before_dawn_it_shows_this_morning():
    found = night.next_opening(ROOMS, at(WEDNESDAY, "03:00"))
    assert found.date == WEDNESDAY
    assert found.label == "今天"
    assert found.openings[0].opens == dt.time(6, 30)


def test_after_a_morning_opening_only_the_openings_still_ahead_count():
    found = night.next_opening(ROOMS, at(WEDNESDAY, "12:30"))
    assert found.date == WEDNESDAY
    assert [(o.opens, o.names) for o in found.openings] == [(dt.time(13, 30), ("社区事务受理大厅",))]


def test_a_room_closed_that_day_is_listed_with_its_reason():
    thursday = WEDNESDAY + dt.timedelta(days=1)
    rooms = [
        *ROOMS[:2],
        ("社区图书馆", every_day(("09:00", "20:30"), exceptions={thursday: DayRule(thursday, True, (), "盘点")})),
    ]
    found = night.next_opening(rooms, at(WEDNESDAY, "22:00"))
    assert found.closed == (("社区图书馆", "盘点"),)
    assert all("社区图书馆" not in o.names for o in found.openings)


def test_a_day_when_everything_is_closed_is_skipped():
    thursday = WEDNESDAY + dt.timedelta(days=1)
    holiday = {thursday: DayRule(thursday, True, (), "元旦")}
    rooms = [(name, every_day(("09:00", "17:00"), exceptions=holiday)) for name in ("大厅", "图书馆")]
    found = night.next_opening(rooms, at(WEDNESDAY, "22:00"))
    assert found.date == WEDNESDAY + dt.timedelta(days=2)
    assert found.label == "周五"


def test_nothing_opening_within_the_horizon_gives_none():
    assert night.next_opening([("古琴工作室", Schedule())], at(WEDNESDAY, "22:00")) is None
    assert night.next_opening([], at(WEDNESDAY, "22:00")) is None


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError):
        night.next_opening(ROOMS, dt.datetime(2026, 12, 2, 22, 0))


@pytest.mark.parametrize(
    ("offset", "label"), [(0, "今天"), (1, "明天"), (2, "周五"), (6, "周二"), (7, "12月9日 周三"), (40, "1月11日 周一")]
)
def test_day_label(offset, label):
    assert night.day_label(WEDNESDAY + dt.timedelta(days=offset), WEDNESDAY) == label


# --- entries_on ---------------------------------------------------------------------------------


@dataclass
class Entry:
    title: str
    date: dt.date


def test_entries_on_keeps_that_days_entries_in_order_up_to_the_limit():
    thursday = WEDNESDAY + dt.timedelta(days=1)
    entries = [Entry("晚", WEDNESDAY), Entry("太极", thursday), Entry("推拿", thursday), Entry("古琴", thursday)]
    assert [e.title for e in night.entries_on(entries, thursday, limit=2)] == ["太极", "推拿"]
    assert night.entries_on(entries, thursday + dt.timedelta(days=1), limit=2) == []


def test_entries_after_fill_up_to_the_limit_with_the_following_days():
    thursday = WEDNESDAY + dt.timedelta(days=1)
    friday = thursday + dt.timedelta(days=1)
    entries = [Entry("太极", thursday), Entry("讲座", friday), Entry("党课", friday)]
    assert [e.title for e in night.entries_after(entries, thursday, limit=1)] == ["讲座"]
    assert night.entries_after(entries, thursday, limit=0) == []
    assert night.entries_after(entries, thursday, limit=-2) == []
