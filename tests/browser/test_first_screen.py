"""The first screen of a phone (390×844) in both display modes: residents read less.

On every public page type the page's own first line — its h1 and the line after it — is on the first
screen, in standard mode and in 长辈模式 (where the header and menu once took 355 of 844 px); on the home page
so is the search box; the menu stays on the first screen with big targets. /activities/ lists a weekly
activity once, with its rhythm and next date, and no time range ever breaks across two lines.
"""

import re

import pytest

from tests.browser.conftest import PHONE
from tests.conftest import load_sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = PHONE["height"]
MODES = ("standard", "large")

PAGES = {
    "home": "/",
    "service list": "/services/",
    "category": "/services/category/health/",
    "service": "/services/mianfei-liang-xueya/",
    "rooms": "/venues/",
    "room": "/venues/health-station/",
    "activities": "/activities/",
    "activity": "/activities/taiji-morning/",
    "heritage": "/heritage/",
    "heritage item": "/heritage/zhujing-lantern/",
    "about": "/about/",
}

# Where the h1, the first line of text after it, the header and the search box are on the screen.
FIRST_SCREEN = """() => {
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom};
  };
  const h1 = document.querySelector('main h1');
  // The first text after the h1 in reading order that a person sees (skipping hidden buttons and empty boxes).
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  walker.currentNode = h1;
  let first = null;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (h1.contains(node) || !node.nodeValue.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (rects.length) { first = {text: node.nodeValue.trim().slice(0, 20), bottom: rects[0].bottom}; break; }
  }
  const search = document.querySelector('main form[role=search] input[type=search]');
  const button = search && search.form.querySelector('button[type=submit]');
  const links = [...document.querySelectorAll('.site-nav a')].map(a => {
    const r = a.getBoundingClientRect();
    return {text: a.textContent.trim(), bottom: r.bottom, height: r.height, width: r.width};
  });
  const header = box(document.querySelector('.site-header'));
  return {h1: box(h1), first, search: box(search), button: box(button), header, links, scrolled: window.scrollY};
}"""

TIME_RANGES = """() => [...document.querySelectorAll('.time-range, .week-hours .range')]
  .filter(el => el.getClientRects().length)
  .map(el => {
    const style = getComputedStyle(el);
    return {text: el.textContent, lines: el.getClientRects().length, height: el.getBoundingClientRect().height,
            lineHeight: parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.8};
  })"""


@pytest.fixture
def site(transactional_db):
    load_sample()


@pytest.fixture
def phone_in(browser, live_server):
    contexts = []

    def make(mode: str):
        context = browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )  # fmt: skip
        if mode == "large":
            context.add_cookies([{"name": "display", "value": "large", "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("mode", MODES)
def test_each_page_types_first_line_is_on_the_first_screen(phone_in, live_server, site, mode):
    page = phone_in(mode)
    target = 60 if mode == "large" else 44
    below = {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.classList.contains('large-text')") == (mode == "large")
        seen = page.evaluate(FIRST_SCREEN)
        assert seen["scrolled"] == 0, path
        print(f"[{mode}] {name}: header {seen['header']['bottom']:.0f} px, h1 {seen['h1']['bottom']:.0f}, "
              f"first line {seen['first']['bottom']:.0f} ({seen['first']['text']})")  # fmt: skip
        if seen["h1"]["bottom"] > SCREEN or seen["first"]["bottom"] > SCREEN:
            below[name] = seen
        # The header with its menu takes at most a quarter of the screen, and the menu is all on it, big.
        assert seen["header"]["bottom"] <= SCREEN / 4, (name, seen["header"])
        assert [link["text"] for link in seen["links"]] == ["首页", "服务事项", "场所导览", "活动", "搜索"]
        for link in seen["links"]:
            assert link["bottom"] <= SCREEN and link["height"] >= target and link["width"] >= target, (name, link)
    assert below == {}


@pytest.mark.parametrize("mode", MODES)
def test_the_home_pages_search_box_is_on_the_first_screen(phone_in, live_server, site, mode):
    page = phone_in(mode)
    page.goto(live_server.url + "/")
    seen = page.evaluate(FIRST_SCREEN)
    assert seen["search"] is not None, "the home page has a search box"
    assert seen["search"]["bottom"] <= SCREEN and seen["button"]["bottom"] <= SCREEN, seen
    # … and it works from there: type, press the button, see results.
    page.fill("main form[role=search] input[type=search]", "血压")
    with page.expect_navigation():
        page.click("main form[role=search] button[type=submit]")
    assert "免费测量血压" in page.locator("main").inner_text()


@pytest.mark.parametrize("mode", MODES)
def test_activities_lists_a_weekly_activity_once_with_its_next_date(phone_in, live_server, site, mode):
    page = phone_in(mode)
    page.goto(live_server.url + "/activities/")
    cards = page.locator(".activity-card", has=page.locator('a[href="/activities/taiji-morning/"]'))
    assert cards.count() == 1, "太极拳晨练 repeats every Monday: one entry, not one a week"
    when = cards.first.locator(".when").inner_text()
    assert re.fullmatch(r"每周一 07:00–08:00，(下次 \d+月\d+日|今天有|明天有|正在进行)", when.replace("\n", "")), when
    assert page.locator(".activity-card").count() == len(set(page.locator(".activity-card h3 a").all_inner_texts()))
    # The one-off keeps its date; the page is a few screens, not eleven.
    once = page.locator(".activity-card", has=page.locator('a[href="/activities/winter-dumplings/"]'))
    assert re.search(r"\d+月\d+日 周. 09:30–11:30", once.locator(".when").inner_text())
    assert page.evaluate("document.documentElement.scrollHeight") < SCREEN * (5 if mode == "standard" else 8)
    # The card opens the activity's page, which says the same and lists the coming dates.
    with page.expect_navigation():
        cards.first.locator("h3 a").click()
    assert page.locator("h1").inner_text() == "太极拳晨练"
    assert "每周一 07:00–08:00" in page.locator(".facts").inner_text()
    assert page.locator(".dates li").count() >= 2


@pytest.mark.parametrize("mode", MODES)
def test_no_time_range_breaks_across_lines(phone_in, live_server, site, mode):
    page = phone_in(mode)
    broken = {}
    for path in ("/", "/activities/", "/activities/taiji-morning/", "/heritage/zhujing-lantern/", "/venues/library/"):
        page.goto(live_server.url + path)
        ranges = page.evaluate(TIME_RANGES)
        assert ranges or path == "/", path
        wrapped = [item for item in ranges if item["lines"] > 1 or item["height"] > 1.5 * item["lineHeight"]]
        if wrapped:
            broken[path] = wrapped
    assert broken == {}
