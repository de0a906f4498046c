"""Every public page: status, key content, 404s and bad input."""

import pytest
from django.urls import reverse

from tests.factories import make_audience, make_category, make_service, make_special_day, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def station():
    return make_venue(name="智慧健康驿站", slug="health-station", floor=1, location="一楼大厅东侧")


@pytest.fixture
def blood_pressure(station):
    health = make_category(name="健康服务", slug="health")
    return make_service(
        name="免费测量血压",
        slug="blood-pressure",
        summary="自助血压计和工作人员协助测量",
        category=health,
        venues=[station],
        audiences=[make_audience(name="老年人", slug="elderly")],
        materials="身份证\n社保卡",
        steps="到驿站登记\n坐下休息五分钟\n测量并记录",
        phone="021-57310301",
        faq="问：要预约吗？\n答：不用，直接来。",
    )


def test_home_shows_categories_featured_and_open_rooms(client, blood_pressure):
    blood_pressure.is_featured = True
    blood_pressure.save()
    relay = make_venue(name="爱心接力站", slug="relay-station", open_24_hours=True)
    html = client.get("/").content.decode()
    assert "健康服务" in html
    assert "免费测量血压" in html
    assert relay.name in html  # open around the clock, so always among the rooms open now
    assert 'action="/search/"' in html  # the site's search box: services, rooms, activities, heritage


def test_every_page_shows_the_centre_help_phone(client, blood_pressure):
    from zhujing_center.models import Centre

    phone = Centre.objects.get().phone
    for url in [
        "/",
        "/services/",
        "/services/category/health/",
        "/services/blood-pressure/",
        "/venues/",
        "/venues/health-station/",
        "/no-such-page/",
    ]:
        assert f'href="tel:{phone}"' in client.get(url).content.decode(), url


def test_service_page_is_laid_out_as_a_guide(client, blood_pressure):
    response = client.get(reverse("services:detail", kwargs={"slug": "blood-pressure"}))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "免费测量血压",
        "智慧健康驿站",
        "1楼",
        "一楼大厅东侧",
        "免费",
        "老年人",
        "身份证",
        "社保卡",
        "坐下休息五分钟",
        "要预约吗？",
        'href="tel:021-57310301"',
        'href="/venues/health-station/"',
    ]:
        assert text in html, text
    assert "open-badge" in html


def test_suspended_service_shows_its_notice(client, blood_pressure):
    blood_pressure.status = "suspended"
    blood_pressure.status_notice = "血压计送修，12月10日恢复"
    blood_pressure.save()
    html = client.get(blood_pressure.get_absolute_url()).content.decode()
    assert "暂停服务" in html and "血压计送修，12月10日恢复" in html


def test_service_list_groups_by_category(client, blood_pressure):
    other = make_service(name="社保卡申领", category=make_category(name="政务服务", slug="government"))
    html = client.get("/services/").content.decode()
    assert "免费测量血压" in html and other.name in html
    assert "共 2 项服务" in html


def test_category_page_lists_only_its_services(client, blood_pressure):
    make_service(name="社保卡申领", category=make_category(name="政务服务", slug="government"))
    html = client.get("/services/category/health/").content.decode()
    assert "免费测量血压" in html
    assert "社保卡申领" not in html.split('class="category-nav"')[0]


def test_venue_list_groups_by_floor(client, station):
    make_venue(name="非遗展厅", slug="heritage-hall", floor=3)
    html = client.get("/venues/").content.decode()
    html = html[html.index('<section id="floor-1"') :]
    assert html.index("1楼") < html.index("智慧健康驿站") < html.index("3楼") < html.index("非遗展厅")


def test_venue_page_shows_week_hours_and_services(client, blood_pressure, station):
    import datetime as dt

    from django.utils import timezone

    make_special_day(station, timezone.localdate() + dt.timedelta(days=1), reason="设备检修")
    html = client.get("/venues/health-station/").content.decode()
    assert "09:00–17:00" in html
    assert "设备检修" in html
    assert "免费测量血压" in html
    assert "今天" in html


def test_24_hour_room_says_so(client):
    make_venue(name="爱心接力站", slug="relay-station", open_24_hours=True)
    html = client.get("/venues/relay-station/").content.decode()
    assert "24小时开放" in html


def test_unpublished_entries_are_404(client, blood_pressure, station):
    blood_pressure.is_published = False
    blood_pressure.save()
    assert client.get(blood_pressure.get_absolute_url()).status_code == 404
    assert "免费测量血压" not in client.get("/services/").content.decode()
    station.is_published = False
    station.save()
    assert client.get(station.get_absolute_url()).status_code == 404


def test_unpublished_room_is_not_linked_from_a_service(client, blood_pressure, station):
    station.is_published = False
    station.save()
    html = client.get(blood_pressure.get_absolute_url()).content.decode()
    assert "/venues/health-station/" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/services/nope/",
        "/services/category/nope/",
        "/venues/nope/",
        "/nope/",
        "/services/%E8%A1%80/",
        "/venues/a%00b/",
    ],
)
def test_unknown_addresses_are_a_chinese_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=99999",
        "page=-1",
        "page=0",
        "page=1.5",
        "page=%00",
        "q=%27%22%3C",
        "page=" + "9" * 400,
        "foo=bar&page=",
    ],
)
def test_odd_query_strings_give_a_normal_page(client, blood_pressure, query):
    for path in ["/services/", "/services/category/health/", "/venues/", "/"]:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, (path, query)


def test_huge_page_number_shows_the_last_page(client):
    category = make_category(slug="many")
    for n in range(35):
        make_service(name=f"项目{n:02d}", category=category, sort_order=n)
    html = client.get("/services/category/many/?page=99999").content.decode()
    assert "第 2 / 2 页" in html
    assert "项目34" in html


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_server_error_page_is_chinese(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "系统暂时出错" in html and 'lang="zh-Hans"' in html
