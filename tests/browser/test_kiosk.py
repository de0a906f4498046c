"""The lobby kiosk in a real browser (Debian's Chromium) at 1080×1920 and 1920×1080.

The attract loop rotates and a tap opens the tiles; left alone, the screen asks "还在使用吗？" and
returns to its loop; the QR code decodes to the public page; with the server stopped a reload still
shows the last content (service worker) and it recovers by itself; nothing scrolls sideways, no
text is under 24 px and every touch target is at least 64 px.

As a first-time visitor of 70 uses it: a page longer than the screen says so ("还有内容，请点 ▼") and is
read to its end by tapping ▼ alone; a category reaches its last page by its page buttons, there on the
first screen; at night the loop shows the love relay station and when the rooms open tomorrow; from the
home screen a visitor reaches today's activities (and back), the notices and the heritage collection;
the letter pad has no I, U or V; axe-core (WCAG A/AA and best practices) finds nothing on these screens.
"""

import datetime as dt
import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import zxingcpp
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from tests.browser.conftest import KIOSK
from tests.conftest import load_sample
from tests.factories import make_category, make_service, make_venue
from zhujing_center.hours import CENTRE_TZ

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANDSCAPE = {"width": 1920, "height": 1080}
ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
}
SERVICE = "/kiosk/services/mianfei-liang-xueya/"  # 免费测量血压, featured, in the health station
PAGES = [
    "/kiosk/",
    "/kiosk/home/",
    "/kiosk/category/health/",
    "/kiosk/category/government/?page=2",
    SERVICE,
    "/kiosk/services/yiwangtongban-zizhu-zhongduan/",
    "/kiosk/venues/",
    "/kiosk/venues/relay-station/",
    "/kiosk/venues/health-station/",
    "/kiosk/letters/",
    "/kiosk/letters/xy/",
    "/kiosk/no-such-page/",
    "/kiosk/venues/?floor=2",
    "/kiosk/activities/",
    "/kiosk/notices/",
    "/kiosk/heritage/",
    "/kiosk/heritage/zhujing-lantern/",
    "/kiosk/circle/",
    "/kiosk/circle/linyuan-2/",
    "/kiosk/circle/points/linyuan-2-station/",
]


@pytest.fixture
def sample(transactional_db):
    """The full sample catalogue and the circle's sample areas and points: real names and texts, for the
    layout checks."""
    call_command("loaddata", "catalogue", "circle", verbosity=0)


@pytest.fixture
def everything(transactional_db):
    """The sample catalogue with the heritage collection, this week's activities and a notice."""
    load_sample()


def at_clock(monkeypatch, hhmm: str) -> dt.datetime:
    """The server's time from now on: today (in Shanghai) at ``hhmm``, standing still (the live server
    runs in this process, so patching Django's clock moves its clock too)."""
    today = dt.datetime.now(CENTRE_TZ).date()
    moment = dt.datetime.combine(today, dt.time.fromisoformat(hhmm), CENTRE_TZ)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def daytime(monkeypatch):
    """10:30 today: the rooms are open, the loop shows its daytime panels."""
    return at_clock(monkeypatch, "10:30")


@pytest.fixture
def small(transactional_db):
    """A few rows made with the factories (much faster to set up than the catalogue)."""
    health = make_category(name="健康服务", slug="health", icon="health", sort_order=1)
    make_category(name="生活服务", slug="life", icon="life", sort_order=2)
    station = make_venue(name="智慧健康驿站", slug="health-station", location="一楼大厅西侧")
    relay = make_venue(name="爱心接力站", slug="relay-station", open_24_hours=True)
    make_service(name="免费测量血压", slug="mianfei-liang-xueya", category=health, venues=[station], is_featured=True)
    make_service(name="爱心早餐", slug="aixin-zaocan", category=health, venues=[relay], is_featured=True)


