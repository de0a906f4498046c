"""The lobby kiosk's pages: they render, every link and redirect stays inside /kiosk/, odd input
never fails, and each page makes the same small number of queries whatever the catalogue's size."""

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heritage.models import HeritageItem
from kiosk import config, letters
from services import search_index
from services.models import Service, ServiceStatus
from tests.factories import make_audience, make_category, make_service, make_special_day, make_venue
from tests.test_query_budget import populate
from venues.models import Venue
from zhujing_center import qr

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
KIOSK = "/kiosk/"
# Most queries any kiosk page may make.
BUDGET = 14


class Page(HTMLParser):
    """What one kiosk page lets a visitor reach, and anything a kiosk page must not contain."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []  # <a href>, <area href>, <form action>, meta refresh URLs
        self.forbidden: list[str] = []  # text inputs, inline scripts and styles, frames
        self.texts: list[str] = []
        self._in = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in {"a", "area"} and "href" in values:
            self.targets.append(values["href"])
        if tag == "form":
            self.targets.append(values.get("action", ""))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            _, _, url = values.get("content", "").partition("url=")
            self.targets.append(url.strip())
        if tag in {"input", "textarea", "select", "iframe", "embed", "object", "style"} or "contenteditable" in values:
            self.forbidden.append(tag)
        if "style" in values or any(name.startswith("on") for name in values):
            self.forbidden.append(f"{tag} with inline style or handler")
        if tag == "script" and not values.get("src"):
            self.forbidden.append("inline script")
        if tag in {"script", "link"}:
            asset = values.get("src") or values.get("href") or ""
            if urlsplit(asset).netloc or not asset.startswith("/static/"):
                self.forbidden.append(f"asset from elsewhere: {asset}")

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def inside_kiosk(page_path: str, target: str) -> bool:
    url = urlsplit(urljoin(ORIGIN + page_path, target))
    return url.scheme == "http" and url.netloc == "testserver" and url.path.startswith(KIOSK)


def parse(response, path: str) -> Page:
    page = Page()
    page.feed(response.content.decode())
    outside = [target for target in page.targets if not inside_kiosk(path, target)]
    assert outside == [], f"{path} leads out of the kiosk: {outside}"
    assert page.forbidden == [], f"{path}: {page.forbidden}"
    return page


def get_page(client, path: str, status: int = 200) -> Page:
    response = client.get(path)
    assert response.status_code == status, path
    page = parse(response, path)
    assert "返回首页" in page.text, path
    assert "信息更新于" in page.text, path
    return page


def crawl(client, start: str = KIOSK) -> set[str]:
    """Every kiosk page reachable by tapping from ``start``; letter pages only one letter deep."""
    seen, queue = {start}, deque([start])
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code in {301, 302}:
            location = response["Location"]
            assert inside_kiosk(path, location), f"{path} redirects out of the kiosk: {location}"
            next_paths = [urlsplit(urljoin(ORIGIN + path, location)).path]
        else:
            assert response.status_code == 200, path
            page = parse(response, path)
            assert "返回首页" in page.text and "信息更新于" in page.text, path
            next_paths = []
            for target in page.targets:
                url = urlsplit(urljoin(ORIGIN + path, target))
                next_paths.append(url.path + (f"?{url.query}" if url.query else ""))
        for next_path in next_paths:
            typed = (
                next_path.removeprefix("/kiosk/letters/").strip("/") if next_path.startswith("/kiosk/letters/") else ""
            )
            deep_letters = len(typed) > 1
            if next_path not in seen and not (deep_letters and next_path != "/kiosk/letters/xy/"):
                seen.add(next_path)
                queue.append(next_path)
    return seen


# --- The sample catalogue, page by page ---------------------------------------------------------


def test_every_page_reachable_from_the_loop_renders_and_stays_inside(client, catalogue):
    seen = crawl(client, KIOSK) | crawl(client, "/kiosk/home/")
    paths = {path.partition("?")[0] for path in seen}
    services = {
        reverse("kiosk:service", kwargs={"slug": slug}) for slug in Service.objects.values_list("slug", flat=True)
    }
    venues = {reverse("kiosk:venue", kwargs={"slug": slug}) for slug in Venue.objects.values_list("slug", flat=True)}
    assert services <= paths, services - paths  # every service is reachable by touch alone
    assert venues <= paths, venues - paths
    heritage = {
        reverse("kiosk:heritage_item", kwargs={"slug": slug})
        for slug in HeritageItem.objects.values_list("slug", flat=True)
    }
    assert heritage <= paths, heritage - paths
    assert {
        "/kiosk/home/",
        "/kiosk/venues/",
        "/kiosk/letters/",
        "/kiosk/letters/x/",
        "/kiosk/activities/",
        "/kiosk/notices/",
        "/kiosk/heritage/",
    } <= paths
    assert any(path.startswith("/kiosk/activities/") and path.count("/") == 4 for path in paths)  # an activity


def test_every_floor_of_the_floor_guide_is_reachable_and_lists_its_rooms(client, catalogue):
    guide = get_page(client, "/kiosk/venues/")
    floors = [target for target in guide.targets if target.startswith("/kiosk/venues/?floor=")]
    assert floors == ["/kiosk/venues/?floor=1", "/kiosk/venues/?floor=2", "/kiosk/venues/?floor=3"]
    listed = set()
    for floor in floors:
        page = get_page(client, floor)
        listed |= {target for target in page.targets if target.startswith("/kiosk/venues/") and "?" not in target}
    rooms = {reverse("kiosk:venue", kwargs={"slug": slug}) for slug in Venue.objects.values_list("slug", flat=True)}
    assert listed == rooms


def test_loop_and_home_with_the_sample_catalogue(client, catalogue, daytime):
    html = client.get(KIOSK).content.decode()
    panels = re.findall(r'data-panel="([a-z-]+)"', html)
    # Today's activities show only while one is still to come today; the sample's notice is current.
    expected = ["categories", "open-rooms", "activities", "notices", "featured"]
    assert panels == [name for name in expected if name != "activities" or "activities" in panels]
    assert "爱心接力站" in html  # open around the clock, so always among the rooms open now
    assert "免费测量血压" in html  # featured
    assert 'http-equiv="refresh"' in html  # inside <noscript>: keeps a script-less screen fresh
    home = get_page(client, "/kiosk/home/")
    assert sum(target.startswith("/kiosk/category/") for target in home.targets) == 6
    for way_in in ("/kiosk/activities/", "/kiosk/notices/", "/kiosk/heritage/", "/kiosk/venues/", "/kiosk/letters/"):
        assert way_in in home.targets, way_in
    assert "今天的活动" in home.text and "通知公告" in home.text and "非遗" in home.text and "楼层导览" in home.text


def test_loop_lists_the_24_hour_station_first_among_open_rooms(client, daytime):
    make_venue(name="早开活动室", slug="early", floor=1, weekly=tuple((day, "00:00", "00:00") for day in range(7)))
    make_venue(name="爱心接力站", slug="relay-station", floor=1, open_24_hours=True)
    html = client.get(KIOSK).content.decode()
    rooms = html.split('data-panel="open-rooms"')[1].split("</section>")[0]
    assert rooms.index("爱心接力站") < rooms.index("早开活动室")


def test_letters_find_services_by_pinyin_initials(client, world):
    page = get_page(client, "/kiosk/letters/xy/")
    assert "/kiosk/services/blood-pressure/" in page.targets  # 免费测量血压: xue ya
    assert "/kiosk/letters/x/" in page.targets  # backspace
    assert "/kiosk/letters/xya/" in page.targets  # the pad adds a letter


def test_letter_pad_offers_no_i_u_or_v(client, world):
    page = get_page(client, "/kiosk/letters/")
    keys = [target.removeprefix("/kiosk/letters/").strip("/") for target in page.targets]
    keys = [key for key in keys if len(key) == 1]
    assert keys == list("abcdefghjklmnopqrstwxyz")


def test_pad_letters_are_the_alphabet_without_i_u_v():
    assert letters.PAD_LETTERS == "abcdefghjklmnopqrstwxyz"
    assert [key.letter for key in letters.pad("")] == list(letters.PAD_LETTERS)
    assert all(key.url.endswith(f"/xy{key.letter}/") for key in letters.pad("xy"))


def test_letter_pad_stops_adding_letters_at_the_limit(client, world):
    full = "x" * letters.MAX_LETTERS
    page = get_page(client, f"/kiosk/letters/{full}/")
    assert not [target for target in page.targets if target.startswith(f"/kiosk/letters/{full}")]


# --- QR handoff -----------------------------------------------------------------------------------


def test_service_page_qr_code_encodes_the_same_page_on_the_public_site(client, world):
    html = client.get("/kiosk/services/blood-pressure/").content.decode()
    assert str(qr_svg("http://testserver/services/blood-pressure/")) in html
    assert "用手机扫码，继续查看" in html
    assert 'href="http://testserver/services/' not in html  # the public URL is in the code, not a link


def test_room_page_qr_code_encodes_the_same_page_on_the_public_site(client, world):
    html = client.get("/kiosk/venues/relay-station/").content.decode()
    assert str(qr_svg("http://testserver/venues/relay-station/")) in html


def test_qr_code_follows_the_host_the_kiosk_was_reached_on(client, world, settings):
    settings.ALLOWED_HOSTS = ["fuwu.example.cn"]
    html = client.get("/kiosk/venues/relay-station/", HTTP_HOST="fuwu.example.cn").content.decode()
    assert str(qr_svg("http://fuwu.example.cn/venues/relay-station/")) in html


def qr_svg(url: str) -> str:
    """The kiosk's QR code of ``url`` (as kiosk/qr.py draws it)."""
    return qr.qr_svg(url, "二维码", "qr-code")


