"""The public site on a phone, in a real browser (Debian's Chromium), in both display modes.

An older resident switches to 长辈模式 once, finds the free blood-pressure check from the home page,
sees its room and floor and the tap-to-call link; in large-text mode every text is at least 20 px
and every link, button and field at least 60×60 px; nothing scrolls sideways (also at 320 px and
with text at 200 %); axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page type, in
either mode; the read-aloud button appears only where the browser can speak Chinese; a service
guide prints on one A4 page.

axe-core is test tooling only (tests/browser/package.json, installed by `make test`); it is put
into the page by Playwright and never served by the site.
"""

import json
import re
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE
from tests.conftest import load_sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
SMALL_PHONE = {"width": 320, "height": 640}
SERVICE = "/services/mianfei-liang-xueya/"  # 免费测量血压, in the health station on the ground floor

# One page of each type the public sees.
PAGES = {
    "home": "/",
    "service list": "/services/",
    "search results": "/services/?q=血压",
    "category": "/services/category/health/",
    "service": SERVICE,
    "rooms": "/venues/",
    "room": "/venues/health-station/",
    "activities": "/activities/",
    "activity": "/activities/taiji-morning/",
    "heritage": "/heritage/",
    "heritage item": "/heritage/zhujing-lantern/",
    "about": "/about/",
    "404": "/no-such-page/",
}

# Text zoom to 200 % (WCAG 1.4.4): the root font size doubles, and every rem with it.
DOUBLE_TEXT = """() => {
  const root = document.documentElement;
  root.style.fontSize = parseFloat(getComputedStyle(root).fontSize) * 2 + 'px';
}"""

# Elements that stick out of the white box they are drawn in (a table too wide for its card).
OVERFLOWING = """() => {
  const out = [];
  for (const box of document.querySelectorAll('.guide, .card, .share, .hero, .empty')) {
    const right = box.getBoundingClientRect().right + 1;
    for (const el of box.querySelectorAll('*')) {
      if (el.getClientRects().length && el.getBoundingClientRect().right > right) {
        out.push(el.tagName + '.' + el.className);
      }
    }
  }
  return out.slice(0, 5);
}"""

# Every visible element that directly holds text, with its computed font size.
TEXT_SIZES = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.nodeValue.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    out.push({tag: el.tagName, text: el.textContent.trim().slice(0, 30), size: parseFloat(style.fontSize)});
  }
  return out;
}"""

# Every visible link, button and form field, with its size on screen (closed <details> opened first).
TARGETS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const out = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('[aria-hidden="true"]')) continue;
    const box = el.getBoundingClientRect();
    out.push({tag: el.tagName, text: (el.textContent || el.name || '').trim().slice(0, 30),
              width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10});
  }
  return out;
}"""


@pytest.fixture
def site(transactional_db):
    """The sample catalogue, heritage collection, this week's activities and a notice."""
    load_sample()