def open_kiosk(browser, base_url: str, viewport=KIOSK, **options):
    """A touch-screen page that records any request leaving ``base_url``."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=True, **options)
    outside: list[str] = []
    context.on("request", lambda request: None if request.url.startswith(base_url) else outside.append(request.url))
    page = context.new_page()
    page.outside_requests = outside
    return context, page


@pytest.fixture
def kiosk(browser, live_server, small):
    context, page = open_kiosk(browser, live_server.url, service_workers="block")
    yield page
    context.close()
    assert page.outside_requests == [], f"requests left the machine: {page.outside_requests}"


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression until it is true (wait_for_function needs eval, which the CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(200)


def active_panel(page) -> str:
    return page.evaluate("document.querySelector('#panels [data-panel].is-active')?.dataset.panel || ''")


# --- The attract loop ----------------------------------------------------------------------------


def test_attract_loop_rotates_without_ever_going_blank(daytime, kiosk, live_server):
    kiosk.goto(live_server.url + "/kiosk/?rotate=2")
    kiosk.wait_for_selector("#panels[data-running]")
    first = active_panel(kiosk)
    assert first == "categories"
    # Sample the screen through one cross-fade: some panel is always (nearly) fully shown.
    lowest = 1.0
    deadline = time.monotonic() + 4.5
    while time.monotonic() < deadline:
        shown = kiosk.evaluate(
            "[...document.querySelectorAll('#panels [data-panel]')]"
            ".reduce((sum, p) => sum + Number(getComputedStyle(p).opacity), 0)"
        )
        lowest = min(lowest, shown)
        kiosk.wait_for_timeout(100)
    assert active_panel(kiosk) not in {"", first}
    assert lowest >= 0.9, f"the loop faded to {lowest:.2f}: it flashes"
    visible = kiosk.locator("#panels [data-panel].is-active")
    wait_until(kiosk, "getComputedStyle(document.querySelector('#panels .is-active')).opacity === '1'")
    assert visible.is_visible()


def test_reduced_motion_switches_panels_without_fading(browser, live_server, small):
    context, page = open_kiosk(browser, live_server.url, service_workers="block", reduced_motion="reduce")
    page.goto(live_server.url + "/kiosk/?rotate=2")
    duration = page.evaluate("getComputedStyle(document.querySelector('#panels [data-panel]')).transitionDuration")
    assert set(duration.replace(" ", "").split(",")) == {"0s"}
    context.close()


def test_one_tap_on_the_loop_opens_the_tiles(kiosk, live_server):
    kiosk.goto(live_server.url + "/kiosk/")
    kiosk.wait_for_selector("#panels[data-running]")
    kiosk.touchscreen.tap(540, 1000)
    kiosk.wait_for_url(live_server.url + "/kiosk/home/")
    assert kiosk.locator(".category-tile").count() == 2
    assert kiosk.get_by_role("link", name="返回首页").is_visible()


def test_touch_browsing_from_tiles_to_a_service_and_its_room(kiosk, live_server):
    kiosk.goto(live_server.url + "/kiosk/home/")
    kiosk.get_by_role("link", name="健康服务").tap()
    kiosk.get_by_role("link", name="免费测量血压").first.tap()
    assert kiosk.locator("h1").inner_text() == "免费测量血压"
    kiosk.locator(".place").first.tap()
    assert kiosk.locator("h1").inner_text() == "智慧健康驿站"
    assert kiosk.locator("table.week-hours tr").count() == 7
    kiosk.get_by_role("link", name="返回首页").tap()
    kiosk.wait_for_url(live_server.url + "/kiosk/home/")


def test_letter_pad_finds_a_service_without_a_keyboard(kiosk, live_server):
    kiosk.goto(live_server.url + "/kiosk/letters/")
    kiosk.get_by_role("link", name="X", exact=True).tap()
    kiosk.get_by_role("link", name="Y", exact=True).tap()
    kiosk.wait_for_url(live_server.url + "/kiosk/letters/xy/")
    kiosk.get_by_role("link", name="免费测量血压").first.tap()
    assert kiosk.locator("h1").inner_text() == "免费测量血压"


def test_long_press_menu_selection_and_zoom_are_suppressed(kiosk, live_server):
    kiosk.goto(live_server.url + SERVICE)
    prevented = kiosk.evaluate(
        "!document.querySelector('h1').dispatchEvent(new MouseEvent('contextmenu', {bubbles: true, cancelable: true}))"
    )
    assert prevented
    style = kiosk.evaluate(
        "(() => { const s = getComputedStyle(document.body);"
        " return [s.userSelect || s.webkitUserSelect, s.touchAction, s.webkitTouchCallout]; })()"
    )
    assert style[0] == "none"
    assert "pinch-zoom" not in style[1] and style[1] != "auto"
    # Zoom is not forbidden in the page (axe meta-viewport, WCAG 1.4.4): Chromium's --disable-pinch stops it.
    assert kiosk.locator("meta[name=viewport]").get_attribute("content") == "width=device-width, initial-scale=1"


# --- Idle reset ----------------------------------------------------------------------------------


def test_idle_screen_asks_then_returns_to_the_loop(kiosk, live_server):
    kiosk.goto(live_server.url + SERVICE + "?idle=5")
    overlay = kiosk.locator("[data-idle-overlay]")
    assert overlay.is_hidden()
    # A touch before the idle time is up starts the wait again.
    kiosk.wait_for_timeout(3000)
    kiosk.locator("h1").tap()
    kiosk.wait_for_timeout(3000)
    assert overlay.is_hidden(), "the touch 3 s ago should have restarted the 5 s wait"
    overlay.wait_for(state="visible", timeout=4000)
    assert "还在使用吗？" in overlay.inner_text()
    kiosk.get_by_role("button", name="继续").tap()
    assert overlay.is_hidden()
    assert kiosk.url == live_server.url + SERVICE + "?idle=5"
    # Left alone: asked again after 5 s, then back to the loop after the 20 s countdown.
    overlay.wait_for(state="visible", timeout=7000)
    seconds = int(kiosk.locator("[data-idle-seconds]").inner_text())
    assert 15 <= seconds <= 20
    kiosk.wait_for_url(live_server.url + "/kiosk/", timeout=23000)
    assert kiosk.locator("body").get_attribute("data-page") == "loop"
    assert kiosk.locator("[data-idle-overlay]").count() == 0


# --- QR handoff ----------------------------------------------------------------------------------


def decode_qr(page) -> str:
    """Photograph the QR code as the screen shows it and read it back with a real decoder."""
    png = page.locator(".qr svg").screenshot()
    image = Image.open(io.BytesIO(png)).convert("L")
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "no readable QR code on the screen"
    return found[0].text


@pytest.mark.parametrize(("path", "name"), [(SERVICE, "免费测量血压"), ("/kiosk/venues/relay-station/", "爱心接力站")])
def test_qr_code_decodes_to_the_same_page_on_the_public_site(kiosk, live_server, path, name):
    kiosk.goto(live_server.url + path)
    public = live_server.url + path.removeprefix("/kiosk")
    assert decode_qr(kiosk) == public
    assert "用手机扫码，继续查看" in kiosk.locator(".handoff").inner_text()
    response = kiosk.goto(public)  # what the phone opens: the public page of the same thing
    assert response.status == 200
    assert kiosk.locator("h1").inner_text() == name
    assert kiosk.locator("body[data-page]").count() == 0  # not a kiosk page


# --- Layout: no sideways scrolling, large text, large targets -------------------------------------

SIZES = """() => {
  const shown = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 1 && box.height > 1
      && !el.closest('[hidden], [aria-hidden="true"]') && Number(style.opacity) > 0;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const small = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 24) small.push(`${size}px: ${node.textContent.trim().slice(0, 20)}`);
  }
  const tiny = [...document.querySelectorAll('a[href], button')].filter(shown).map((el) => {
    const box = el.getBoundingClientRect();
    return [Math.round(box.width), Math.round(box.height), el.textContent.trim().slice(0, 20)];
  }).filter(([w, h]) => w < 64 || h < 64);
  const main = document.querySelector('main');
  return {
    sideways: document.documentElement.scrollWidth > innerWidth || main.scrollWidth > main.clientWidth,
    body: parseFloat(getComputedStyle(document.body).fontSize),
    small, tiny,
  };
}"""


@pytest.mark.parametrize("viewport", [KIOSK, LANDSCAPE], ids=["portrait", "landscape"])
def test_pages_fit_the_screen_with_large_text_and_targets(browser, live_server, sample, viewport):
    context, page = open_kiosk(browser, live_server.url, viewport=viewport, service_workers="block")
    for path in PAGES:
        page.goto(live_server.url + path)
        sizes = page.evaluate(SIZES)
        assert not sizes["sideways"], (path, viewport)
        assert sizes["tiny"] == [], (path, viewport, sizes["tiny"])
        if viewport == KIOSK:
            assert sizes["body"] >= 24, path
            assert sizes["small"] == [], (path, sizes["small"])
        assert page.locator("a", has_text="返回首页").first.is_visible(), path
    context.close()
    assert page.outside_requests == []


# --- Offline: a server this test can stop and start again ---------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class KioskServer:
    """``manage.py runserver`` in a child process on its own SQLite file: stopping it closes every socket."""

    def __init__(self, database: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            # WhiteNoise serves static files straight from static/ only with DEBUG on (loopback only).
            "DEBUG": "1",
        }
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True, timeout=120)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the kiosk test server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def stoppable(tmp_path):
    server = KioskServer(tmp_path / "kiosk.sqlite3")
    server.manage("migrate", "--noinput", "-v0")
    server.manage("loaddata", "catalogue", "-v0")
    server.start()
    yield server
    server.stop()


def updated_at(page) -> str:
    return page.locator("[data-updated]").get_attribute("datetime")


def test_last_good_content_stays_up_when_the_server_drops(browser, stoppable, tmp_path):
    server = stoppable
    context, page = open_kiosk(browser, server.url)  # service workers allowed
    loop = server.url + "/kiosk/?refresh=5&rotate=60"
    page.goto(loop)
    wait_until(page, "navigator.serviceWorker.controller !== null", timeout=15)
    # Shown once under the worker's control: now it keeps a copy of each page.
    page.goto(server.url + SERVICE)
    page.goto(loop)
    shown_at = updated_at(page)
    assert "信息更新于" in page.locator(".updated").inner_text()
    # What the panels hold depends on the hour (what is open now): the copy must match what was shown.
    shown_panels = page.locator("#panels").inner_text()
    assert shown_panels.strip()

    server.stop()
    page.reload()
    assert updated_at(page) == shown_at  # the cached copy, with the time it was rendered
    assert "信息更新于" in page.locator(".updated").inner_text()
    assert page.locator("#panels [data-panel]").count() == 3
    assert page.locator("#panels").inner_text() == shown_panels
    page.goto(server.url + SERVICE)
    assert page.locator("h1").inner_text() == "免费测量血压"
    assert page.locator(".qr svg").count() == 1
    page.goto(server.url + "/kiosk/venues/")  # never shown before: the kiosk home instead of an error
    assert page.locator(".category-tile").count() == 6

    # Staff rename a category while the server is down; when it is back, the loop picks it up itself.
    with sqlite3.connect(tmp_path / "kiosk.sqlite3") as db:
        db.execute("UPDATE services_category SET name = '健康与养老' WHERE slug = 'health'")
    page.goto(loop)
    assert updated_at(page) == shown_at
    server.start()
    wait_until(page, "document.querySelector('#panels').textContent.includes('健康与养老')", timeout=20)
    assert page.url == loop  # refreshed in place, no reload
    assert updated_at(page) != shown_at
    context.close()
    assert page.outside_requests == []


# --- A page that continues says so, and is read to its end by ▼ alone ------------------------------

FRAME = """() => {
  const main = document.getElementById('main');
  return {top: main.scrollTop, height: main.clientHeight, full: main.scrollHeight};
}"""

# The headings (and the page's last element) that are wholly inside the frame right now.
IN_FRAME = """() => {
  const main = document.getElementById('main');
  const frame = main.getBoundingClientRect();
  const inside = (el) => {
    const box = el.getBoundingClientRect();
    return box.height > 0 && box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1;
  };
  const last = [...main.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().height > 0).pop();
  return {
    headings: [...main.querySelectorAll('h1, h2, h3')].filter(inside).map((h) => h.textContent.trim()),
    end: inside(last),
  };
}"""


def settle(page) -> dict:
    """Wait until the frame has stopped scrolling (▼ scrolls smoothly); its position then."""
    last = None
    for _ in range(40):
        now = page.evaluate(FRAME)
        if now == last:
            return now
        last = now
        page.wait_for_timeout(120)
    raise AssertionError("the frame kept scrolling")


@pytest.fixture
def long_service(transactional_db):
    """A service guide much longer than one screen: materials, steps, questions, a description."""
    health = make_category(name="健康服务", slug="health", icon="health")
    station = make_venue(name="智慧健康驿站", slug="health-station", location="一楼大厅西侧")
    return make_service(
        name="家庭医生签约",
        slug="family-doctor",
        category=health,
        venues=[station],
        description="\n".join(f"第{n}段：签约后家庭医生提供健康咨询、慢病随访和转诊预约。" for n in range(1, 7)),
        conditions="本镇常住居民，持身份证或社保卡。",
        materials="\n".join(f"材料{n}：身份证或社保卡原件及复印件一份" for n in range(1, 9)),
        steps="\n".join(f"第{n}步：到智慧健康驿站服务台登记并确认签约信息" for n in range(1, 9)),
        faq="\n".join(f"问：第{n}个常见问题？\n答：工作人员会当场解答，也可以打咨询电话。" for n in range(1, 6)),
    )


def test_a_long_service_page_says_it_continues_and_is_read_to_its_end_by_tapping_down(
    browser, live_server, long_service
):
    context, page = open_kiosk(browser, live_server.url, service_workers="block")
    page.goto(live_server.url + "/kiosk/services/family-doctor/")
    down = page.get_by_role("button", name="下一屏")
    up = page.get_by_role("button", name="上一屏")
    cue = page.locator('[data-cue="more"]')
    # On the first screen, without scrolling: the buttons and the cue.
    assert down.is_visible() and up.is_visible() and cue.is_visible()
    assert cue.inner_text() == "还有内容，请点 ▼"
    assert up.is_disabled() and down.is_enabled()
    frame = settle(page)
    assert frame["full"] > 2 * frame["height"], "the test needs a page at least three screens long"
    headings = page.evaluate(
        "[...document.querySelectorAll('main h1, main h2, main h3')].map(h => h.textContent.trim())"
    )
    assert "需要带什么" in headings
    first_screen = page.evaluate(IN_FRAME)
    assert not first_screen["end"]
    seen = set(first_screen["headings"])
    taps = 0
    while down.is_enabled():
        before = settle(page)["top"]
        down.tap()
        after = settle(page)["top"]
        assert after > before, "▼ did not move on"
        assert after - before <= frame["height"], "▼ skipped part of the page"
        seen |= set(page.evaluate(IN_FRAME)["headings"])
        taps += 1
        assert taps < 20, "▼ never reached the end"
    assert page.evaluate(IN_FRAME)["end"], "the page's last line is not on screen at the end"
    assert seen == set(headings), f"never wholly on screen: {set(headings) - seen}"
    assert not cue.is_visible() and page.locator('[data-cue="end"]').inner_text() == "已到最后"
    # ▲ goes back the same way, to the top.
    while up.is_enabled():
        up.tap()
        settle(page)
        taps -= 1
        assert taps > -20
    assert settle(page)["top"] == 0 and down.is_enabled()
    context.close()


def test_a_page_that_fits_shows_no_screen_buttons(browser, live_server, small):
    context, page = open_kiosk(browser, live_server.url, service_workers="block")
    page.goto(live_server.url + "/kiosk/home/")
    assert page.locator("[data-pager]").is_hidden()
    assert page.locator("[data-screen=down]").count() == 1  # there, hidden: nothing to page
    assert page.get_by_role("button", name="下一屏").count() == 0
    context.close()


def test_a_category_reaches_its_last_page_by_its_page_buttons(browser, live_server, sample):
    context, page = open_kiosk(browser, live_server.url, service_workers="block")
    page.goto(live_server.url + "/kiosk/home/")
    with page.expect_navigation():
        page.get_by_role("link", name="政务服务").tap()
    names, pages = [], 0
    while True:
        pages += 1
        assert pages < 10
        assert settle(page)["top"] == 0
        # The page's services fit the screen: nothing to scroll, so no ▼ is needed.
        assert page.get_by_role("button", name="下一屏").is_hidden()
        names += page.locator(".service-tiles .tile-name").all_inner_texts()
        pager = page.locator("[data-pager]")
        assert pager.is_visible()
        status = page.locator(".pager-of").inner_text()
        following = page.locator("a.pager-link[rel=next]")
        if following.count() == 0:
            break
        box = following.bounding_box()
        assert box["y"] + box["height"] <= KIOSK["height"], "下一页 is not on the first screen"
        assert "还有下一页" in pager.inner_text()
        with page.expect_navigation():
            following.tap()
        assert page.locator(".pager-of").inner_text() != status
    total = page.locator(".count").inner_text()
    assert f"共 {len(names)} 项服务" in total and len(names) == len(set(names)) > 12
    assert page.locator(".pager-of").inner_text() == f"第 {pages} / {pages} 页"
    assert page.locator("span.pager-link", has_text="下一页").is_visible()  # shown, and not a link
    # And back to the first page by ‹ 上一页.
    while page.locator("a.pager-link[rel=prev]").count():
        with page.expect_navigation():
            page.locator("a.pager-link[rel=prev]").tap()
    assert page.locator(".pager-of").inner_text() == f"第 1 / {pages} 页"
    context.close()


# --- Night: the relay station and tomorrow's hours --------------------------------------------------


def test_at_night_the_loop_shows_the_relay_station_and_tomorrows_opening_hours(
    browser, live_server, everything, monkeypatch
):
    tonight = at_clock(monkeypatch, "22:30")
    context, page = open_kiosk(browser, live_server.url, service_workers="block")
    page.clock.set_fixed_time(tonight)
    page.goto(live_server.url + "/kiosk/?rotate=2")
    page.wait_for_selector("#panels[data-running]")
    assert page.locator(".loop-time").inner_text() == "22:30"
    assert "现在是闭馆时间，爱心接力站24小时开放" in page.locator(".loop-hero").inner_text()
    assert active_panel(page) == "relay"
    relay = page.locator('[data-panel="relay"]')
    text = relay.inner_text()
    assert "爱心接力站现在开放" in text and "一楼北侧，临街单独出入口" in text
    assert "免费茶水和饮水机" in text and "一网通办自助终端" in text
    assert page.locator('[data-panel="open-rooms"]').count() == 0
    # The panel fills the space it has: its content reaches at least half way down.
    filled = page.evaluate(
        "(() => { const p = document.querySelector('[data-panel=relay]'); const box = p.getBoundingClientRect();"
        " const shown = [...p.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().height > 0);"
        " const last = shown.pop().getBoundingClientRect();"
        " return (last.bottom - box.top) / box.height; })()"
    )
    assert filled > 0.5
    # Next: when the rooms open tomorrow.
    wait_until(page, "document.querySelector('#panels .is-active')?.dataset.panel === 'next-opening'", timeout=8)
    opening = page.locator('[data-panel="next-opening"]')
    assert "明天几点开门" in opening.inner_text()
    times = opening.locator(".opening-time").all_inner_texts()
    assert times == sorted(times) and all(len(t) == 5 for t in times) and times
    assert "社区事务受理大厅" in opening.inner_text()
    # Nothing in a panel is cut off: each fits its box, upright or on its side.
    assert page.evaluate(PANELS_CUT_OFF) == []
    context.close()
    context, page = open_kiosk(browser, live_server.url, viewport=LANDSCAPE, service_workers="block")
    page.goto(live_server.url + "/kiosk/?rotate=120")
    page.wait_for_selector("#panels[data-running]")
    assert page.evaluate(PANELS_CUT_OFF) == []
    context.close()


PANELS_CUT_OFF = (
    "[...document.querySelectorAll('#panels [data-panel]')]"
    ".filter(p => p.scrollHeight > p.clientHeight + 1).map(p => p.dataset.panel)"
)


# --- From home after a touch: activities, notices, heritage ----------------------------------------


def test_from_home_a_visitor_reaches_todays_activities_and_the_activity_goes_back_to_the_list(
    browser, live_server, everything, daytime
):
    context, page = open_kiosk(browser, live_server.url, service_workers="block")
    page.goto(live_server.url + "/kiosk/home/")
    with page.expect_navigation():
        page.get_by_role("link", name="今天的活动").tap()
    assert page.url == live_server.url + "/kiosk/activities/"
    assert page.locator("h1").inner_text() == "今天的活动"
    first = page.locator(".activity-rows a.row").first
    title = first.locator(".row-name").inner_text().split(" ", 1)[1]
    with page.expect_navigation():
        first.tap()
    assert page.locator("h1").inner_text() == title
    with page.expect_navigation():
        page.get_by_role("link", name="‹ 今天的活动").tap()
    assert page.url == live_server.url + "/kiosk/activities/"
    context.close()


def test_from_home_a_visitor_reaches_the_notices_and_the_heritage_collection(browser, live_server, everything):
    from activities.models import Notice
    from heritage.models import HeritageItem

    notice = Notice.objects.current().first()
    item = HeritageItem.objects.published().select_related("studio").first()
    context, page = open_kiosk(browser, live_server.url, service_workers="block")
    page.goto(live_server.url + "/kiosk/home/")
    with page.expect_navigation():
        page.get_by_role("link", name="通知公告").tap()
    assert notice.title in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="返回首页").tap()
    with page.expect_navigation():
        page.get_by_role("link", name="非遗").tap()
    assert page.locator("h1").inner_text() == "非遗项目"
    with page.expect_navigation():
        page.get_by_role("link", name=item.name).first.tap()
    assert page.locator("h1").inner_text() == item.name
    assert item.studio.name in page.locator(".facts").inner_text()
    with page.expect_navigation():
        page.locator(".facts .place").first.tap()
    assert page.locator("h1").inner_text() == item.studio.name
    context.close()


def test_the_floor_guide_says_you_are_here_and_shows_one_floor_at_a_time(browser, live_server, sample):
    context, page = open_kiosk(browser, live_server.url, service_workers="block")
    page.goto(live_server.url + "/kiosk/home/")
    with page.expect_navigation():
        page.get_by_role("link", name="楼层导览").tap()
    assert page.locator(".you-are-here").inner_text().replace(" ", "") == "您在这里：一楼大厅"
    assert "一楼饮水点" in page.locator(".venue-tiles").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="3楼", exact=True).tap()
    rooms = page.locator(".venue-tiles").inner_text()
    assert "非遗展厅" in rooms and "一楼饮水点" not in rooms
    with page.expect_navigation():
        page.get_by_role("link", name="非遗展厅").first.tap()
    facts = page.locator(".facts").inner_text()
    assert facts.index("现在") < facts.index("今天") < facts.index("位置")
    with page.expect_navigation():
        page.get_by_role("link", name="‹ 楼层导览").tap()
    assert page.url.endswith("/kiosk/venues/?floor=3")
    context.close()


# --- The letter pad ---------------------------------------------------------------------------------


def test_the_letter_pad_has_no_i_u_or_v(kiosk, live_server):
    kiosk.goto(live_server.url + "/kiosk/letters/")
    keys = kiosk.locator(".pad .key:not(.key-wide)").all_inner_texts()
    assert keys == list("ABCDEFGHJKLMNOPQRSTWXYZ")
    for letter in "IUV":
        assert kiosk.get_by_role("link", name=letter, exact=True).count() == 0


# --- axe-core, best practices included, on the screens these journeys pass through -----------------


def run_axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/browser` (make test does it).")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (options) => (await axe.run(document, options)).violations.map(v => ({
            id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""",
        AXE_OPTIONS,
    )


