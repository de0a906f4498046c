"""What's on: activity pages, calendar files, notices, heritage pages and the centre record."""

import datetime as dt
import re
from unittest import mock

import icalendar
import pytest
from django.utils import timezone

from activities.models import Activity, Notice
from heritage.models import HeritageItem
from venues.models import Venue
from zhujing_center.hours import CENTRE_TZ
from zhujing_center.models import Centre

pytestmark = pytest.mark.django_db


def test_activities_page_lists_each_activity_once_today_weekly_and_others(client, sample):
    morning = dt.datetime.combine(timezone.localdate(), dt.time(8), CENTRE_TZ)
    with mock.patch("django.utils.timezone.now", return_value=morning):
        response = client.get("/activities/")
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ["今天", "每周活动", "其他活动"]:
        assert f">{heading}</h2>" in html
    published = Activity.objects.published()
    # A weekly class is one card (with its next date), not one per week: 13 activities, 13 cards.
    assert html.count('class="card activity-card"') == published.count()
    for activity in published:
        assert html.count(f'href="{activity.get_absolute_url()}"') == 1, activity.slug
    guqin = Activity.objects.get(slug="guqin-beginners")
    text = re.sub(r"<[^>]+>", "", html)
    # "每周二 14:00–15:30，下次 12月8日" (or 今天有, 明天有)
    assert re.search(rf"{guqin.repeat_label} 14:00–15:30，(下次 \d+月\d+日|今天有|明天有)", text)
    assert "冬至包汤圆" in html  # the one-off keeps its date


def test_a_time_range_never_breaks_inside(client, sample):
    html = client.get("/activities/").content.decode()
    assert '<span class="time-range">07:00–08:00</span>' in html  # 太极拳晨练: "07:00–/08:00" no more


def test_weekly_class_shows_every_week(client, sample):
    guqin = Activity.objects.get(slug="guqin-beginners")
    now = timezone.now()
    found = guqin.occurrences(now, now + dt.timedelta(days=28))
    assert len(found) == 4
    assert {o.starts_at.astimezone(CENTRE_TZ).weekday() for o in found} == {1}  # Tuesdays
    assert {o.starts_at.astimezone(CENTRE_TZ).strftime("%H:%M") for o in found} == {"14:00"}


def test_activities_filter_by_audience_and_room(client, sample):
    html = client.get("/activities/", {"audience": "children-families"}).content.decode()
    assert "亲子阅读时光" in html and "古琴入门课" not in html
    html = client.get("/activities/", {"venue": "guqin-studio"}).content.decode()
    assert "古琴入门课" in html and "亲子阅读时光" not in html


@pytest.mark.parametrize(
    "query", [{"audience": "nope"}, {"venue": "x" * 500}, {"venue": "'; --"}, {"audience": "😀", "page": "-1"}]
)
def test_unknown_filters_are_ignored_with_a_notice(client, sample, query):
    response = client.get("/activities/", query)
    assert response.status_code == 200
    assert "已忽略" in response.content.decode()


def test_activity_page_shows_when_where_booking_and_calendar_link(client, sample):
    html = client.get("/activities/guqin-beginners/").content.decode()
    for text in [
        "古琴入门课",
        "古琴工作室",
        "电话预约",
        'href="tel:021-57310360"',
        "/activities/guqin-beginners.ics",
        "每周二",
        'href="/heritage/guqin/"',
    ]:
        assert text in html, text