def test_qr_svg_carries_no_style_attributes():
    svg = str(qr_svg("http://testserver/services/x/"))
    assert svg.startswith("<svg") and "style=" not in svg and "<script" not in svg


# --- Built with factories: the edge cases ---------------------------------------------------------


@pytest.fixture
def world():
    health = make_category(name="健康服务", slug="health", icon="health")
    make_category(name="空类别", slug="empty")
    station = make_venue(name="智慧健康驿站", slug="health-station", location="一楼大厅东侧")
    closed = make_venue(name="装修中的活动室", slug="closed-room", weekly=(), floor=None)
    relay = make_venue(name="爱心接力站", slug="relay-station", open_24_hours=True)
    make_special_day(station, timezone.localdate(), reason="检修")
    hidden_room = make_venue(name="未发布的房间", slug="hidden-room", is_published=False)
    elderly = make_audience(name="老年人", slug="elderly")
    make_service(
        name="免费测量血压",
        slug="blood-pressure",
        category=health,
        venues=[station, hidden_room],
        audiences=[elderly],
        materials="身份证\n社保卡",
        steps="登记\n测量",
        faq="问：要预约吗？\n答：不用。",
        phone="021-57310301",
        visits=0,
        time_limit="即办",
        is_featured=True,
    )
    make_service(name="没有场所的服务", slug="nowhere", category=health)
    make_service(
        name="暂停的服务",
        slug="suspended",
        category=health,
        venues=[closed],
        status=ServiceStatus.SUSPENDED,
        status_notice="设备维修，下月恢复",
        is_featured=True,
    )
    make_service(
        name="网上也能办",
        slug="online",
        category=health,
        venues=[relay],
        online=True,
        online_url="https://zwdt.sh.gov.cn/",
        is_free=False,
        fee="每次5元",
        own_hours=((0, "09:00", "11:00"),),
    )
    make_service(name="未发布的服务", slug="hidden", category=health, is_published=False)