def test_axe_finds_nothing_on_the_kiosk_screens_by_day_and_night(browser, live_server, everything, monkeypatch):
    from heritage.models import HeritageItem

    item = HeritageItem.objects.published().first()
    screens = {
        "service, ▼ shown": SERVICE,
        "room, ▼ shown": "/kiosk/venues/relay-station/",
        "category, page links": "/kiosk/category/government/",
        "letters, page links": "/kiosk/letters/xy/",
        "activities": "/kiosk/activities/",
        "notices": "/kiosk/notices/",
        "heritage": "/kiosk/heritage/",
        "heritage item": f"/kiosk/heritage/{item.slug}/",
        "floor 2": "/kiosk/venues/?floor=2",
        "home": "/kiosk/home/",
        "areas": "/kiosk/circle/",
        "an area's points and map": "/kiosk/circle/linyuan-2/",
        "a point": "/kiosk/circle/points/linyuan-2-station/",
    }
    found = {}
    for clock, paths in (("10:30", {**screens, "day loop": "/kiosk/"}), ("22:30", {"night loop": "/kiosk/"})):
        at_clock(monkeypatch, clock)
        # bypass_csp: axe is put into the page as an inline script, which the kiosk's policy forbids.
        context, page = open_kiosk(browser, live_server.url, service_workers="block", bypass_csp=True)
        for name, path in paths.items():
            page.goto(live_server.url + path)
            page.wait_for_timeout(300)  # the strip is measured after layout
            violations = run_axe(page)
            if violations:
                found[name] = violations
        context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


