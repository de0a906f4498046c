"""A village or residential-area resident on a phone with JavaScript off: the 15-minute circle, end to end.

Chooses 临源二村 from the page's own list, sees the nearest service point, that it is open now and what it
offers, opens it, and finds the call button and the map pin. Then the same pages on the kiosk's screen size.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from circle.models import ServicePoint
from tests.browser.conftest import KIOSK, PHONE
from tests.conftest import load_sample
from zhujing_center import maps, phones
from zhujing_center.models import Centre

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(transactional_db):
    load_sample()
    # Open whenever the test runs: "open now" is then a fact to check, not the clock's luck.
    ServicePoint.objects.filter(slug="linyuan-2-station").update(open_24_hours=True)


@pytest.fixture
def no_js_phone(browser, live_server):
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=False, locale="zh-CN", timezone_id="Asia/Shanghai", is_mobile=True
    )
    outside = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    yield context.new_page()
    context.close()
    assert outside == []


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_resident_of_linyuan_2_finds_the_nearest_point_calls_it_and_opens_the_map(no_js_phone, live_server, site):
    page = no_js_phone
    page.goto(live_server.url + "/circle/")
    assert page.locator(".sample-notice").count() == 1  # the sample list says so
    assert page.locator("[data-locate]").is_hidden()  # no JavaScript: no location button
    page.get_by_label("您住在哪个居民区或村？").select_option(label="临源二村居民区")
    with page.expect_navigation():
        page.get_by_role("button", name="查看").click()
    assert page.url.endswith("/circle/?area=linyuan-2")
    assert page.locator("h1").inner_text() == "临源二村居民区附近的服务站"
    first = page.locator(".point-card").first
    assert first.locator(".card-title a").inner_text() == "临源二村居民区党群服务站"
    assert "15分钟内" in first.inner_text() and "步行约" in first.inner_text()
    assert "is-open" in first.locator(".room-now").get_attribute("class")
    assert "帮办代办服务" in first.inner_text()
    # The map draws the points listed, numbered as the list.
    assert page.locator(".town-map-svg .map-point").count() == page.locator(".point-card").count()
    assert fits(page)
    page.screenshot(path="/tmp/shots/circle-phone-area.png", full_page=True)

    with page.expect_navigation():
        first.locator(".card-title a").click()
    assert page.locator("h1").inner_text() == "临源二村居民区党群服务站"
    assert "24小时开放" in page.locator(".room-now").inner_text()
    centre = Centre.load()
    tel = page.locator(".room-lead a[href^='tel:']").first
    assert tel.get_attribute("href") == phones.tel_href(centre.phone)  # no number of its own: the centre's line
    amap = urlsplit(page.get_by_role("link", name="用高德地图打开").get_attribute("href"))
    point = ServicePoint.objects.get(slug="linyuan-2-station")
    lat, lng = maps.app_degrees(point.coordinates)  # stored WGS-84, given to 高德 in GCJ-02
    assert (amap.netloc, parse_qs(amap.query)["position"]) == ("uri.amap.com", [f"{lng},{lat}"])
    assert parse_qs(amap.query)["name"] == [point.name]
    assert page.locator(".offers li").count() == point.offers.count()
    assert fits(page)
    page.screenshot(path="/tmp/shots/circle-phone-point.png", full_page=True)


@pytest.mark.parametrize("path", ["/circle/", "/circle/?area=linyuan-2", "/circle/linyuan-2-station/"])
def test_the_circle_pages_fit_the_kiosk_screen(browser, live_server, site, path):
    context = browser.new_context(viewport=KIOSK, timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(live_server.url + path)
    assert fits(page) and page.locator("h1").count() == 1
    context.close()
