"""Rooms and the town's service points share one implementation of hours, special days, 有人值守时间 and
"open now" (``venues.models.ScheduledPlace``, ``ScheduledQuerySet``): every test here runs on both."""

import datetime as dt
from dataclasses import dataclass

import pytest

from circle.models import PointAttendedHours, PointSpecialDay, ServicePoint
from tests.factories import make_point, make_venue
from venues import status
from venues.models import AttendedHours, SpecialDay, Venue
from zhujing_center.hours import CENTRE_TZ

pytestmark = pytest.mark.django_db

T = dt.time.fromisoformat
MONDAY = dt.date(2026, 11, 30)


def at(day: dt.date, clock: str) -> dt.datetime:
    return dt.datetime.combine(day, T(clock), CENTRE_TZ)


@dataclass(frozen=True)
class Kind:
    """How to make one kind of place and its rows."""

    model: type
    make: object
    special_day: type
    attended: type
    owner: str  # the foreign key of its rows

    def special(self, place, date, **fields):
        return self.special_day.objects.create(**{self.owner: place}, date=date, **fields)

    def attend(self, place, weekday, opens, closes):
        return self.attended.objects.create(**{self.owner: place}, weekday=weekday, opens=T(opens), closes=T(closes))


KINDS = {
    "room": Kind(Venue, make_venue, SpecialDay, AttendedHours, "venue"),
    "point": Kind(ServicePoint, make_point, PointSpecialDay, PointAttendedHours, "point"),
}


@pytest.fixture(params=list(KINDS))
def kind(request) -> Kind:
    return KINDS[request.param]


WEEKDAYS_9_TO_5 = tuple((day, "09:00", "17:00") for day in range(5))


def test_weekly_rows_make_its_schedule(kind):
    place = kind.make(weekly=WEEKDAYS_9_TO_5)
    schedule = kind.model.objects.with_schedule(MONDAY).get(pk=place.pk).schedule()
    assert len(schedule.weekly) == 5 and not schedule.always_open
    assert status.room_now(schedule, at(MONDAY, "10:00")).is_open
    assert not status.room_now(schedule, at(MONDAY, "18:00")).is_open
    assert not status.room_now(schedule, at(MONDAY + dt.timedelta(days=5), "10:00")).is_open  # Saturday


def test_open_at_lists_the_places_open_then(kind):
    day_place = kind.make(weekly=WEEKDAYS_9_TO_5)
    always = kind.make(open_24_hours=True)
    assert {p.pk for p in kind.model.objects.open_at(at(MONDAY, "10:00"))} == {day_place.pk, always.pk}
    assert {p.pk for p in kind.model.objects.open_at(at(MONDAY, "03:00"))} == {always.pk}


def test_a_closed_special_day_closes_it_with_its_reason(kind):
    place = kind.make(weekly=WEEKDAYS_9_TO_5)
    kind.special(place, MONDAY, closed=True, reason="设备检修")
    loaded = kind.model.objects.with_schedule(MONDAY).get(pk=place.pk)
    now = status.room_now(loaded.schedule(), at(MONDAY, "10:00"))
    assert not now.is_open and "设备检修" in now.text


def test_special_hours_replace_the_week_for_that_day(kind):
    place = kind.make(weekly=WEEKDAYS_9_TO_5)
    kind.special(place, MONDAY, closed=False, opens=T("13:00"), closes=T("15:00"), reason="半天")
    schedule = kind.model.objects.with_schedule(MONDAY).get(pk=place.pk).schedule()
    assert not status.room_now(schedule, at(MONDAY, "10:00")).is_open
    assert status.room_now(schedule, at(MONDAY, "14:00")).is_open


def test_special_days_far_away_are_not_read_for_today(kind):
    place = kind.make(weekly=WEEKDAYS_9_TO_5)
    kind.special(place, MONDAY + dt.timedelta(days=400), closed=True)
    loaded = kind.model.objects.with_schedule(MONDAY).get(pk=place.pk)
    assert loaded.near_special_days == []


def test_attended_hours_say_when_somebody_is_there(kind):
    place = kind.make(open_24_hours=True)
    kind.attend(place, 0, "09:00", "17:00")
    loaded = kind.model.objects.with_schedule(MONDAY).prefetch_related("attended_hours").get(pk=place.pk)
    assert loaded.is_attended_part_time
    now = status.room_now(loaded.schedule(), at(MONDAY, "20:00"), loaded.attended_schedule())
    assert now.is_open and now.attended_now == "现在无人值守"
    now = status.room_now(loaded.schedule(), at(MONDAY, "10:00"), loaded.attended_schedule())
    assert now.attended_now == "现在有人值守"


def test_without_attended_hours_it_is_attended_whenever_open(kind):
    place = kind.make(weekly=WEEKDAYS_9_TO_5)
    assert not place.is_attended_part_time
    assert place.attended_schedule() == place.schedule()


def test_published_hides_drafts(kind):
    shown, hidden = kind.make(), kind.make(is_published=False)
    assert list(kind.model.objects.published().filter(pk__in=[shown.pk, hidden.pk])) == [shown]