# --- 离家最近的服务站 ------------------------------------------------------------------------------


@pytest.mark.parametrize("clock", ["10:30", "22:30"], ids=["day", "night"])
def test_a_resident_taps_their_area_and_sees_the_nearest_point_open_or_not_and_takes_it_to_the_phone(
    browser, live_server, sample, monkeypatch, clock
):
    # A weekday (the sample point opens 08:30–17:00 Monday to Friday), at ``clock``.
    day = dt.datetime.now(CENTRE_TZ).date()
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    moment = dt.datetime.combine(day, dt.time.fromisoformat(clock), CENTRE_TZ)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    context, page = open_kiosk(browser, live_server.url, service_workers="block")
    page.goto(live_server.url + "/kiosk/home/")
    page.get_by_role("link", name="离家最近的服务站").tap()
    page.wait_for_url("**/kiosk/circle/")
    tiles = page.locator(".area-tile")
    assert tiles.count() == 30  # 19 residential areas and 11 villages, on one screen
    assert page.locator("[data-screen=down]").is_disabled()  # nothing below: no need to scroll
    box = tiles.first.bounding_box()
    assert box["height"] >= 64 and box["width"] >= 64
    assert "示例数据" in page.locator(".sample-notice").inner_text()
    page.locator(".area-tile", has_text="临源二村").tap()
    page.wait_for_url("**/kiosk/circle/linyuan-2/")

    assert page.locator("h1").inner_text() == "离临源二村居民区最近的服务站"
    first = page.locator(".point-tile").first
    text = first.inner_text()
    assert "临源二村居民区党群服务站" in text and "15分钟内" in text
    badge = first.locator(".open-badge").inner_text()
    # 08:30–17:00 in the sample: open in the morning, at night closed with when it opens.
    assert badge.startswith("正在开放") if clock == "10:30" else ("已关闭" in badge and "开放" in badge)
    assert decode_qr(page) == live_server.url + "/circle/?area=linyuan-2"
    assert page.locator(".town-map .map-point").count() == page.locator(".point-tile").count()

    first.tap()
    page.wait_for_url("**/kiosk/circle/points/linyuan-2-station/")
    assert page.locator("h1").inner_text() == "临源二村居民区党群服务站"
    assert "在这里可以办理" in page.locator("main").inner_text()
    assert decode_qr(page) == live_server.url + "/circle/linyuan-2-station/"
    page.locator(".crumb").tap()
    page.wait_for_url("**/kiosk/circle/linyuan-2/")
    assert page.locator("h1").inner_text() == "离临源二村居民区最近的服务站"
    context.close()
    assert page.outside_requests == []
