"""Where is it, how to get there, whom to call and when: a resident's journeys on a phone (390×844), in both
display modes, clicking what the pages render.

- from the home page to the way to the heritage hall (非遗展厅): through 场所导览 and 楼层导览, and on the
  room's own page, whose first screen holds open-now and 怎么走;
- the 24-hour relay station at night: nobody there, the phone says when it is answered and what works now;
- the about page's map buttons drop a pin at the centre's coordinates;
- a service that needs booking: how to book first, a 打印 button that prints one A4 page;
- axe-core, text and target sizes and sideways scrolling on the new and changed pages.
"""

import datetime as dt
import importlib
import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.apps import apps
from django.utils import timezone

from tests.browser.conftest import PHONE
from tests.browser.test_phone import AXE_OPTIONS, TARGETS, TEXT_SIZES, no_sideways_scroll, run_axe
from tests.conftest import load_sample
from zhujing_center import maps
from zhujing_center.hours import CENTRE_TZ
from zhujing_center.models import Centre

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODES = ["standard", "large"]
SMALL_PHONE = {"width": 320, "height": 640}
PAGES = {
    "floors": "/venues/floors/",
    "floors, one room marked": "/venues/floors/?room=heritage-hall",
    "room": "/venues/heritage-hall/",
    "relay station": "/venues/relay-station/",
    "about": "/about/",
    "service to book": "/services/bangban-daiban/",
}


@pytest.fixture
def site(transactional_db):
    """The sample, and the centre's phone hours, directions and after-hours help (its sample migration)."""
    load_sample()
    importlib.import_module("zhujing_center.migrations.0005_centre_sample_phone_hours_and_directions").fill(apps, None)


