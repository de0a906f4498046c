"""The "open now" filter (``ServiceQuerySet.open_at``: rooms worked out once, services with their own hours
one by one) agrees with the pure rule (Service.schedule() + zhujing_center.hours.open_state), as the badges show it."""

import datetime as dt

import pytest
from django.utils import timezone

from services.models import Service, ServiceHours
from tests.factories import make_special_day
from zhujing_center import hours

pytestmark = pytest.mark.django_db


def by_rule(now) -> set[str]:
    found = set()
    for service in Service.objects.published().for_cards():
        schedule = service.schedule()
        if not service.is_suspended and schedule and hours.open_state(schedule, now).is_open:
            found.add(service.slug)
    return found


def by_filter(now) -> set[str]:
    return set(Service.objects.published().open_at(now).values_list("slug", flat=True))


def test_filter_matches_the_rule_across_a_week(catalogue):
    today = timezone.localdate()
    # A late range running past midnight in the 24-hour relay station, and a room closed tomorrow for a holiday.
    late = Service.objects.get(slug="yiwangtongban-zizhu-zhongduan")
    ServiceHours.objects.create(service=late, weekday=today.weekday(), opens=dt.time(22), closes=dt.time(1, 30))
    health = Service.objects.get(slug="mianfei-liang-xueya").venues.get()
    make_special_day(health, today + dt.timedelta(days=1), reason="元旦")
    start = timezone.make_aware(dt.datetime.combine(today, dt.time(0)), hours.CENTRE_TZ)
    moments = [start + dt.timedelta(minutes=70 * step) for step in range(7 * 24 * 60 // 70)]
    moments += [start + dt.timedelta(days=1, minutes=m) for m in (-1, 0, 1, 89, 90, 91)]
    seen_open = set()
    for moment in moments:
        found = by_filter(moment)
        assert found == by_rule(moment), moment
        seen_open |= found
    assert "yiwangtongban-zizhu-zhongduan" in by_filter(start + dt.timedelta(days=1, minutes=60))
    assert "yiwangtongban-zizhu-zhongduan" not in by_filter(start + dt.timedelta(days=1, minutes=90))
    assert len(seen_open) > 60  # most of the catalogue is open at some moment of the week


def test_a_service_with_its_own_hours_and_no_room_is_open_in_its_hours():
    from tests.factories import make_service

    now = timezone.localtime(timezone.now(), hours.CENTRE_TZ)
    early, late = dt.time(0, 0), dt.time(23, 59)
    home_visits = make_service(slug="home-visits", own_hours=((now.weekday(), "00:00", "23:59"),))
    assert (early <= now.time() < late) == Service.objects.filter(pk=home_visits.pk).open_at(now).exists()
    assert not Service.objects.filter(pk=home_visits.pk).open_at(now + dt.timedelta(days=1)).exists()
