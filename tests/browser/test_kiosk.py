"""The lobby kiosk in a real browser (Debian's Chromium) at 1080×1920 and 1920×1080.

The attract loop rotates and a tap opens the tiles; left alone, the screen asks "还在使用吗？" and
returns to its loop; the QR code decodes to the public page; with the server stopped a reload still
shows the last content (service worker) and it recovers by itself; nothing scrolls sideways, no
text is under 24 px and every touch target is at least 64 px.
"""

import io
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
from PIL import Image

from tests.browser.conftest import KIOSK
from tests.factories import make_category, make_service, make_venue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANDSCAPE = {"width": 1920, "height": 1080}
ROOT = Path(__file__).resolve().parents[2]
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
]


@pytest.fixture
def sample(transactional_db):
    """The full sample catalogue: real names and texts, for the layout checks."""
    call_command("loaddata", "catalogue", verbosity=0)


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


def test_attract_loop_rotates_without_ever_going_blank(kiosk, live_server):
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
    assert "user-scalable=no" in kiosk.locator("meta[name=viewport]").get_attribute("content")


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

    server.stop()
    page.reload()
    assert updated_at(page) == shown_at  # the cached copy, with the time it was rendered
    assert "信息更新于" in page.locator(".updated").inner_text()
    assert page.locator("#panels [data-panel]").count() == 3
    assert "健康服务" in page.locator("#panels").inner_text()
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
