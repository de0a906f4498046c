"""How the kiosk's lists are split into screens: floors one at a time, activities day by day.

Pure functions over plain values (no ORM). The frame of a long page is paged a screen at a time by
``static/kiosk/kiosk.js`` (``KioskPaging``: its own rules, tested in tests/kiosk/test_screen_paging.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .night import day_label

# The ``floor`` parameter of rooms without a floor.
OTHER_FLOOR = "other"


def floor_key(floor: int | None) -> str:
    """A floor as the ``floor`` parameter of the floor guide: "2", "-1", or "other" for no floor."""
    return OTHER_FLOOR if floor is None else str(floor)


def choose_floor(value: str | None, floors: Sequence[int | None]) -> int | None:
    """The floor ``?floor=`` asks for among ``floors`` (in their order); else the first one.

    Anything odd (missing, not a floor, a floor without rooms) gives the first floor, never an error.
    """
    wanted = (value or "").strip()[:6]
    for floor in floors:
        if floor_key(floor) == wanted:
            return floor
    return floors[0] if floors else None


@dataclass(frozen=True)
class Day:
    """The entries of one day on a page of the activity list, with its heading."""

    date: dt.date
    label: str  # "今天", "明天", "周六" …
    entries: list


def by_day(entries: Iterable, today: dt.date) -> list[Day]:
    """Entries (anything with a ``date``), already in time order, grouped by their day."""
    days: list[Day] = []
    for entry in entries:
        if not days or days[-1].date != entry.date:
            days.append(Day(entry.date, day_label(entry.date, today), []))
        days[-1].entries.append(entry)
    return days
