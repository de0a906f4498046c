"""The page cache against the pages themselves: a cached page is the page, and every edit shows at once.

- every address in the sitemap, and the kiosk's, read with the page cache off and from it (a hit) give
  the same bytes (the clock pinned, since pages say what is open now);
- an edit of each content model, committed, shows on the next request of every page type that shows it
  (each of them cached before the edit).
"""

import datetime as dt
import re
from unittest import mock

import pytest
from django.utils import timezone

from activities.models import Activity, Notice
from circle.models import (
    Area,
    PointAttendedHours,
    PointOpeningHours,
    PointPhoto,
    PointService,
    PointSpecialDay,
    ServicePoint,
)
from heritage.models import HeritageItem, HeritagePhoto
from services.models import Audience, Category, Service, ServiceHours, Synonym
from venues.models import AttendedHours, Floor, FloorMark, OpeningHours, SpecialDay, Venue, VenuePhoto
from zhujing_center import page_cache
from zhujing_center.models import Centre, CentreBody, CentrePhoneHours

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def kiosk_urls() -> list[str]:
    service = Service.objects.published().first()
    venue = Venue.objects.published().first()
    activity = Activity.objects.published().first()
    return [
        "/kiosk/",
        "/kiosk/home/",
        f"/kiosk/category/{service.category.slug}/",
        f"/kiosk/services/{service.slug}/",
        "/kiosk/venues/",
        f"/kiosk/venues/{venue.slug}/",
        f"/kiosk/activities/{activity.slug}/",
        "/kiosk/letters/xy/",
    ]