@pytest.mark.parametrize(
    "path",
    [
        "/kiosk/",
        "/kiosk/home/",
        "/kiosk/category/health/",
        "/kiosk/category/empty/",
        "/kiosk/services/blood-pressure/",
        "/kiosk/services/nowhere/",
        "/kiosk/services/suspended/",
        "/kiosk/services/online/",
        "/kiosk/venues/",
        "/kiosk/venues/health-station/",
        "/kiosk/venues/closed-room/",
        "/kiosk/venues/relay-station/",
        "/kiosk/letters/",
        "/kiosk/letters/mf/",
        "/kiosk/letters/qqqq/",
        "/kiosk/activities/",
        "/kiosk/notices/",
        "/kiosk/heritage/",
        "/kiosk/venues/?floor=other",
    ],
)
def test_pages_render_with_factory_data(client, world, path):
    get_page(client, path)


def test_online_link_is_not_a_way_out(client, world):
    page = get_page(client, "/kiosk/services/online/")
    assert "zwdt.sh.gov.cn" not in " ".join(page.targets)
    assert "每次5元" in page.text


def test_unpublished_rooms_are_not_offered(client, world):
    page = get_page(client, "/kiosk/services/blood-pressure/")
    assert "/kiosk/venues/health-station/" in page.targets
    assert "/kiosk/venues/hidden-room/" not in page.targets


def test_empty_catalogue_still_renders(client):
    for path in (
        "/kiosk/",
        "/kiosk/home/",
        "/kiosk/venues/",
        "/kiosk/venues/?floor=2",
        "/kiosk/letters/ab/",
        "/kiosk/activities/",
        "/kiosk/notices/",
        "/kiosk/heritage/",
    ):
        get_page(client, path)