def test_activity_calendar_file_parses_back_with_the_right_time_zone(client, sample):
    response = client.get("/activities/guqin-beginners.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(hours=8)
    assert (start.weekday(), start.hour, start.minute) == (1, 14, 0)
    assert event["rrule"]["FREQ"] == ["WEEKLY"]
    assert str(event["summary"]) == "古琴入门课"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert "古琴工作室" in str(event["location"])


def test_closed_days_are_excluded_from_the_calendar_and_the_list(client, sample):
    reading = Activity.objects.get(slug="parent-child-reading")  # Saturdays in the library
    closed_saturday = Venue.objects.get(slug="library").special_days.get(closed=True).date
    cal = icalendar.Calendar.from_ical(client.get("/activities/parent-child-reading.ics").content)
    (event,) = cal.walk("VEVENT")
    excluded = [d.dt.date() for d in event["exdate"].dts]
    assert excluded == [closed_saturday]
    start = dt.datetime.combine(closed_saturday, dt.time(0), CENTRE_TZ)
    assert reading.occurrences(start, start + dt.timedelta(days=1)) == []


def test_feed_lists_every_coming_activity(client, sample):
    cal = icalendar.Calendar.from_ical(client.get("/activities/feed.ics").content)
    titles = {str(event["summary"]) for event in cal.walk("VEVENT")}
    assert titles == set(Activity.objects.values_list("title", flat=True))


def test_drafts_and_unknown_activities_are_404(client, sample):
    Activity.objects.filter(slug="guqin-beginners").update(is_published=False)
    assert client.get("/activities/guqin-beginners/").status_code == 404
    assert client.get("/activities/guqin-beginners.ics").status_code == 404
    assert client.get("/activities/nope/").status_code == 404
    assert "古琴入门课" not in client.get("/activities/").content.decode()


def test_home_shows_todays_activities_and_current_notices(client, sample):
    today = timezone.localdate()
    noon = dt.datetime.combine(today, dt.time(8), CENTRE_TZ)
    with mock.patch("django.utils.timezone.now", return_value=noon):
        html = client.get("/").content.decode()
    assert "社区图书馆闭馆" in html
    todays = [a.title for a in Activity.objects.all() if a.occurrences(noon, noon + dt.timedelta(hours=16))]
    for title in todays:
        assert title in html


def test_notices_appear_only_while_current(client, sample):
    notice = Notice.objects.get()
    assert list(Notice.objects.current()) == [notice]
    assert not Notice.objects.current(notice.ends_at)
    assert not Notice.objects.current(notice.starts_at - dt.timedelta(seconds=1))
    Notice.objects.update(is_published=False)
    assert "社区图书馆闭馆" not in client.get("/").content.decode()


def test_heritage_collection_and_item_pages(client, sample):
    html = client.get("/heritage/").content.decode()
    for name in ["朱泾花灯", "钹子书", "邵氏推拿", "古琴", "串码灯"]:
        assert name in html
    item = client.get("/heritage/zhujing-lantern/").content.decode()
    assert 'href="/venues/lantern-studio/"' in item
    assert "花灯制作体验课" in item
    assert client.get("/heritage/nope/").status_code == 404


def test_heritage_hall_links_to_the_collection(client, sample):
    html = client.get("/venues/heritage-hall/").content.decode()
    assert 'href="/heritage/"' in html
    assert "钹子书" in html and "钹子书欣赏" in html


def test_unpublished_studio_is_not_linked(client, sample):
    Venue.objects.filter(slug="lantern-studio").update(is_published=False)
    assert "/venues/lantern-studio/" not in client.get("/heritage/zhujing-lantern/").content.decode()
    HeritageItem.objects.filter(slug="guqin").update(is_published=False)
    assert client.get("/heritage/guqin/").status_code == 404


def test_centre_record_is_in_the_footer_and_about_page(client, sample):
    centre = Centre.objects.get()
    centre.phone = "021-12345678"
    centre.hours = "周一至周五 09:00–17:00"
    centre.save()
    for url in ["/", "/services/", "/activities/", "/heritage/", "/nope/"]:
        html = client.get(url).content.decode()
        assert 'href="tel:021-12345678"' in html and "周一至周五 09:00–17:00" in html, url
    about = client.get("/about/").content.decode()
    for body in ["新时代文明实践分中心", "社区事务受理服务中心", "社区卫生服务中心"]:
        assert body in about
    assert "人民路360号" in about


def test_sample_activities_sit_inside_their_rooms_hours(sample):
    from zhujing_center import hours

    now = timezone.now()
    for activity in Activity.objects.select_related("venue"):
        schedule = Venue.objects.with_schedule().get(pk=activity.venue_id).schedule()
        for occurrence in activity.occurrences(now, now + dt.timedelta(days=7)):
            state = hours.open_state(schedule, occurrence.starts_at)
            assert state.is_open, (activity.slug, occurrence.starts_at)


def test_an_activity_page_says_its_rhythm_once_and_lists_the_coming_dates(client, sample):
    html = client.get("/activities/taiji-morning/").content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert re.search(r"每周一 07:00–08:00，(下次 \d+月\d+日|今天有|明天有|正在进行)", text)
    # The weekly dates without their (same) weekday and time again; the summary is not repeated as the intro.
    dates = re.search(r'<ul class="dates dates-only">(.*?)</ul>', html).group(1)
    assert "07:00" not in re.sub(r"<[^>]+>", "", dates) and dates.count("<li>") >= 2
    assert ">活动介绍</h2>" not in html  # the sample's description is its summary
    Activity.objects.filter(slug="guqin-beginners").update(description="琴由工作室提供，不用自带。")
    assert ">活动介绍</h2>" in client.get("/activities/guqin-beginners/").content.decode()