def sitemap_urls(client) -> list[str]:
    xml = client.get("/sitemap.xml").content.decode()
    return [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", xml)]


def test_a_cached_page_is_the_page(client, sample, settings):
    extra = ["/services/?q=xueya", "/services/?open=on", "/services/?page=2", "/activities/feed.ics"]
    urls = sitemap_urls(client) + kiosk_urls() + extra
    assert len(urls) > 100
    with mock.patch("django.utils.timezone.now", return_value=NOON):
        settings.PAGE_CACHE_SECONDS = 0
        fresh = {url: client.get(url) for url in urls}
        settings.PAGE_CACHE_SECONDS = 60
        for url in urls:
            client.get(url)
        cached = {url: client.get(url) for url in urls}
    for url in urls:
        assert fresh[url].status_code == cached[url].status_code == 200, url
        assert cached[url].content == fresh[url].content, url
        assert cached[url]["Content-Type"] == fresh[url]["Content-Type"], url
    hits = [url for url in urls if cached[url].get("X-Page-Cache") == "hit"]
    assert set(urls) - set(hits) == set(kiosk_urls())  # the kiosk's pages are never stored (never_cache)


# Page types, each by a page of the sample that the edits below touch.
def pages() -> dict[str, str]:
    service = Service.objects.get(slug="mianfei-liang-xueya")
    room = service.venues.get()
    activity = Activity.objects.published().filter(venue=room).first() or Activity.objects.published().first()
    item = HeritageItem.objects.published().first()
    return {
        "home": "/",
        "catalogue": "/services/",
        "category": service.category.get_absolute_url(),
        "search": "/services/?q=xueya",
        "service": service.get_absolute_url(),
        "rooms": "/venues/",
        "room": room.get_absolute_url(),
        "activities": "/activities/",
        "activity": activity.get_absolute_url(),
        "heritage": "/heritage/",
        "heritage item": item.get_absolute_url(),
        "studio": item.studio.get_absolute_url(),
        "about": "/about/",
        "site search": "/search/?q=量一量",
        "floors": "/venues/floors/",
        "circle": "/circle/?area=linyuan-2",
        "point": "/circle/linyuan-2-station/",
    }


def edit_category():
    category = Service.objects.get(slug="mianfei-liang-xueya").category
    category.name = "卫生健康服务"
    category.save()
    return "卫生健康服务", ("home", "catalogue", "category", "service", "about")


def edit_audience():
    audience = Audience.objects.first()
    audience.name = "全体居民朋友"
    audience.save()
    return "全体居民朋友", ("catalogue", "activities")


def edit_service():
    service = Service.objects.get(slug="mianfei-liang-xueya")
    service.summary = "改过的简介：每天上午都可以来"
    service.save()
    return "改过的简介：每天上午都可以来", ("category", "search", "service", "room")


def edit_service_hours():
    service = Service.objects.get(slug="mianfei-liang-xueya")
    ServiceHours.objects.create(service=service, weekday=2, opens=dt.time(10, 5), closes=dt.time(10, 55))
    return "10:55", ("service",)


def edit_venue():
    room = Service.objects.get(slug="mianfei-liang-xueya").venues.get()
    room.name = "健康小屋改名"
    room.save()
    return "健康小屋改名", ("catalogue", "category", "search", "service", "rooms", "room")


def edit_opening_hours():
    room = Service.objects.get(slug="mianfei-liang-xueya").venues.get()
    row = OpeningHours.objects.filter(venue=room).first()
    row.closes = dt.time(21, 50)
    row.save()
    return "21:50", ("room",)


def edit_special_day():
    room = Service.objects.get(slug="mianfei-liang-xueya").venues.get()
    SpecialDay.objects.create(venue=room, date=timezone.localdate() + dt.timedelta(days=2), reason="设备检修日")
    return "设备检修日", ("room",)


def edit_activity():
    activity = Activity.objects.get(pk=Activity.objects.published().first().pk)
    activity.title = "改名后的活动"
    activity.save()
    return "改名后的活动", ("activities", "activity")


def edit_notice():
    Notice.objects.create(title="明天上午停电检修", ends_at=timezone.now() + dt.timedelta(days=1))
    return "明天上午停电检修", ("home",)


def edit_heritage_item():
    item = HeritageItem.objects.published().first()
    item.name = "改名后的非遗"
    item.save()
    return "改名后的非遗", ("heritage", "heritage item", "studio")


def edit_heritage_photo():
    item = HeritageItem.objects.published().first()
    # A row naming a stored file (width and height known, so nothing reads it): what the admin's upload saves.
    HeritagePhoto.objects.create(item=item, image="heritage/photos/a.jpg", width=640, height=480, alt="一盏走马灯")
    return "一盏走马灯", ("heritage", "heritage item")


def edit_synonym():
    Synonym.objects.create(words="量一量 血压")  # now 量一量 finds what 血压 finds
    return "慢病随访管理", ("site search",)  # its keyword 高血压随访 (the name is marked up)


def edit_centre():
    centre = Centre.load()
    centre.phone = "021-5555 0000"
    centre.save()
    return "021-5555 0000", tuple(pages())


def edit_centre_body():
    body = CentreBody.objects.first()
    body.name = "改名后的入驻机构"
    body.save()
    return "改名后的入驻机构", ("about",)


def edit_floor():
    floor = Floor.objects.get(number=1)
    floor.summary = "一楼改过的说明"
    floor.save()
    return "一楼改过的说明", ("floors",)


def edit_floor_mark():
    mark = FloorMark.objects.filter(kind="lift").first()
    mark.label = "观光电梯"
    mark.save()
    return "观光电梯", ("floors",)


def edit_attended_hours():
    room = Service.objects.get(slug="mianfei-liang-xueya").venues.get()
    AttendedHours.objects.create(venue=room, weekday=2, opens=dt.time(9, 10), closes=dt.time(10, 40))
    return "09:10–10:40", ("room",)


def edit_centre_phone_hours():
    row = CentrePhoneHours.objects.filter(weekday=0).first()
    row.closes = dt.time(19, 40)
    row.save()
    return "19:40", ("about",)


def edit_service_rooms():
    service = Service.objects.get(slug="mianfei-liang-xueya")
    other = Venue.objects.published().exclude(pk=service.venues.get().pk).order_by("floor").first()
    service.venues.set([other])
    return other.name, ("service",)


def station() -> ServicePoint:
    return ServicePoint.objects.get(slug="linyuan-2-station")


def edit_area():
    area = Area.objects.get(slug="linyuan-2")
    area.name = "临源二村居民区（改名）"
    area.save()
    return "临源二村居民区（改名）", ("circle", "point")


def edit_point():
    point = station()
    point.address = "朱泾镇临源街新地址88号"
    point.save()
    return "朱泾镇临源街新地址88号", ("circle", "point")


def edit_point_areas():
    point = station()
    point.areas.add(Area.objects.get(slug="hehua"))
    return "荷花居民区", ("point",)


def edit_point_hours():
    row = PointOpeningHours.objects.filter(point=station()).first()
    row.closes = dt.time(16, 35)
    row.save()
    return "16:35", ("point",)


def edit_point_attended_hours():
    PointAttendedHours.objects.create(point=station(), weekday=1, opens=dt.time(9, 5), closes=dt.time(9, 55))
    return "09:05–09:55", ("point",)


def edit_point_special_day():
    PointSpecialDay.objects.create(point=station(), date=timezone.localdate() + dt.timedelta(days=1), reason="站点检修")
    return "站点检修", ("point",)


def edit_point_service():
    offer = PointService.objects.filter(point=station()).first()
    offer.note = "每周三下午才有律师"
    offer.save()
    return "每周三下午才有律师", ("point",)


EDITS = {
    Category: edit_category,
    Audience: edit_audience,
    Service: edit_service,
    ServiceHours: edit_service_hours,
    Service.venues.through: edit_service_rooms,
    Venue: edit_venue,
    OpeningHours: edit_opening_hours,
    SpecialDay: edit_special_day,
    Activity: edit_activity,
    Notice: edit_notice,
    HeritageItem: edit_heritage_item,
    Synonym: edit_synonym,
    HeritagePhoto: edit_heritage_photo,
    Centre: edit_centre,
    CentreBody: edit_centre_body,
    Floor: edit_floor,
    FloorMark: edit_floor_mark,
    AttendedHours: edit_attended_hours,
    CentrePhoneHours: edit_centre_phone_hours,
    Area: edit_area,
    ServicePoint: edit_point,
    ServicePoint.areas.through: edit_point_areas,
    PointOpeningHours: edit_point_hours,
    PointAttendedHours: edit_point_attended_hours,
    PointSpecialDay: edit_point_special_day,
    PointService: edit_point_service,
}


def test_every_content_model_has_an_edit_here():
    # Left out, with a reason: photos need an upload (tests/browser/test_staff_journeys.py uploads one and
    # reads the room page); audience and activity links are edited with their rows.
    untested = {VenuePhoto, PointPhoto, Service.audiences.through, Activity.audiences.through}
    assert set(page_cache.content_models()) - set(EDITS) == untested


@pytest.mark.parametrize("model", list(EDITS), ids=lambda model: model._meta.label)
def test_an_edit_shows_on_the_next_request_of_every_page_showing_it(client, sample, commit, model):
    addresses = pages()
    for url in addresses.values():
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    text, shown_on = EDITS[model]()
    commit()
    for name in shown_on:
        response = client.get(addresses[name])
        assert response["X-Page-Cache"] == "miss", name
        assert text in response.content.decode(), f"{model._meta.label}: {name} ({addresses[name]})"
