"""离家最近的服务站 on the kiosk: the areas as tiles → an area's nearest points, open now, with the QR code
to the same list on the phone → a point's page; every link stays inside the kiosk, and the queries are
the same for 30 points as for 300."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from circle.models import Area, AreaKind, ServicePoint
from tests.factories import make_area, make_category, make_point, make_service
from tests.kiosk.test_kiosk_pages import BUDGET, get_page, qr_svg

pytestmark = pytest.mark.django_db

# Positions a few hundred metres apart, east of the area's middle (WGS-84).
HOME = ("30.896600", "121.160500")


def tile_names(html: str) -> list[str]:
    return re.findall(r'class="tile area-tile"[^>]*><span class="tile-name">([^<]+)<', html)


def card_names(html: str) -> list[str]:
    return re.findall(r'class="point-number" aria-hidden="true">\d+</span> ([^<]+)</span>', html)


@pytest.fixture
def town():
    """Two areas; 甲 is served by one far point; three other points stand nearer, one unpublished."""
    home = make_area(name="甲居民区", slug="jia", latitude=HOME[0], longitude=HOME[1])
    make_area(name="乙村", slug="yi", kind=AreaKind.VILLAGE, latitude="30.880000", longitude="121.150000")
    make_area(name="丙居民区", slug="bing", is_published=False)
    category = make_category()
    service = make_service(category=category, name="帮办代办", slug="bangban")
    hidden_service = make_service(category=category, name="草稿服务", slug="draft", is_published=False)
    far = make_point(name="甲站", slug="jia-station", areas=[home], latitude="30.905000", longitude="121.160500")
    far.offers.create(service=service, note="周三上午")
    far.offers.create(service=hidden_service)
    for n, lng in enumerate(("121.162000", "121.164000", "121.166000", "121.168000", "121.170000")):
        make_point(name=f"近{n}站", slug=f"near-{n}", latitude=HOME[0], longitude=lng)
    make_point(name="未发布站", slug="hidden", latitude=HOME[0], longitude="121.160600", is_published=False)
    return home


def test_the_areas_are_tiles_under_their_kind_with_short_names(client, town):
    page = get_page(client, "/kiosk/circle/")
    html = client.get("/kiosk/circle/").content.decode()
    assert "离家最近的服务站" in page.text
    assert tile_names(html) == ["甲", "乙村"]  # 居民区 first; the unpublished 丙 is not offered
    assert html.index("居民区（1 个）") < html.index("行政村（1 个）")
    assert 'href="/kiosk/circle/jia/"' in html and 'href="/kiosk/circle/yi/"' in html
    assert "示例数据" not in page.text


def test_the_home_screen_leads_to_the_areas(client, town):
    html = client.get("/kiosk/home/").content.decode()
    assert 'href="/kiosk/circle/"' in html and "离家最近的服务站" in html


def test_an_area_lists_its_point_first_then_the_nearest_others(client, town):
    page = get_page(client, "/kiosk/circle/jia/")
    html = client.get("/kiosk/circle/jia/").content.decode()
    assert "离甲居民区最近的服务站" in page.text
    # 甲站 serves 甲 though it is farthest; then three of the five others, nearest first.
    assert card_names(html) == ["甲站", "近0站", "近1站", "近2站"]
    assert "未发布站" not in page.text and "草稿服务" not in page.text
    assert "可办：帮办代办" in page.text
    assert "按两地直线距离的 1.3 倍" in page.text  # how walks are estimated
    assert re.search(r"约 \d+ 米，步行约 \d+ 分钟", page.text)
    # The map draws the points listed alone, each linking to its kiosk page.
    drawn = re.findall(r'<a href="(/kiosk/circle/points/[^"]+/)"><g class="map-point', html)
    assert drawn == [f"/kiosk/circle/points/{slug}/" for slug in ("jia-station", "near-0", "near-1", "near-2")]


def test_an_area_no_point_serves_lists_one_more_of_the_nearest(client, town):
    html = client.get("/kiosk/circle/yi/").content.decode()
    assert len(card_names(html)) == 4
    assert "负责乙村的站点" not in html and "站点（由近到远）" in html


def test_the_qr_code_opens_the_areas_list_on_the_phone(client, town):
    html = client.get("/kiosk/circle/jia/").content.decode()
    assert str(qr_svg("http://testserver/circle/?area=jia")) in html
    assert "用手机扫码，继续查看" in html


def test_open_now_and_todays_hours_are_on_each_card(client, town, clock):
    clock("10:00")
    open_html = client.get("/kiosk/circle/jia/").content.decode()
    assert open_html.count('class="open-badge is-open"') == 4
    clock("22:30")
    closed_html = client.get("/kiosk/circle/jia/").content.decode()
    assert closed_html.count('class="open-badge is-closed"') == 4 and "明天 09:00 开放" in closed_html


def test_a_point_page_says_where_when_and_what_with_its_qr_code(client, town):
    page = get_page(client, "/kiosk/circle/points/jia-station/")
    html = client.get("/kiosk/circle/points/jia-station/").content.decode()
    assert "甲站" in page.text and "开放时间" in page.text and "服务范围 甲居民区" in page.text
    assert 'href="/kiosk/services/bangban/"' in html and "周三上午" in page.text
    assert "草稿服务" not in page.text
    assert str(qr_svg("http://testserver/circle/jia-station/")) in html
    assert 'href="/kiosk/circle/jia/"' in html  # back to its area's list


@pytest.mark.parametrize(
    "path",
    ["/kiosk/circle/no-such-area/", "/kiosk/circle/bing/", "/kiosk/circle/points/hidden/", "/kiosk/circle/points/x/"],
)
def test_unknown_or_unpublished_areas_and_points_get_the_kiosks_own_404(client, town, path):
    page = get_page(client, path, status=404)
    assert "返回首页" in page.text


def test_sample_records_are_flagged(client, town):
    Area.objects.filter(slug="jia").update(is_sample=True)
    for path in ("/kiosk/circle/", "/kiosk/circle/jia/"):
        assert "示例数据" in client.get(path).content.decode(), path
    ServicePoint.objects.filter(slug="jia-station").update(is_sample=True)
    assert "示例数据" in client.get("/kiosk/circle/points/jia-station/").content.decode()
    assert "示例数据" not in client.get("/kiosk/circle/points/near-0/").content.decode()


def test_the_sample_town_is_reachable_by_touch(client, catalogue):
    html = client.get("/kiosk/circle/").content.decode()
    assert len(tile_names(html)) == Area.objects.published().count() == 30
    page = get_page(client, "/kiosk/circle/linyuan-2/")
    assert "离临源二村居民区最近的服务站" in page.text and "示例数据" in page.text


def test_short_names_drop_the_residential_suffix_only():
    assert Area(name="临源二村居民区", kind=AreaKind.RESIDENTIAL).short_name == "临源二村"
    assert Area(name="待泾村", kind=AreaKind.VILLAGE).short_name == "待泾村"
    assert Area(name="居民区", kind=AreaKind.RESIDENTIAL).short_name == "居民区"


PAGES = ["/kiosk/circle/", "/kiosk/circle/area-0/", "/kiosk/circle/points/point-0/", "/kiosk/home/"]


def queries_with(client, points: int) -> dict[str, int]:
    with transaction.atomic():
        service = make_service(category=make_category(), slug="offered")
        areas = [make_area(slug=f"area-{n}", name=f"第{n}居民区") for n in range(30)]
        for n in range(points):
            make_point(slug=f"point-{n}", areas=areas[n % 30 : n % 30 + 2], area=areas[n % 30], services=[service])
        counts = {}
        for path in PAGES:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200, path
            counts[path] = len(captured)
        transaction.set_rollback(True)
    return counts


def test_the_circle_screens_make_as_many_queries_for_300_points_as_for_30(client):
    few, many = queries_with(client, 30), queries_with(client, 300)
    assert few == many
    assert max(few.values()) <= BUDGET, few
