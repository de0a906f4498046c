"""The public pages for older residents and for sharing: 长辈模式, landmarks, canonical and Open Graph
tags, JSON-LD that agrees with the page, sitemap.xml, robots.txt, nothing loaded from elsewhere, page weight."""

import datetime as dt
import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import timezone

from activities.models import Activity
from circle.models import ServicePoint
from heritage.models import HeritageItem, HeritagePhoto
from services.models import Category, Service
from tests.factories import log_in_verified
from venues.models import SpecialDay, Venue
from zhujing_center.maps import map_links
from zhujing_center.models import Centre

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
HOST = "testserver"
SERVICE = "/services/mianfei-liang-xueya/"

PAGES = {
    "home": "/",
    "service list": "/services/",
    "search results": "/services/?q=血压",
    "category": "/services/category/health/",
    "service": SERVICE,
    "rooms": "/venues/",
    "room": "/venues/health-station/",
    "24-hour room": "/venues/relay-station/",
    "activities": "/activities/",
    "activity": "/activities/taiji-morning/",
    "heritage": "/heritage/",
    "heritage item": "/heritage/zhujing-lantern/",
    "about": "/about/",
    "404": "/no-such-page/",
}
OK_PAGES = {name: path for name, path in PAGES.items() if name != "404"}
# Attributes that make the browser fetch something (or send a form somewhere).
RESOURCE_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "form": ("action",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
MAP_HOSTS = {urlsplit(link.url).hostname for link in map_links("上海市金山区朱泾镇人民路360号")}


class Page(HTMLParser):
    """What the tests need from a page's HTML, collected in one pass."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html_class = ""
        self.h1 = 0
        self.landmarks: list[str] = []
        self.canonical: list[str] = []
        self.meta: dict[str, str] = {}
        self.resources: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.anchors: list[dict[str, str]] = []
        self.images: list[dict[str, str]] = []
        self.style_attributes = 0
        self.event_handlers: list[str] = []
        self.inline_scripts = 0
        self.json_ld: list[str] = []
        self.scripts: list[dict[str, str]] = []
        self._in_json_ld = False
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_class = attributes.get("class", "")
        if tag == "h1":
            self.h1 += 1
        if tag in ("header", "nav", "main", "footer"):
            self.landmarks.append(tag)
        if tag == "link" and attributes.get("rel") == "canonical":
            self.canonical.append(attributes.get("href", ""))
        if tag == "meta" and attributes.get("property", "").startswith("og:"):
            self.meta[attributes["property"]] = attributes.get("content", "")
        if tag == "meta" and attributes.get("name") == "description":
            self.meta["description"] = attributes.get("content", "")
        for name in RESOURCE_ATTRIBUTES.get(tag, ()):
            if attributes.get(name):
                self.resources.append((tag, name, attributes[name]))
        if tag == "a":
            self.anchors.append(attributes)
        if tag == "img":
            self.images.append(attributes)
        if "style" in attributes:
            self.style_attributes += 1
        self.event_handlers += [name for name in attributes if name.startswith("on")]
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = True
            if attributes.get("type") == "application/ld+json":
                self._in_json_ld = True
                self.json_ld.append("")
            elif not attributes.get("src"):
                self.inline_scripts += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def structured_data(self) -> list[dict]:
        return [json.loads(block) for block in self.json_ld]


def get(client, path: str):
    response = client.get(path)
    return response, Page(response.content.decode())


def off_host(url: str) -> str | None:
    """The other host a URL points at, or None for this site (relative, or absolute to the test host)."""
    if url.startswith("//"):
        url = "http:" + url
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname != HOST:
        return parts.hostname
    return None


# ---------------------------------------------------------------- 长辈模式


def test_the_switch_sets_a_one_year_lax_cookie_and_goes_back(client, sample):
    response = client.get("/display/large/", {"next": "/services/?q=血压"})
    assert response.status_code == 302
    assert response["Location"] == "/services/?q=%E8%A1%80%E5%8E%8B"  # /services/?q=血压
    cookie = response.cookies["display"]
    assert cookie.value == "large"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True
    assert cookie["path"] == "/"


def test_pages_change_when_the_cookie_is_set_and_cleared(client, sample):
    _, before = get(client, SERVICE)
    assert "large-text" not in before.html_class
    client.get("/display/large/", {"next": SERVICE})
    response, after = get(client, SERVICE)
    assert "large-text" in after.html_class
    assert 'href="/display/standard/?next=' in response.content.decode()
    cleared = client.get("/display/standard/", {"next": SERVICE})
    assert cleared["Location"] == SERVICE
    assert cleared.cookies["display"].value == "" and cleared.cookies["display"]["max-age"] == 0
    response, again = get(client, SERVICE)
    assert "large-text" not in again.html_class
    assert 'href="/display/large/?next=' in response.content.decode()


def test_every_page_offers_the_switch_back_to_itself(client, sample):
    for path in PAGES.values():
        html = client.get(path).content.decode()
        assert "/display/large/?next=" in html, path
    html = client.get("/services/", {"q": "血压", "free": "on"}).content.decode()
    (target,) = re.findall(r'href="/display/large/\?next=([^"]+)"', html)
    assert unquote(target) == "/services/?q=%E8%A1%80%E5%8E%8B&free=on"  # the search, as the browser sent it


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "http://evil.example/services/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "",
    ],
)
def test_the_switch_refuses_to_send_anyone_elsewhere(client, target):
    for mode in ("large", "standard"):
        response = client.get(f"/display/{mode}/", {"next": target})
        assert response.status_code == 302
        assert response["Location"] == "/", target


def test_the_switch_without_next_goes_home(client):
    assert client.get("/display/large/")["Location"] == "/"


def test_cached_pages_keep_each_mode_apart(client, sample, settings):
    """With the whole-page cache on, a standard visitor never gets a large-text copy (and back)."""
    from django.core.cache import cache

    cache.clear()
    settings.PAGE_CACHE_SECONDS = 60
    assert "large-text" not in Page(client.get("/venues/").content.decode()).html_class
    client.cookies["display"] = "large"
    assert "large-text" in Page(client.get("/venues/").content.decode()).html_class
    del client.cookies["display"]
    assert "large-text" not in Page(client.get("/venues/").content.decode()).html_class


# ---------------------------------------------------------------- every page


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_every_page_has_one_h1_landmarks_and_its_share_tags(client, sample, mode):
    if mode == "large":
        client.cookies["display"] = "large"
    for name, path in PAGES.items():
        response, page = get(client, path)
        assert response.status_code == (404 if name == "404" else 200), path
        assert page.h1 == 1, path
        assert {"header", "nav", "main", "footer"} <= set(page.landmarks), path
        assert ("large-text" in page.html_class) == (mode == "large"), path
        for prop in ("og:title", "og:description", "og:image", "og:url", "og:type"):
            assert page.meta.get(prop), (path, prop)
        assert page.meta["og:image"].startswith(f"http://{HOST}/"), path
        assert page.meta["og:url"] == f"http://{HOST}{urlsplit(path).path}", path
        if name == "404":
            assert page.canonical == [], "a missing page names no canonical address"
        else:
            assert page.canonical == [f"http://{HOST}{urlsplit(path).path}"], path


def test_the_default_share_picture_is_a_1200_by_630_png(client):
    from PIL import Image

    image = Image.open(ROOT / "static" / "img" / "share.png")
    assert image.format == "PNG" and image.size == (1200, 630)
    _, page = get(client, "/")
    assert page.meta["og:image"] == f"http://{HOST}/static/img/share.png"


def test_share_titles_name_the_page(client, sample):
    assert get(client, SERVICE)[1].meta["og:title"] == "免费测量血压"
    assert get(client, "/venues/health-station/")[1].meta["og:title"] == "智慧健康驿站（1楼）"
    assert get(client, "/about/")[1].meta["og:title"] == Centre.load().name
    service = Service.objects.get(slug="mianfei-liang-xueya")
    assert get(client, SERVICE)[1].meta["og:description"] == service.summary


def test_a_second_page_of_the_catalogue_is_its_own_canonical_page(client, sample):
    _, page = get(client, "/services/?page=2")
    assert page.canonical == [f"http://{HOST}/services/?page=2"]
    _, filtered = get(client, "/services/?free=on&page=2")
    assert filtered.canonical == [f"http://{HOST}/services/"]


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_no_page_loads_anything_from_another_host(client, sample, mode):
    """Scripts, styles, images, frames and form targets stay on this site; only links the resident taps
    (the map apps, a service's own online address) lead elsewhere, and those carry rel="noopener"."""
    if mode == "large":
        client.cookies["display"] = "large"
    online = {
        urlsplit(url).hostname for url in Service.objects.exclude(online_url="").values_list("online_url", flat=True)
    }
    for path in PAGES.values():
        _, page = get(client, path)
        assert [r for r in page.resources if off_host(r[2]) or (r[1] == "srcset" and "//" in r[2])] == [], path
        for anchor in page.anchors:
            host = off_host(anchor.get("href", ""))
            if host:
                assert host in MAP_HOSTS | online, (path, anchor)
                assert "noopener" in anchor.get("rel", ""), (path, anchor)


def test_no_inline_script_style_or_event_handler(client, sample):
    """Ready for a Content-Security-Policy without 'unsafe-inline'; JSON-LD data blocks are not scripts."""
    for path in PAGES.values():
        _, page = get(client, path)
        assert page.inline_scripts == 0, path
        assert page.style_attributes == 0, path
        assert page.event_handlers == [], path
        for script in page.scripts:
            if script.get("src"):
                assert "defer" in script, (path, script)


def test_the_stylesheet_and_scripts_reference_no_other_host():
    for path in (ROOT / "static" / "css" / "site.css", ROOT / "static" / "js" / "read-aloud.js"):
        text = path.read_text()
        assert not re.search(r"https?://|url\(\s*['\"]?//|@import", text), path
        assert "@font-face" not in text, path


def test_the_centre_address_opens_in_the_map_apps(client, sample):
    centre = Centre.load()
    links = map_links(centre)  # a pin at the centre's coordinates, on the about page and in every footer
    assert [urlsplit(link.url).hostname for link in links] == ["uri.amap.com", "api.map.baidu.com", "apis.map.qq.com"]
    assert all("marker" in link.url for link in links)
    for path in ("/about/", "/"):
        _, page = get(client, path)
        hrefs = {anchor.get("href") for anchor in page.anchors}
        assert {link.url for link in links} <= hrefs, path
    html = client.get("/about/").content.decode()
    assert "怎么去" in html


def test_photos_fall_back_to_a_sensible_alt_text_and_share_picture(client, sample):
    activity = Activity.objects.get(slug="taiji-morning")
    activity.photo.name = "activities/taiji.jpg"
    activity.save()
    _, page = get(client, activity.get_absolute_url())
    photo = next(image for image in page.images if image["src"].endswith("taiji.jpg"))
    assert photo["alt"] == activity.title
    assert photo["loading"] == "lazy"
    assert page.meta["og:image"] == f"http://{HOST}/media/activities/taiji.jpg"
    item = HeritageItem.objects.get(slug="zhujing-lantern")
    # Heritage items have photos as rooms do (heritage.HeritagePhoto); the first one is the share picture.
    HeritagePhoto.objects.create(item=item, image="heritage/lantern.jpg", width=80, height=60, alt="一盏红色的朱泾花灯")
    _, page = get(client, item.get_absolute_url())
    assert any(image["alt"] == "一盏红色的朱泾花灯" for image in page.images)
    assert page.meta["og:image"] == f"http://{HOST}/media/heritage/lantern.jpg"
    _, page = get(client, "/heritage/")
    assert any(image["alt"] == "一盏红色的朱泾花灯" for image in page.images), "the collection shows it too"
    for path in PAGES.values():
        assert all(image.get("alt") for image in get(client, path)[1].images), path


def test_detail_pages_offer_read_aloud_and_a_qr_code_of_themselves(client, sample):
    for path in (SERVICE, "/venues/health-station/", "/activities/taiji-morning/"):
        html = client.get(path).content.decode()
        assert re.search(r"<button[^>]*data-read-aloud[^>]*hidden", html), path
        assert "data-read-region" in html, path
        assert '<script src="/static/js/read-aloud.js" defer>' in html, path
        assert re.search(r'<svg role="img" aria-label="[^"]+"[^>]*class="qr"', html), path
        assert "扫码在手机上打开/分享" in html, path
        assert f"http://{HOST}{path}" in html, path
    assert "read-aloud.js" not in client.get("/").content.decode()


def test_the_qr_code_encodes_the_page_address(client, sample):
    from zhujing_center.templatetags.page_tags import qr_svg

    html = client.get(SERVICE).content.decode()
    assert str(qr_svg(f"http://{HOST}{SERVICE}")) in html
    assert str(qr_svg(f"http://{HOST}/venues/health-station/")) not in html


# ---------------------------------------------------------------- JSON-LD


def test_json_ld_of_the_centre_agrees_with_home_and_about(client, sample):
    centre = Centre.load()
    for path in ("/", "/about/"):
        response, page = get(client, path)
        (data,) = page.structured_data()
        html = response.content.decode()
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "GovernmentOffice"
        assert data["name"] == centre.name and centre.name in html
        assert data["address"]["streetAddress"] == centre.address and centre.address in html
        assert data["telephone"] == centre.phone and f'href="tel:{centre.phone}"' in html
        assert data["url"] == f"http://{HOST}/"


def test_json_ld_of_a_service_agrees_with_its_guide(client, sample):
    service = Service.objects.get(slug="mianfei-liang-xueya")
    centre = Centre.load()
    response, page = get(client, SERVICE)
    (data,) = page.structured_data()
    html = response.content.decode()
    assert data["@type"] == "GovernmentService"
    assert data["name"] == service.name == "免费测量血压"
    assert data["url"] == f"http://{HOST}{SERVICE}"
    assert data["provider"]["name"] == centre.name
    assert data["provider"]["address"]["streetAddress"] == centre.address
    assert data["areaServed"]["name"] == "朱泾镇"
    assert data["serviceType"] == service.category.name
    (channel,) = data["availableChannel"]
    assert channel["serviceLocation"]["name"] == "智慧健康驿站"
    assert channel["serviceLocation"]["url"] == f"http://{HOST}/venues/health-station/"
    assert 'href="/venues/health-station/">智慧健康驿站</a>' in html
    phone = channel["servicePhone"]["telephone"]
    assert phone == (service.phone or centre.phone) and f'href="tel:{phone}"' in html
    assert data["offers"]["price"] == "0" and "免费" in html


def week_table(html: str) -> dict[dt.date, str]:
    """The room page's week table: date → what the cell says ('08:30–11:30 13:30–16:30', '24小时', '休息')."""
    table = html[html.index('<table class="week-hours">') : html.index("</table>")]
    rows = {}
    year = timezone.localdate().year
    for month, day, cell in re.findall(r'class="date">(\d+)月(\d+)日</span>.*?<td>(.*?)</td>', table, re.S):
        date = dt.date(year, int(month), int(day))
        if date < timezone.localdate() - dt.timedelta(days=1):
            date = date.replace(year=year + 1)
        cell = re.sub(r'<span class="reason">.*?</span>', "", cell)  # a holiday's reason, shown beside the hours
        rows[date] = " ".join(re.sub(r"<[^>]+>", " ", cell).split())
    return rows


DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def hours_on(specs: list[dict], day: dt.date) -> list[tuple[str, str]]:
    """The ranges the JSON-LD gives for one date: that date's special entries if any, else its weekday's."""
    special = [(s["opens"], s["closes"]) for s in specs if s.get("validFrom") == day.isoformat()]
    if special:
        return [] if special == [("00:00", "00:00")] else special
    return sorted(
        (s["opens"], s["closes"]) for s in specs if "validFrom" not in s and DAY_NAMES[day.weekday()] in s["dayOfWeek"]
    )


def shown(ranges: list[tuple[str, str]]) -> str:
    if ranges == [("00:00", "23:59")]:
        return "24小时"
    return " ".join(f"{opens}–{closes}" for opens, closes in ranges) or "休息"


@pytest.mark.parametrize("slug", ["health-station", "relay-station", "library", "coffee-house"])
def test_json_ld_opening_hours_of_a_room_agree_with_its_week_table(client, sample, slug):
    venue = Venue.objects.get(slug=slug)
    # update_or_create: on a Thursday the day is the sample's own Saturday closure of the library.
    SpecialDay.objects.update_or_create(
        venue=venue, date=timezone.localdate() + dt.timedelta(days=2), defaults={"closed": True, "reason": "设备检修"}
    )
    response, page = get(client, venue.get_absolute_url())
    (data,) = page.structured_data()
    assert data["@type"] == "Place"
    assert data["name"] == venue.name
    assert data["containedInPlace"]["address"]["streetAddress"] == Centre.load().address
    assert f'href="tel:{data["telephone"]}"' in response.content.decode()
    table = week_table(response.content.decode())
    assert len(table) == 7
    for day, cell in table.items():
        expected = shown(hours_on(data["openingHoursSpecification"], day))
        assert cell == expected, (day, cell, expected)


def test_json_ld_of_an_activity_gives_its_next_occurrence_with_the_offset(client, sample):
    activity = Activity.objects.select_related("venue").get(slug="taiji-morning")
    now = timezone.now()
    upcoming = [
        o for o in activity.occurrences(now - dt.timedelta(days=1), now + dt.timedelta(days=70)) if o.ends_at > now
    ]
    response, page = get(client, activity.get_absolute_url())
    (data,) = page.structured_data()
    html = response.content.decode()
    assert data["@type"] == "Event"
    assert data["name"] == activity.title
    start = dt.datetime.fromisoformat(data["startDate"])
    assert data["startDate"].endswith("+08:00") and data["endDate"].endswith("+08:00")
    assert start == upcoming[0].starts_at
    assert dt.datetime.fromisoformat(data["endDate"]) == upcoming[0].ends_at
    assert f'<time datetime="{data["startDate"]}">' in html, "the time the page shows first"
    assert data["location"]["name"] == activity.venue.name
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["isAccessibleForFree"] is activity.is_free


def test_drafts_previewed_by_staff_carry_no_json_ld(client, sample, django_user_model):
    Service.objects.filter(slug="mianfei-liang-xueya").update(is_published=False)
    staff = django_user_model.objects.create_user("editor", password="x" * 16, is_staff=True)
    log_in_verified(client, staff)
    response, page = get(client, SERVICE)
    assert response.status_code == 200 and "草稿预览" in response.content.decode()
    assert page.structured_data() == []


# ---------------------------------------------------------------- sitemap.xml and robots.txt


def sitemap_locations(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    return {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}


def test_sitemap_lists_every_published_page_and_no_draft(client, sample):
    Service.objects.filter(slug="mianfei-liang-xueya").update(is_published=False)
    Venue.objects.filter(slug="dance-room").update(is_published=False)
    Activity.objects.filter(slug="guqin-beginners").update(is_published=False)
    HeritageItem.objects.filter(slug="bozishu").update(is_published=False)
    ServicePoint.objects.filter(slug="linyuan-2-station").update(is_published=False)
    found = sitemap_locations(client)

    def absolute(objects) -> set[str]:
        return {f"http://{HOST}{obj.get_absolute_url()}" for obj in objects}

    expected = {
        f"http://{HOST}{path}"
        for path in (
            "/",
            "/services/",
            "/venues/",
            "/venues/floors/",
            "/activities/",
            "/heritage/",
            "/circle/",
            "/about/",
        )
    }
    expected |= absolute(Category.objects.all())
    expected |= absolute(Service.objects.published())
    expected |= absolute(Venue.objects.published())
    expected |= absolute(Activity.objects.published())
    expected |= absolute(HeritageItem.objects.published())
    expected |= absolute(ServicePoint.objects.published())
    assert found == expected
    drafts = (SERVICE, "/venues/dance-room/", "/activities/guqin-beginners/", "/heritage/bozishu/")
    for draft in (*drafts, "/circle/linyuan-2-station/"):
        assert f"http://{HOST}{draft}" not in found
    # An activity in a room that is not published is not public either.
    assert not any(
        f"/activities/{a.slug}/" in loc for a in Activity.objects.filter(venue__slug="dance-room") for loc in found
    )
    assert len(found) > 100


def test_robots_txt_allows_the_site_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    for path in ("/admin/", "/kiosk/", "/feedback/", "/display/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: http://{HOST}/sitemap.xml" in lines
    assert "Disallow: /" not in lines, "the public pages stay open to search engines"
    assert client.head("/robots.txt").status_code == 200  # crawlers and scanners may ask with HEAD


def test_robots_txt_does_not_reveal_a_secret_admin_address(client, settings):
    settings.ADMIN_URL = "guanli-7f3k/"
    assert "guanli-7f3k" not in client.get("/robots.txt").content.decode()


# ---------------------------------------------------------------- page weight


def test_the_home_page_weighs_under_50_kb_compressed_on_first_visit(client, sample):
    """HTML + every stylesheet and script it loads, gzip-compressed, as a first visit downloads them."""
    html = client.get("/").content
    page = Page(html.decode())
    total = len(gzip.compress(html))
    for tag, attribute, url in page.resources:
        if (tag == "link" and attribute == "href" and url.endswith(".css")) or (tag == "script" and attribute == "src"):
            total += len(gzip.compress((ROOT / "static" / url.removeprefix("/static/")).read_bytes()))
    print(f"home page, gzip: {total} bytes")
    assert total < 50 * 1024