# --- 404s, redirects and odd input ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/kiosk/services/no-such-service/",
        "/kiosk/services/hidden/",
        "/kiosk/venues/no-such-room/",
        "/kiosk/venues/hidden-room/",
        "/kiosk/category/no-such-category/",
        "/kiosk/no-such-page/",
        "/kiosk/services/%E8%A1%80%E5%8E%8B/",
        "/kiosk/a/b/c/",
        "/kiosk/letters/x/y/",
        "/kiosk/heritage/no-such-item/",
        "/kiosk/activities/no-such-activity/",
    ],
)
def test_unknown_pages_get_the_kiosks_own_404(client, world, path):
    page = get_page(client, path, status=404)
    assert "/kiosk/home/" in page.targets
    assert "找不到这个页面" in page.text


@pytest.mark.parametrize(
    ("path", "final"),
    [
        ("/kiosk", "/kiosk/"),
        ("/kiosk/home", "/kiosk/home/"),
        ("/kiosk/no-such-page", "/kiosk/no-such-page/"),
        ("/kiosk/letters/XY/", "/kiosk/letters/xy/"),
        ("/kiosk/letters/x1y/", "/kiosk/letters/xy/"),
        ("/kiosk/letters/%E8%A1%80%E5%8E%8B/", "/kiosk/letters/"),
        ("/kiosk/letters/%3Cscript%3E/", "/kiosk/letters/script/"),
        ("/kiosk/letters/" + "ab" * 500 + "/", "/kiosk/letters/" + "ab" * (letters.MAX_LETTERS // 2) + "/"),
        ("/kiosk/letters/%20%00%E2%80%8B/", "/kiosk/letters/"),
    ],
)
def test_redirects_stay_inside_the_kiosk(client, path, final):
    response = client.get(path, follow=True)
    assert response.status_code in {200, 404}
    for url, _ in response.redirect_chain:
        assert inside_kiosk(path, url), url
    assert response.request["PATH_INFO"] == final
    parse(response, final)


@pytest.mark.parametrize("value", ["abc", "-5", "0", "5.5", "", "1e9", "9" * 400, "٥", "%00", "60"])
def test_odd_query_values_never_fail(client, world, value):
    for name in ("idle", "rotate", "refresh", "page", "floor"):
        for path in (
            "/kiosk/",
            "/kiosk/category/health/",
            "/kiosk/letters/m/",
            "/kiosk/services/blood-pressure/",
            "/kiosk/venues/",
            "/kiosk/activities/",
            "/kiosk/notices/",
        ):
            response = client.get(path, {name: value})
            assert response.status_code == 200, (path, name, value)
            parse(response, path)


@pytest.mark.parametrize(
    ("value", "idle"), [("5", 5), ("-5", 5), ("abc", 90), ("99999999999999999999", 600), ("45", 45)]
)
def test_idle_from_the_query_string_is_clamped(client, value, idle, settings):
    settings.KIOSK_IDLE_SECONDS = 90
    html = client.get("/kiosk/home/", {"idle": value}).content.decode()
    assert f'data-idle="{idle}"' in html


def test_idle_time_comes_from_the_setting(client, settings):
    settings.KIOSK_IDLE_SECONDS = 180
    html = client.get("/kiosk/home/").content.decode()
    assert 'data-idle="180"' in html
    assert 'data-countdown="20"' in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 7), ("", 7), ("abc", 7), ("3", 3), ("-3", 1), ("0", 1), ("1000", 10), (" 4 ", 4), ("9" * 50, 10)],
)
def test_clamped(value, expected):
    assert config.clamped(value, 7, (1, 10)) == expected


@pytest.mark.parametrize(
    ("typed", "clean"),
    [("xy", "xy"), ("XY", "xy"), ("x-y_1", "xy"), ("血压", ""), ("", ""), ("abcdefghijkl", "abcdefgh")],
)
def test_letters_normalize(typed, clean):
    assert letters.normalize(typed) == clean


# --- Caching and the service worker ---------------------------------------------------------------


def test_kiosk_pages_are_always_fetched_fresh(client):
    for path in ("/kiosk/", "/kiosk/home/", "/kiosk/no-such-page/"):
        assert "no-store" in client.get(path)["Cache-Control"], path


