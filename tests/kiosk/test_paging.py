"""How the kiosk's lists are split into screens: one floor at a time, activities under their day."""

import datetime as dt
from dataclasses import dataclass

import pytest

from kiosk import paging

FLOORS = [1, 2, 3, None]


@pytest.mark.parametrize(
    ("value", "floor"),
    [
        (None, 1),
        ("", 1),
        ("2", 2),
        (" 3 ", 3),
        ("other", None),
        ("4", 1),  # a floor without rooms
        ("-1", 1),
        ("abc", 1),
        ("2" * 400, 1),
        ("%00", 1),
    ],
)
def test_choose_floor(value, floor):
    assert paging.choose_floor(value, FLOORS) == floor


def test_choose_floor_of_a_centre_without_rooms():
    assert paging.choose_floor("1", []) is None


@pytest.mark.parametrize(("floor", "key"), [(1, "1"), (-1, "-1"), (None, "other")])
def test_floor_key_round_trips(floor, key):
    assert paging.floor_key(floor) == key
    assert paging.choose_floor(key, [5, floor]) == floor


@dataclass
class Entry:
    title: str
    date: dt.date


def test_by_day_groups_consecutive_entries_under_their_day():
    today = dt.date(2026, 12, 2)
    tomorrow = today + dt.timedelta(days=1)
    entries = [Entry("a", today), Entry("b", today), Entry("c", tomorrow)]
    days = paging.by_day(entries, today)
    assert [(d.label, [e.title for e in d.entries]) for d in days] == [("今天", ["a", "b"]), ("明天", ["c"])]
    assert paging.by_day([], today) == []
