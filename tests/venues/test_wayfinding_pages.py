"""Where is it and whom to call: a room's first lines, 楼层导览, the about page's directions, phones with
their hours on every page, and how to book a service (against the sample catalogue)."""

import datetime as dt
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.models import Service
from venues.models import Venue
from zhujing_center import maps
from zhujing_center.models import Centre

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))
WEDNESDAY_10 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=TZ)
WEDNESDAY_23 = dt.datetime(2026, 12, 2, 23, 0, tzinfo=TZ)


def page(client, url: str, now: dt.datetime = WEDNESDAY_10, large: bool = False) -> str:
    if large:
        client.cookies["display"] = "large"
    with mock.patch("django.utils.timezone.now", return_value=now):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text_of(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


# ------------------------------------------------------------------ a room's page
def test_a_room_page_leads_with_open_now_and_how_to_get_there(client, sample):
    html = page(client, "/venues/heritage-hall/")
    main = text_of(html[html.index("<h1>") :])
    firsts = [
        main.index(words) for words in ("正在开放，今天09:00–16:30", "怎么走", "从正门", "从大厅触摸屏", "开放时间")
    ]
    assert firsts == sorted(firsts)
    assert main.index("从正门") < main.index("三楼非遗展厅，集中展示")  # the route before the summary
    assert "出电梯正前方（南）就是展厅入口" in main
    assert 'href="/venues/floors/?room=heritage-hall#floor-3"' in html


def test_a_closed_room_says_when_it_opens(client, sample):
    assert "已关闭，明天09:00开放" in text_of(page(client, "/venues/heritage-hall/", WEDNESDAY_23))


def test_the_relay_station_at_night_is_open_unattended_and_its_phone_says_when_it_is_answered(client, sample):
    main = text_of(page(client, "/venues/relay-station/", WEDNESDAY_23))
    assert "24小时开放" in main and "现在无人值守" in main
    assert "每天08:30–20:30有人值守，其余时间无人值守" in main
    centre = Centre.load()
    assert centre.phone in main
    assert "现在不在接听时间，明天08:30起接听" in main
    assert "现在没人接听时，可以：" in main and "12345" in main and "110" in main


def test_in_the_day_the_relay_station_is_attended_and_its_phone_answered(client, sample):
    main = text_of(page(client, "/venues/relay-station/"))
    assert "现在有人值守" in main and "正在接听，今天08:30–20:30" in main
    assert "现在没人接听时" not in main


def test_a_rooms_own_number_is_answered_in_its_own_hours(client, sample):
    main = text_of(page(client, "/venues/affairs-hall/", dt.datetime(2026, 12, 2, 12, 30, tzinfo=TZ)))
    assert "021-57310361" in main and "现在不在接听时间，今天13:30起接听" in main
    assert "接听时间：周一至周五09:00–12:00、13:30–17:00；周六09:00–12:00" in main


def test_a_room_not_on_a_floor_plan_has_no_link_to_it(client, sample):
    Venue.objects.filter(slug="library").update(plan_column=None, plan_row=None)
    assert "在楼层图上看" not in page(client, "/venues/library/")


# ------------------------------------------------------------------ 楼层导览
def test_the_floor_guide_lists_every_floor_in_order_with_a_diagram(client, sample):
    html = page(client, "/venues/floors/")
    assert [f"floor-{n}" for n in (1, 2, 3)] == re.findall(r'<section id="(floor-\d+)"', html)
    published = Venue.objects.published()
    for venue in published:
        assert f'id="room-{venue.slug}"' in html, venue.slug
    assert html.count('<svg class="floor-plan"') == 3
    assert "<title>正门（人民路）</title>" in html and "<title>电梯</title>" in html and "<title>触摸屏</title>" in html
    first_floor = html[html.index('id="floor-1"') : html.index('id="floor-2"')]
    number = r'<span class="room-number" aria-hidden="true">(\d+)</span>'
    names = re.findall(r'<p class="floor-room-name">' + number + r'<a href="[^"]+">([^<]+)</a>', first_floor)
    assert [name for _, name in names] == [v.name for v in published.filter(floor=1)]
    assert [int(n) for n, _ in names] == list(range(1, len(names) + 1))
    assert (
        '<a href="/venues/affairs-hall/" class="plan-room kind-hall"><title>1. 社区事务受理大厅</title>' in first_floor
    )


def test_the_floor_guide_marks_the_room_asked_for(client, sample):
    html = page(client, "/venues/floors/?room=heritage-hall")
    assert "非遗展厅在3楼，图上用红色标出。" in text_of(html)
    assert 'class="plan-room kind-exhibition is-highlighted"' in html
    assert '<li id="room-heritage-hall" class="is-highlighted">' in html
    assert html.count("is-highlighted") == 2


def test_an_unknown_room_on_the_floor_guide_is_just_the_guide(client, sample):
    html = page(client, "/venues/floors/?room=<script>")
    assert "is-highlighted" not in html and "<script>" not in html.split("<main", 1)[1]


def test_in_large_text_the_diagram_has_big_numbers_and_no_small_links(client, sample):
    html = page(client, "/venues/floors/", large=True)
    plans = re.findall(r'<svg class="floor-plan".*?</svg>', html, re.S)
    assert plans and all("<a " not in plan for plan in plans)
    assert all('r="25"' in plan for plan in plans)


def test_the_floor_guide_is_linked_from_the_rooms_page_and_the_sitemap(client, sample):
    assert 'href="/venues/floors/"' in page(client, "/venues/")
    assert "/venues/floors/</loc>" in client.get("/sitemap.xml").content.decode()


# ------------------------------------------------------------------ the about page
def test_the_about_page_map_links_pin_the_centres_coordinates(client, sample):
    centre = Centre.load()
    html = page(client, "/about/")
    directions = html[html.index('id="directions-heading"') :]
    lat, lng = maps.app_degrees(centre.coordinates)  # WGS-84 stored, GCJ-02 given to the apps
    assert f"uri.amap.com/marker?position={lng},{lat}" in directions
    assert f"api.map.baidu.com/marker?location={lat},{lng}" in directions and "coord_type=gcj02" in directions
    assert f"apis.map.qq.com/uri/v1/marker?marker=coord:{lat},{lng};title:" in directions
    for line in centre.bus_stop_list + centre.parking_list:
        assert line in html


def test_without_coordinates_the_map_links_search_the_address(client, sample):
    Centre.objects.update(latitude=None, longitude=None)
    html = page(client, "/about/")
    assert "uri.amap.com/search?keyword=" in html and "/marker?" not in html


def test_the_about_page_phone_carries_its_hours(client, sample):
    assert "正在接听，今天08:30–20:30" in text_of(page(client, "/about/"))


def test_the_about_page_phone_at_night_says_when_to_call_and_what_works_now(client, sample):
    main = text_of(page(client, "/about/", WEDNESDAY_23))
    assert "现在不在接听时间，明天08:30起接听" in main and "12345" in main


def test_the_centre_record_and_its_phone_hours_are_one_query(sample):
    with CaptureQueriesContext(connection) as queries:
        line = Centre.load().phone_line
    assert len(queries) == 1 and len(line.hours.weekly) == 7


def test_latitude_and_longitude_go_together():
    centre = Centre(name="中心", short_name="中心", address="人民路", phone="1", hours="", latitude=Decimal("30.9"))
    with pytest.raises(ValidationError):
        centre.clean()


# ------------------------------------------------------------------ a service's page
def test_a_service_that_needs_booking_says_how_first(client, sample):
    service = Service.objects.get(slug="bangban-daiban")
    main = text_of(page(client, service.get_absolute_url()))
    assert main.index("需要预约：怎么预约") < main.index("现场") < main.index("需要带什么")
    assert "电话预约021-57310361" in main and "正在接听，今天09:00–12:00、13:30–17:00" in main
    assert service.booking_desk.replace(" ", "") in main
    assert f'href="{service.booking_url}"' in page(client, service.get_absolute_url())


def test_a_booking_phone_left_empty_is_the_services_phone(client, sample):
    service = Service.objects.get(slug="huadeng-zhizuo-tiyan")
    assert service.booking_phone == "" and service.phone
    main = text_of(page(client, service.get_absolute_url()))
    booking = main[main.index("需要预约：怎么预约") : main.index("现场预约")]
    assert service.phone in booking


def test_a_walk_in_service_has_no_booking_box(client, sample):
    assert "怎么预约" not in page(client, "/services/mianfei-liang-xueya/")


def test_the_service_page_has_a_print_button_shown_only_by_its_script(client, sample):
    html = page(client, "/services/mianfei-liang-xueya/")
    assert re.search(r'<button type="button" class="print-page" data-print hidden>', html)
    assert 'src="/static/js/print.js"' in html
    assert "打印" in html


# ------------------------------------------------------------------ staff placing a room
def test_placing_a_room_over_another_is_refused_by_name(rf, admin_user, sample):
    library = Venue.objects.get(slug="library")
    request = rf.get("/")
    request.user = admin_user
    form_class = admin_site_form(request)
    data = form_data(library, plan_column=6, plan_row=3)  # the 2nd floor's drinking water is at (6, 3)
    form = form_class(data=data, instance=library)
    assert not form.is_valid()
    assert "二楼饮水点" in " ".join(form.errors["plan_column"])
    library = Venue.objects.get(slug="library")
    form = form_class(data=form_data(library), instance=library)
    assert form.is_valid(), form.errors


def admin_site_form(request):
    from django.contrib import admin

    return admin.site._registry[Venue].get_form(request, Venue.objects.get(slug="library"))


def form_data(venue: Venue, **changes) -> dict:
    from django.forms.models import model_to_dict

    data = model_to_dict(venue)
    data.update(changes)
    return {key: "" if value is None else value for key, value in data.items() if not isinstance(value, list)}


def test_a_position_outside_the_grid_or_a_reserved_address_is_refused(sample):
    venue = Venue.objects.get(slug="library")
    venue.plan_column, venue.plan_width = 8, 2
    with pytest.raises(ValidationError) as refused:
        venue.clean()
    assert "plan_width" in refused.value.message_dict
    venue = Venue(name="楼层", slug="floors", floor=1)
    with pytest.raises(ValidationError) as refused:
        venue.clean()
    assert "slug" in refused.value.message_dict


def test_the_rooms_spreadsheet_carries_the_routes_and_positions(sample):
    from venues.resources import VenueResource

    headers = VenueResource().export().headers
    for column in (
        "从正门怎么走",
        "从大厅触摸屏怎么走",
        "楼层图：列",
        "楼层图：行",
        "楼层图：宽（格）",
        "楼层图：高（格）",
    ):
        assert column in headers, column