def test_service_worker_is_served_with_the_kiosk_as_its_scope(client):
    response = client.get("/kiosk/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/kiosk/"
    assert "no-cache" in response["Cache-Control"]
    first_line, _, body = response.content.decode().partition("\n")
    settings_json = re.fullmatch(r"self\.KIOSK_SW = (\{.*\});", first_line).group(1)
    sw = json.loads(settings_json)
    assert sw["scope"] == "/kiosk/"
    assert sw["pages"] == ["/kiosk/", "/kiosk/home/"]
    assert "/static/kiosk/kiosk.css" in sw["assets"] and "/static/kiosk/kiosk.js" in sw["assets"]
    assert 'addEventListener("fetch"' in body


def test_kiosk_urls_round_trip():
    assert reverse("kiosk:loop") == "/kiosk/"
    assert reverse("kiosk:letters", kwargs={"letters": "xy"}) == "/kiosk/letters/xy/"
    assert reverse("kiosk:service", kwargs={"slug": "a"}) == "/kiosk/services/a/"
    assert reverse("kiosk:venue", kwargs={"slug": "a"}) == "/kiosk/venues/a/"
    assert reverse("kiosk:category", kwargs={"slug": "a"}) == "/kiosk/category/a/"
    assert reverse("kiosk:service_worker") == "/kiosk/sw.js"


# --- Query counts ---------------------------------------------------------------------------------

QUERY_PAGES = [
    "/kiosk/",
    "/kiosk/home/",
    "/kiosk/category/cat-0/",
    "/kiosk/category/cat-0/?page=2",
    "/kiosk/category/cat-0/?page=99",  # past the end at both sizes: the last page
    "/kiosk/services/svc-1/",
    "/kiosk/venues/",
    "/kiosk/venues/room-0/",
    "/kiosk/venues/relay/",
    "/kiosk/letters/",
    "/kiosk/letters/fw/",
    "/kiosk/no-such-page/",
    "/kiosk/venues/?floor=2",
    "/kiosk/activities/",
    "/kiosk/activities/?page=2",
    "/kiosk/activities/act-1/",
    "/kiosk/notices/",
    "/kiosk/notices/?page=2",
    "/kiosk/heritage/",
    "/kiosk/heritage/item-1/",
]


def kiosk_queries(client) -> dict[str, int]:
    counts = {}
    for url in QUERY_PAGES:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code in {200, 404}, url
        counts[url] = len(captured)
    return counts


def populate_searchable(count: int) -> None:
    """The query-budget test's catalogue of ``count`` services, with its search index built."""
    populate(count)
    search_index.refresh()


def queries_with(client, count: int) -> dict[str, int]:
    """Query counts per kiosk page with ``count`` services, rolled back afterwards."""
    with transaction.atomic():
        populate_searchable(count)
        assert "/kiosk/services/svc-0/" in client.get("/kiosk/letters/fw/").content.decode()  # finds 服务0…
        counts = kiosk_queries(client)
        transaction.set_rollback(True)
    return counts


@pytest.mark.parametrize("hhmm", ["10:30", "22:30"], ids=["day", "night"])
def test_kiosk_pages_stay_within_the_query_budget(client, clock, hhmm, django_assert_max_num_queries):
    populate_searchable(80)
    clock(hhmm)
    for url in QUERY_PAGES:
        with django_assert_max_num_queries(BUDGET):
            client.get(url)


@pytest.mark.parametrize("hhmm", ["10:30", "22:30"], ids=["day", "night"])
def test_kiosk_query_count_is_the_same_for_80_and_800_services(client, clock, hhmm):
    clock(hhmm)
    assert queries_with(client, 80) == queries_with(client, 800)


# --- Today's activities and notices ------------------------------------------------------------


def test_loop_shows_todays_activities_and_current_notices_and_their_pages_stay_inside(client, world, daytime):
    import datetime as dt

    from django.utils import timezone

    from activities.models import Activity, Notice

    now = timezone.now()
    room = Venue.objects.get(slug="relay-station")
    Activity.objects.create(
        title="骑手茶话会",
        slug="rider-tea",
        summary="歇脚聊天",
        venue=room,
        starts_at=now + dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(minutes=90),
    )
    Notice.objects.create(title="本周六图书馆闭馆", starts_at=now, ends_at=now + dt.timedelta(days=1))
    loop = get_page(client, "/kiosk/")
    assert "骑手茶话会" in loop.text and "本周六图书馆闭馆" in loop.text
    assert "/kiosk/activities/rider-tea/" in loop.targets
    page = get_page(client, "/kiosk/activities/rider-tea/")
    assert "骑手茶话会" in page.text and "返回首页" in page.text
    assert (
        str(qr_svg("http://testserver/activities/rider-tea/"))
        in client.get("/kiosk/activities/rider-tea/").content.decode()
    )
    assert client.get("/kiosk/activities/nope/").status_code == 404