def at_clock(monkeypatch, hhmm: str) -> dt.datetime:
    """The server's time from now on: today in Shanghai at ``hhmm`` (the live server runs in this process)."""
    moment = dt.datetime.combine(dt.datetime.now(CENTRE_TZ).date(), dt.time.fromisoformat(hhmm), CENTRE_TZ)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def page_in(browser, live_server):
    """Phone pages (390×844 unless told) in standard or large-text mode, with the browser's clock given."""
    contexts = []

    def make(mode: str = "standard", viewport: dict | None = None, clock: dt.datetime | None = None, **options):
        context = browser.new_context(
            viewport=viewport or PHONE,
            device_scale_factor=2,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            is_mobile=True,
            has_touch=True,
            **options,
        )
        if mode == "large":
            context.add_cookies([{"name": "display", "value": "large", "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        if clock is not None:
            page.clock.set_fixed_time(clock)
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


def click(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def on_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


# ------------------------------------------------------------------ the way to the heritage hall
@pytest.mark.parametrize("mode", MODES)
def test_from_the_home_page_a_resident_finds_the_way_to_the_heritage_hall(
    page_in, live_server, site, monkeypatch, mode
):
    page = page_in(mode, clock=at_clock(monkeypatch, "10:30"))
    page.goto(live_server.url + "/")
    click(page, page.locator('.site-nav a[href="/venues/"]'))  # 场所导览 in the menu
    click(page, page.locator("main").get_by_role("link", name=re.compile("楼层导览")))  # the footer has one too
    assert page.locator("h1").inner_text() == "楼层导览"
    third = page.locator("#floor-3")
    assert third.locator("svg.floor-plan").is_visible()
    room = third.locator("#room-heritage-hall")
    route = room.locator(".way-routes")
    assert not route.is_visible()  # folded until asked for
    room.locator("summary", has_text="怎么走").click()
    assert "出电梯正前方（南）就是展厅入口" in route.inner_text()
    assert no_sideways_scroll(page)

    # Its own page: open now and the way there on the first screen.
    click(page, room.get_by_role("link", name="非遗展厅"))
    assert page.locator("h1").inner_text() == "非遗展厅"
    assert "正在开放" in page.locator(".room-now").inner_text()
    assert on_first_screen(page, ".room-now") and on_first_screen(page, "#way-heading")
    way = page.locator(".way")
    assert "3楼" in way.inner_text() and "乘电梯到3楼" in way.inner_text() and "从大厅触摸屏" in way.inner_text()

    # … and back to the diagram with the hall marked on it.
    click(page, page.get_by_role("link", name=re.compile("在楼层图上看")))
    assert "非遗展厅在3楼" in page.locator(".floor-found").inner_text()
    marked = page.locator("#floor-3 .plan-room.is-highlighted")
    assert marked.count() == 1 and marked.is_visible()
    assert page.locator("#room-heritage-hall .way-routes").is_visible()  # its route opened already
    assert page.errors == []


@pytest.mark.parametrize("mode", MODES)
def test_a_room_on_the_diagram_opens_its_page_in_standard_mode(page_in, live_server, site, mode):
    page = page_in(mode)
    page.goto(live_server.url + "/venues/floors/")
    rooms = page.locator("#floor-1 svg .plan-room")
    assert rooms.count() >= 8
    if mode == "large":  # the big links are the list's; the diagram shows big numbers
        assert page.locator("#floor-1 svg a").count() == 0
        number = page.locator("#floor-1 svg .plan-number").first
        assert number.evaluate("n => n.getBoundingClientRect().height") >= 20
        return
    click(page, page.locator('#floor-1 svg a[href="/venues/affairs-hall/"]'))
    assert page.locator("h1").inner_text() == "社区事务受理大厅"


# ------------------------------------------------------------------ the relay station at night
@pytest.mark.parametrize("mode", MODES)
def test_at_night_the_relay_station_says_when_its_phone_is_answered_and_what_works_now(
    page_in, live_server, site, monkeypatch, mode
):
    page = page_in(mode, clock=at_clock(monkeypatch, "23:00"))
    page.goto(live_server.url + "/venues/relay-station/")
    assert page.locator(".room-now").inner_text() == "24小时开放"
    assert "现在无人值守" in page.locator(".room-attended").inner_text()
    phone = page.locator(".room-more .phone-line")
    centre = Centre.load()
    assert phone.locator("a.call").inner_text() == centre.phone
    assert phone.locator("a.call").get_attribute("href") == f"tel:{centre.phone}"
    assert phone.locator(".phone-now").inner_text() == "现在不在接听时间，明天 08:30 起接听"
    after = phone.locator(".phone-after")
    assert after.is_visible()
    assert "爱心接力站" in after.inner_text() and "12345" in after.inner_text() and "120" in after.inner_text()


@pytest.mark.parametrize("mode", MODES)
def test_in_the_day_the_relay_station_phone_is_answered(page_in, live_server, site, monkeypatch, mode):
    page = page_in(mode, clock=at_clock(monkeypatch, "10:30"))
    page.goto(live_server.url + "/venues/relay-station/")
    assert "现在有人值守" in page.locator(".room-attended").inner_text()
    assert page.locator(".room-more .phone-now").inner_text() == "正在接听，今天 08:30–20:30"
    assert page.locator(".room-more .phone-after").count() == 0


# ------------------------------------------------------------------ the about page
@pytest.mark.parametrize("mode", MODES)
def test_the_about_page_map_buttons_pin_the_centres_coordinates(page_in, live_server, site, mode):
    centre = Centre.load()
    lat, lng = maps.app_degrees(centre.coordinates)  # WGS-84 stored, GCJ-02 given to the apps
    page = page_in(mode)
    page.goto(live_server.url + "/about/")
    buttons = page.locator(".directions .button-list a")
    assert buttons.all_inner_texts() == ["用高德地图打开", "用百度地图打开", "用腾讯地图打开"]
    amap, baidu, tencent = (urlsplit(href) for href in (b.get_attribute("href") for b in buttons.all()))
    assert (amap.netloc, amap.path) == ("uri.amap.com", "/marker")
    assert parse_qs(amap.query)["position"] == [f"{lng},{lat}"] and parse_qs(amap.query)["name"] == [centre.name]
    assert (baidu.netloc, baidu.path) == ("api.map.baidu.com", "/marker")
    assert parse_qs(baidu.query)["location"] == [f"{lat},{lng}"] and parse_qs(baidu.query)["coord_type"] == ["gcj02"]
    assert (tencent.netloc, tencent.path) == ("apis.map.qq.com", "/uri/v1/marker")
    assert unquote(parse_qs(tencent.query)["marker"][0]).startswith(f"coord:{lat},{lng};title:{centre.name}")
    directions = page.locator(".directions").inner_text()
    assert "坐公交" in directions and "停车" in directions and centre.bus_stop_list[0] in directions


# ------------------------------------------------------------------ a service to book, and printing it
@pytest.mark.parametrize("mode", MODES)
def test_a_service_to_book_says_how_first_and_prints_on_one_page(page_in, live_server, site, monkeypatch, mode):
    page = page_in(mode, viewport={"width": 1024, "height": 1400})
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(live_server.url + "/services/bangban-daiban/")
    guide = page.locator("article.guide").inner_text()
    assert guide.index("需要预约：怎么预约") < guide.index("需要带什么")
    booking = page.locator(".booking")
    assert "021-57310361" in booking.inner_text() and "综合窗口" in booking.inner_text()
    assert booking.locator(".phone-hours").inner_text().startswith("接听时间：周一至周五")
    button = page.get_by_role("button", name="打印")
    assert button.is_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    page.emulate_media(media="print")
    assert not button.is_visible() and booking.is_visible()


def test_without_javascript_the_print_button_stays_hidden(browser, live_server, site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/services/bangban-daiban/")
    assert page.locator("button[data-print]").count() == 1 and not page.locator("button[data-print]").is_visible()
    context.close()


# ------------------------------------------------------------------ checks on every new or changed page
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("clock", ["10:00", "21:30"])
def test_axe_finds_no_violation_on_the_wayfinding_pages(page_in, live_server, site, monkeypatch, mode, clock):
    # At 21:30 every line is closed: the closed look (the footer's phone included) is checked too.
    at_clock(monkeypatch, clock)
    # bypass_csp: axe is put into the page as an inline script, which the site's policy (rightly) forbids.
    page = page_in(mode, bypass_csp=True)
    found = {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        if violations := run_axe(page, AXE_OPTIONS):
            found[name] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_large_text_mode_keeps_20px_text_and_60px_targets_on_the_wayfinding_pages(page_in, live_server, site):
    page = page_in("large")
    small_text, small_targets = {}, {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        if too_small := [item for item in page.evaluate(TEXT_SIZES) if item["size"] < 20]:
            small_text[name] = too_small
        if too_small := [t for t in page.evaluate(TARGETS) if t["width"] < 60 or t["height"] < 60]:
            small_targets[name] = too_small
    assert small_text == {}, json.dumps(small_text, ensure_ascii=False, indent=1)
    assert small_targets == {}, json.dumps(small_targets, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("mode", MODES)
def test_the_wayfinding_pages_never_scroll_sideways(page_in, live_server, site, mode):
    wide = []
    for viewport in (PHONE, SMALL_PHONE):
        page = page_in(mode, viewport=viewport)
        for name, path in PAGES.items():
            page.goto(live_server.url + path)
            if not no_sideways_scroll(page):
                wide.append(f"{name} at {viewport['width']} px")
    assert wide == []