@pytest.fixture
def page_in(browser, live_server):
    """A factory of phone pages (390×844 unless told) in standard or large-text mode."""
    contexts = []

    def make(mode: str = "standard", viewport: dict | None = None, **options):
        context = browser.new_context(
            viewport=viewport or PHONE, device_scale_factor=2, locale="zh-CN", is_mobile=True, has_touch=True, **options
        )
        if mode == "large":
            context.add_cookies([{"name": "display", "value": "large", "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
        return page

    yield make
    for context in contexts:
        context.close()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def is_large(page) -> bool:
    return page.evaluate("document.documentElement.classList.contains('large-text')")


def run_axe(page, options: dict = AXE_OPTIONS) -> list[dict]:
    """axe-core's violations on the page, with the first few offending elements of each."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/browser` (make test does it).")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (options) => (await axe.run(document, options)).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}))""",
        options,
    )


def test_resident_switches_to_large_text_and_finds_the_blood_pressure_check(phone, live_server, site):
    page = phone
    page.goto(live_server.url + "/")
    assert not is_large(page)
    page.get_by_role("link", name="长辈模式").click()
    page.wait_for_load_state()
    assert is_large(page), "the switch must turn on large-text mode"
    assert page.url == live_server.url + "/", "the switch goes back to the page it was pressed on"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 20
    assert no_sideways_scroll(page)

    page.get_by_role("link", name=re.compile("健康服务")).first.click()
    page.wait_for_load_state()
    assert is_large(page), "the mode is remembered from page to page"
    page.get_by_role("link", name="免费测量血压").first.click()
    page.wait_for_load_state()
    assert page.url == live_server.url + SERVICE
    assert page.locator("h1").inner_text() == "免费测量血压"
    where = page.locator(".facts").inner_text()
    assert "智慧健康驿站" in where and "1楼" in where
    assert page.locator(".facts .open-badge").count() == 1
    call = page.locator("main a[href^='tel:']").first
    assert call.is_visible() and call.get_attribute("href").startswith("tel:021-")
    assert page.locator(".share svg.qr").count() == 1, "the page's QR code, to share it"
    assert page.locator("meta[property='og:title']").get_attribute("content") == "免费测量血压"
    assert no_sideways_scroll(page)

    page.locator(".facts").get_by_role("link", name="智慧健康驿站").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "智慧健康驿站"
    assert "1楼" in page.locator(".facts").inner_text()
    assert page.locator("table.week-hours tr").count() == 7
    assert is_large(page)
    assert no_sideways_scroll(page)


def test_the_switch_back_restores_standard_mode(page_in, live_server, site):
    page = page_in("large")
    page.goto(live_server.url + "/venues/")
    assert is_large(page)
    page.get_by_role("link", name=re.compile("退出长辈模式")).click()
    page.wait_for_load_state()
    assert not is_large(page)
    assert page.url == live_server.url + "/venues/"
    assert page.get_by_role("link", name=re.compile("长辈模式")).count() == 1


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_axe_finds_no_wcag_a_or_aa_violation_on_any_page_type(page_in, live_server, site, mode):
    # bypass_csp: axe is put into the page as an inline script, which the site's policy (rightly) forbids.
    page = page_in(mode, bypass_csp=True)
    found = {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        assert is_large(page) == (mode == "large"), path
        violations = run_axe(page)
        print(f"axe [{mode}] {name} ({path}): {len(violations)} violation(s)")
        for violation in violations:
            print(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                print(f"    {node['target']}: {node['summary']}")
        if violations:
            found[name] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_large_text_mode_meets_the_enhanced_contrast_of_7_to_1(page_in, live_server, site):
    """WCAG's AAA contrast (7:1, axe's color-contrast-enhanced) on every page type in large-text mode."""
    page = page_in("large", bypass_csp=True)
    found = {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        violations = run_axe(page, {"runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]}})
        if violations:
            found[name] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_large_text_mode_has_20px_text_and_60px_targets_everywhere(page_in, live_server, site):
    page = page_in("large")
    small_text, small_targets = {}, {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        assert is_large(page), path
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 20, path
        too_small = [item for item in page.evaluate(TEXT_SIZES) if item["size"] < 20]
        if too_small:
            small_text[name] = too_small
        targets = page.evaluate(TARGETS)
        assert targets, path
        too_small = [item for item in targets if item["width"] < 60 or item["height"] < 60]
        if too_small:
            small_targets[name] = too_small
        assert no_sideways_scroll(page), path
    assert small_text == {}, json.dumps(small_text, ensure_ascii=False, indent=1)
    assert small_targets == {}, json.dumps(small_targets, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_nothing_scrolls_sideways_at_320px_or_with_text_at_200_percent(page_in, live_server, site, mode):
    wide = {}
    for viewport in (PHONE, SMALL_PHONE):
        page = page_in(mode, viewport=viewport)
        for name, path in PAGES.items():
            page.goto(live_server.url + path)
            assert page.locator("h1").count() == 1, path
            if not no_sideways_scroll(page):
                wide[f"{name} at {viewport['width']} px"] = page.evaluate("document.documentElement.scrollWidth")
            if sticking_out := page.evaluate(OVERFLOWING):
                wide[f"{name} at {viewport['width']} px, out of its box"] = sticking_out
            page.evaluate(DOUBLE_TEXT)
            if not no_sideways_scroll(page):
                wide[f"{name} at {viewport['width']} px, text 200 %"] = page.evaluate(
                    "document.documentElement.scrollWidth"
                )
    assert wide == {}


def test_pages_load_no_script_errors_and_nothing_from_elsewhere(page_in, live_server, site):
    page = page_in()
    outside = []
    page.context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    for name, path in PAGES.items():
        if name != "404":  # its own status shows as a console error ("Failed to load resource")
            page.goto(live_server.url + path)
    assert outside == []
    assert page.errors == [], "no script error and no Content-Security-Policy violation"


def test_read_aloud_button_stays_hidden_without_a_chinese_voice(page_in, live_server, site):
    page = page_in()
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});")
    page.goto(live_server.url + SERVICE)
    page.wait_for_load_state("load")
    button = page.locator("[data-read-aloud]")
    assert button.count() == 1
    assert button.get_attribute("hidden") is not None and not button.is_visible()


FAKE_SPEECH = """
(() => {
  const spoken = [];
  window.__spoken = spoken;
  window.__cancelled = 0;
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; this.voice = null; };
  const voices = [{name: 'English', lang: 'en-US'}, {name: '普通话', lang: 'zh-CN'}];
  Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
    getVoices: () => voices,
    speak: (u) => spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}),
    cancel: () => { window.__cancelled += 1; },
    addEventListener: () => {},
  }});
})();
"""


def test_read_aloud_reads_the_guide_in_chinese_and_a_second_press_stops(page_in, live_server, site):
    page = page_in()
    page.add_init_script(FAKE_SPEECH)
    page.goto(live_server.url + SERVICE)
    button = page.locator("[data-read-aloud]")
    button.wait_for(state="visible")
    assert button.inner_text().strip() == "朗读本页"
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and {item["lang"] for item in spoken} == {"zh-CN"}
    assert {item["voice"] for item in spoken} == {"普通话"}
    text = "".join(item["text"] for item in spoken)
    assert "免费测量血压" in text and "智慧健康驿站" in text
    assert "朗读本页" not in text and "扫码" not in text, "the button and the share block are not read"
    assert button.inner_text().strip() == "停止朗读"
    cancelled = page.evaluate("window.__cancelled")
    button.click()
    assert page.evaluate("window.__cancelled") == cancelled + 1
    assert button.inner_text().strip() == "朗读本页"


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_a_service_guide_prints_on_one_a4_page(page_in, live_server, site, mode):
    page = page_in(mode, viewport={"width": 1024, "height": 1400})
    page.goto(live_server.url + SERVICE)
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"{pages} pages"
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible() and not page.locator(".site-footer").is_visible()
    assert page.locator(".share svg.qr").is_visible(), "the printed guide keeps its QR code"
    assert live_server.url + SERVICE in page.locator(".share-url").inner_text()
