"""When a (possibly repeating) activity takes place: pure functions, no ORM.

An activity has a first occurrence (start and end, aware) and may repeat every
N weeks until a date. Repeats keep the wall-clock time in the centre's time zone.
Dates on which its room is closed (a holiday) are skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhujing_center.hours import CENTRE_TZ

# A repeating activity without an end date is shown this far ahead at most.
MAX_WEEKS = 104


@dataclass(frozen=True)
class Rule:
    starts_at: dt.datetime
    ends_at: dt.datetime
    every_weeks: int = 0  # 0: once; 1: weekly; 2: every other week …
    until: dt.date | None = None
    skip: frozenset[dt.date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Occurrence:
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def date(self) -> dt.date:
        return self.starts_at.astimezone(CENTRE_TZ).date()


def occurrences(rule: Rule, window_start: dt.datetime, window_end: dt.datetime) -> list[Occurrence]:
    """Occurrences that overlap [window_start, window_end), in order."""
    first = rule.starts_at.astimezone(CENTRE_TZ)
    length = rule.ends_at - rule.starts_at
    found: list[Occurrence] = []
    if rule.every_weeks <= 0:
        candidates = [first]
    else:
        step = dt.timedelta(weeks=rule.every_weeks)
        # Jump close to the window instead of walking from the first occurrence.
        skip_steps = max(0, (window_start - length - rule.starts_at) // step)
        candidates = (
            dt.datetime.combine(first.date() + step * n, first.timetz())
            for n in range(skip_steps, MAX_WEEKS // rule.every_weeks + 1)
        )
    for start in candidates:
        if start >= window_end:
            break
        if rule.until is not None and start.date() > rule.until:
            break
        end = start + length
        if end > window_start and start.date() not in rule.skip:
            found.append(Occurrence(start, end))
    return found


def next_occurrence(rule: Rule, now: dt.datetime, horizon_days: int = 370) -> Occurrence | None:
    """The occurrence running now or the next one, if any within the horizon."""
    found = occurrences(rule, now, now + dt.timedelta(days=horizon_days))
    return found[0] if found else None
