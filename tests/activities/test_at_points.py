"""Activities held at the town's service points (居民区、村的党群服务站) rather than in a room of the centre:
staff pick one place or the other; the point's page (site and kiosk) lists them, with a calendar feed;
the activity's page, its .ics and its JSON-LD name the point and its address; the point's closures and
publishing count as a room's do."""

import datetime as dt
import json
import re

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.models import Activity, Repeat
from circle.models import PointSpecialDay
from tests.factories import make_point, make_venue
from zhujing_center.hours import CENTRE_TZ

pytestmark = pytest.mark.django_db


def next_weekday(weekday: int) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)


@pytest.fixture
def point():
    return make_point(name="临源二村居民区党群服务站", slug="linyuan-station", address="朱泾镇临源二村12号")


@pytest.fixture
def class_at_point(point):
    start = dt.datetime.combine(next_weekday(2), dt.time(9, 30), CENTRE_TZ)
    return Activity.objects.create(
        title="智能手机课",
        slug="phone-class",
        summary="教老人用手机挂号",
        point=point,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        repeat=Repeat.WEEKLY,
    )


def test_an_activity_needs_a_room_or_a_point_and_not_both(point):
    start = timezone.now()
    activity = Activity(title="课", slug="a", summary="s", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as nowhere:
        activity.full_clean()
    assert "venue" in nowhere.value.message_dict
    activity.venue, activity.point = make_venue(), point
    with pytest.raises(ValidationError) as both:
        activity.full_clean()
    assert both.value.message_dict["point"] == ["场所和服务站点只能选一个。"]
    activity.venue = None
    activity.full_clean()  # a point alone is enough


def test_the_points_page_lists_its_activities_with_a_calendar_feed(client, class_at_point):
    html = client.get("/circle/linyuan-station/").content.decode()
    assert "近期活动" in html and 'href="/activities/phone-class/"' in html
    assert 'href="/activities/at/linyuan-station.ics"' in html
    kiosk = client.get("/kiosk/circle/points/linyuan-station/").content.decode()
    assert 'href="/kiosk/activities/phone-class/"' in kiosk


def test_the_point_feed_holds_only_its_activities(client, class_at_point):
    start = class_at_point.starts_at
    Activity.objects.create(
        title="古琴课", slug="guqin", summary="s", venue=make_venue(), starts_at=start, ends_at=start
    )
    response = client.get("/activities/at/linyuan-station.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["智能手机课"]
    assert str(events[0]["location"]) == "临源二村居民区党群服务站，朱泾镇临源二村12号"
    assert client.get("/activities/at/no-such-point.ics").status_code == 404


def test_the_activity_page_names_the_point_and_its_address(client, class_at_point):
    html = client.get("/activities/phone-class/").content.decode()
    assert 'href="/circle/linyuan-station/"' in html and "朱泾镇临源二村12号" in html
    (data,) = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        if '"Event"' in block
    ]
    assert data["location"]["name"] == "临源二村居民区党群服务站"
    assert data["location"]["address"]["streetAddress"] == "朱泾镇临源二村12号"
    kiosk = client.get("/kiosk/activities/phone-class/").content.decode()
    assert 'href="/kiosk/circle/points/linyuan-station/"' in kiosk


def test_the_lists_name_the_point(client, class_at_point):
    html = client.get("/activities/").content.decode()
    assert '<span class="where">临源二村居民区党群服务站</span>' in html


def test_an_unpublished_point_hides_its_activities(client, class_at_point, point):
    point.is_published = False
    point.save()
    assert not Activity.objects.published().filter(pk=class_at_point.pk).exists()
    assert client.get("/activities/phone-class/").status_code == 404


def test_a_closure_of_the_point_skips_that_date(class_at_point, point):
    first = timezone.localdate(class_at_point.starts_at)
    PointSpecialDay.objects.create(point=point, date=first, closed=True, reason="检修")
    now = timezone.now()
    start, end = now, now + dt.timedelta(days=21)
    listed = Activity.objects.for_listing(start, end).get(pk=class_at_point.pk)
    dates = [timezone.localdate(o.starts_at) for o in listed.occurrences(start, end)]
    assert first not in dates and len(dates) == 2
    assert dates == [timezone.localdate(o.starts_at) for o in class_at_point.occurrences(start, end)]
