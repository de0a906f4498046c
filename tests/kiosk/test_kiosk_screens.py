"""What each kiosk screen says: after hours, the ways in from the home screen, "您在这里", the lists that
page by URL, the room's "how to get there", and the markup rules outside checkers apply."""

import re
from pathlib import Path

import pytest

from activities.models import Activity, Notice
from heritage.models import HeritageItem
from services.models import Service
from tests.kiosk.test_kiosk_pages import get_page
from venues.models import Venue

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def catalogue(sample_for_module, db):
    """The whole sample, loaded once for this module; what a test changes is rolled back after it."""


def panels(html: str) -> list[str]:
    return re.findall(r'data-panel="([a-z-]+)"', html)


# --- After hours ---------------------------------------------------------------------------------


def test_at_night_the_loop_shows_the_relay_station_and_when_the_rooms_open_tomorrow(client, catalogue, night):
    html = client.get("/kiosk/").content.decode()
    shown = panels(html)
    assert shown[:1] == ["relay"]
    assert "next-opening" in shown
    assert "open-rooms" not in shown and "featured" not in shown  # the one small card is gone
    page = get_page(client, "/kiosk/")
    assert "现在是闭馆时间，爱心接力站24小时开放" in page.text
    relay = html.split('data-panel="relay"')[1].split("</section>")[0]
    for offered in ("免费茶水和饮水机", "“一网通办”自助终端", "一楼北侧，临街单独出入口", "一网通办自助终端"):
        assert offered in relay, offered
    opening = html.split('data-panel="next-opening"')[1].split("</section>")[0]
    assert "明天几点开门" in opening
    assert "社区事务受理大厅" in opening  # listed under its first opening time
    assert re.search(r'class="opening-time">\d\d:\d\d<', opening)


def test_before_dawn_the_loop_says_when_the_rooms_open_this_morning(client, catalogue, clock):
    clock("03:00")
    html = client.get("/kiosk/").content.decode()
    assert "relay" in panels(html)
    assert "今天几点开门" in html and "明天几点开门" not in html


def test_at_night_the_loop_lists_the_activities_of_the_day_the_rooms_open_again(client, catalogue, night):
    html = client.get("/kiosk/").content.decode()
    if "next-activities" not in panels(html):
        pytest.fail("the sample has weekly activities every day of the week: tomorrow's panel should show")
    block = html.split('data-panel="next-activities"')[1].split("</section>")[0]
    assert "明天的活动" in block
    assert re.search(r'href="/kiosk/activities/[a-z0-9-]+/"', block)


def test_by_day_the_loop_shows_the_rooms_open_now_and_no_relay_panel(client, catalogue, daytime):
    html = client.get("/kiosk/").content.decode()
    assert "open-rooms" in panels(html) and "relay" not in panels(html)
    assert "现在是闭馆时间" not in html


def test_an_evening_activity_at_the_relay_station_stays_on_the_night_loop(client, catalogue, night):
    relay = Venue.objects.get(slug="relay-station")
    Activity.objects.create(
        title="骑手深夜茶话会",
        slug="late-tea",
        summary="歇脚聊天",
        venue=relay,
        starts_at=night.replace(hour=23),
        ends_at=night.replace(hour=23, minute=45),
    )
    html = client.get("/kiosk/").content.decode()
    block = html.split('data-panel="activities"')[1].split("</section>")[0]
    assert "骑手深夜茶话会" in block


# --- Home: every way in -------------------------------------------------------------------------


def test_home_counts_todays_activities_notices_and_heritage(client, catalogue, daytime):
    page = get_page(client, "/kiosk/home/")
    notices = Notice.objects.current().count()
    assert f"{notices} 条通知" in page.text
    assert f"等 {HeritageItem.objects.published().count()} 项" in page.text
    assert "您在这里： 一楼大厅" in page.text


def test_activity_page_goes_back_to_the_kiosks_activity_list(client, catalogue):
    slug = Activity.objects.published().values_list("slug", flat=True).first()
    html = client.get(f"/kiosk/activities/{slug}/").content.decode()
    assert '<a class="crumb" href="/kiosk/activities/">‹ 今天的活动</a>' in html
    assert 'class="crumb" href="/kiosk/"' not in html


def test_a_weekly_activity_says_its_rhythm_before_its_next_dates(client, catalogue):
    activity = Activity.objects.published().filter(repeat=1).first()
    text = get_page(client, f"/kiosk/activities/{activity.slug}/").text
    assert f"时间{activity.repeat_label}，下次：" in text.replace(" ", "")


def test_activity_list_shows_the_week_day_by_day(client, catalogue, daytime):
    page = get_page(client, "/kiosk/activities/")
    assert "今天的活动" in page.text
    html = client.get("/kiosk/activities/").content.decode()
    days = re.findall(r'<h2 class="day-title"[^>]*>([^<]+)<', html)
    assert days and days[0].strip() in {"今天", "明天"}
    assert len(re.findall(r'href="/kiosk/activities/[a-z0-9-]+/"', html)) == 8  # one screen's worth
    assert 'rel="next" href' not in html and 'href="/kiosk/activities/?page=2" rel="next"' in html
    last = get_page(client, "/kiosk/activities/?page=99")
    assert "/kiosk/activities/?page=1" in last.targets or any("?page=" in t for t in last.targets)


def test_notices_page_shows_the_current_notices_with_their_text(client, catalogue):
    notice = Notice.objects.current().first()
    page = get_page(client, "/kiosk/notices/")
    assert notice.title in page.text and notice.body in page.text


def test_notices_page_puts_the_important_first(client, daytime):
    from django.utils import timezone

    now = timezone.now()
    Notice.objects.create(title="一般通知", starts_at=now, ends_at=now.replace(year=now.year + 1))
    Notice.objects.create(title="停水通知", level="important", starts_at=now, ends_at=now.replace(year=now.year + 1))
    text = get_page(client, "/kiosk/notices/").text
    assert text.index("停水通知") < text.index("一般通知")
    assert "重要" in text


def test_heritage_pages_list_each_item_with_its_studio_and_hide_an_unknown_level(client, catalogue):
    page = get_page(client, "/kiosk/heritage/")
    for item in HeritageItem.objects.published():
        assert f"/kiosk/heritage/{item.slug}/" in page.targets
    item = HeritageItem.objects.published().exclude(studio=None).first()
    HeritageItem.objects.filter(pk=item.pk).update(level="")
    detail = get_page(client, f"/kiosk/heritage/{item.slug}/")
    assert f"/kiosk/venues/{item.studio.slug}/" in detail.targets
    assert "待核实" not in detail.text and "级别" not in detail.text
    HeritageItem.objects.filter(pk=item.pk).update(level="municipal")
    assert "上海市级" in get_page(client, f"/kiosk/heritage/{item.slug}/").text


def test_unpublished_heritage_item_is_not_shown(client, catalogue):
    item = HeritageItem.objects.first()
    HeritageItem.objects.filter(pk=item.pk).update(is_published=False)
    assert f"/kiosk/heritage/{item.slug}/" not in get_page(client, "/kiosk/heritage/").targets
    assert client.get(f"/kiosk/heritage/{item.slug}/").status_code == 404


# --- Lists page by URL; the strip's links are on the first screen ---------------------------------


def test_a_category_pages_by_links_in_the_strip_to_its_last_page(client, catalogue):
    category = "government"
    total = Service.objects.published().filter(category__slug=category).count()
    pages = -(-total // 6)
    seen, url = [], f"/kiosk/category/{category}/"
    for number in range(1, pages + 1):
        html = client.get(url).content.decode()
        strip = html.split('<nav class="k-pager"')[1].split("</nav>")[0]
        assert f"第 {number} / {pages} 页" in strip
        seen += re.findall(r'class="tile service-tile" href="(/kiosk/services/[^"]+/)"', html)
        found = re.search(r'href="([^"]+)" rel="next"', strip)
        if number < pages:
            assert found and "还有下一页" in strip
            url = found.group(1).replace("&amp;", "&")
        else:
            assert found is None
    assert len(seen) == len(set(seen)) == total


def test_a_page_without_page_links_hides_the_strip_until_the_script_measures_it(client, catalogue):
    html = client.get("/kiosk/services/mianfei-liang-xueya/").content.decode()
    assert re.search(r'<nav class="k-pager"[^>]* hidden>', html)
    assert re.search(r'<button type="button" class="screen-btn screen-down" data-screen="down"[^>]* hidden>', html)


def test_service_page_says_what_to_bring_before_the_longer_texts(client, catalogue):
    html = client.get("/kiosk/services/mianfei-liang-xueya/").content.decode()
    assert html.index("需要带什么") < html.index("服务内容")


def test_service_page_says_how_to_book_an_appointment(client, catalogue):
    service = Service.objects.published().filter(by_appointment=True).first()
    Service.objects.filter(pk=service.pk).update(booking_phone="021-12345678", booking_desk="一楼综合窗口，工作日")
    text = get_page(client, f"/kiosk/services/{service.slug}/").text
    assert "怎么预约" in text and "021-12345678" in text and "一楼综合窗口，工作日" in text


# --- 您在这里 and the way to each room ------------------------------------------------------------


def test_you_are_here_comes_from_the_setting(client, catalogue, settings):
    assert "您在这里： 一楼大厅" in get_page(client, "/kiosk/venues/").text
    settings.KIOSK_LOCATION = "二楼电梯厅"
    for path in ("/kiosk/", "/kiosk/home/", "/kiosk/venues/"):
        assert "您在这里： 二楼电梯厅" in get_page(client, path).text, path


def test_room_page_leads_with_open_now_todays_hours_and_where_it_is(client, catalogue, daytime):
    text = get_page(client, "/kiosk/venues/heritage-hall/").text
    assert text.index("现在") < text.index("今天") < text.index("位置") < text.index("设施设备")
    assert "3楼，三楼中部" in text


def test_room_page_shows_the_way_from_the_kiosk(client, catalogue, settings):
    if not hasattr(Venue, "route_from_kiosk"):
        pytest.fail("venues.Venue.route_from_kiosk is not in this checkout yet")
    Venue.objects.filter(slug="heritage-hall").update(route_from_kiosk="乘电梯到三楼，出电梯右转")
    text = get_page(client, "/kiosk/venues/heritage-hall/").text
    assert "怎么走 从这里（一楼大厅）出发： 乘电梯到三楼，出电梯右转" in text


# --- What outside checkers look at ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/kiosk/", "/kiosk/home/", "/kiosk/services/mianfei-liang-xueya/"])
def test_kiosk_pages_allow_zoom_and_give_times_to_the_second(client, catalogue, path):
    html = client.get(path).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "maximum-scale" not in html and "user-scalable" not in html
    stamps = re.findall(r'datetime="([^"]*)"', html)
    assert stamps
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", stamp), stamp


def test_kiosk_css_uses_only_the_prefixed_line_clamp():
    css = (ROOT / "static" / "kiosk" / "kiosk.css").read_text()
    assert re.search(r"(?<![-\w])line-clamp\s*:", css) is None
    assert "-webkit-line-clamp" in css and "display: -webkit-box" in css


# --- The letter search finds rooms and facilities too (finder) --------------------------------------


def test_letters_find_the_toilets_and_drinking_water_through_the_synonyms(client, catalogue):
    page = get_page(client, "/kiosk/letters/cs/")  # 厕所: the rooms list 卫生间 (a synonym staff entered)
    rooms = [target for target in page.targets if target.startswith("/kiosk/venues/")]
    assert "/kiosk/venues/toilets-1f/" in rooms[:4]
    assert "场所和设施" in page.text and "卫生间" in page.text
    html = client.get("/kiosk/letters/cs/").content.decode()
    assert "<mark>卫生间</mark>" in html  # why it was found is highlighted


def test_letters_show_the_rooms_on_the_first_page_only(client, catalogue):
    first = get_page(client, "/kiosk/letters/fw/")
    assert "场所和设施" in first.text
    assert "/kiosk/letters/fw/?page=2" in first.targets
    second = get_page(client, "/kiosk/letters/fw/?page=2")
    assert "场所和设施" not in second.text


def test_letters_that_find_only_rooms_say_no_service_was_found_without_the_empty_message(client, catalogue):
    page = get_page(client, "/kiosk/letters/wsj/")  # 卫生间
    assert "/kiosk/venues/toilets-2f/" in page.targets
    assert "没有找到。" not in page.text


def test_the_help_line_says_when_it_is_answered(client, catalogue, night):
    text = get_page(client, "/kiosk/home/").text
    assert "现在不在接听时间" in text


def test_the_relay_stations_page_gives_its_phone_with_its_answering_hours(client, catalogue, night):
    text = get_page(client, "/kiosk/venues/relay-station/").text
    assert "电话" in text and ("接听" in text)


# --- Photos: the first one, as staff described it -----------------------------------------------


def test_a_heritage_item_and_a_room_show_their_first_photo_with_its_description(client, catalogue):
    from heritage.models import HeritagePhoto
    from venues.models import VenuePhoto

    item = HeritageItem.objects.published().first()
    HeritagePhoto.objects.create(item=item, image="heritage/photos/a.jpg", width=8, height=6, sort_order=2)
    HeritagePhoto.objects.create(
        item=item, image="heritage/photos/b.jpg", width=8, height=6, sort_order=1, alt="传承人在扎花灯的竹骨"
    )
    html = client.get(f"/kiosk/heritage/{item.slug}/").content.decode()
    assert html.count('<figure class="k-photo">') == 1
    assert 'src="/media/heritage/photos/b.jpg" width="8" height="6"' in html and 'alt="传承人在扎花灯的竹骨"' in html
    room = Venue.objects.get(slug="heritage-hall")
    VenuePhoto.objects.create(venue=room, image="venues/photos/hall.jpg", width=8, height=6, caption="展厅全景")
    page = client.get("/kiosk/venues/heritage-hall/").content.decode()
    assert 'alt="展厅全景"' in page and "<figcaption>展厅全景</figcaption>" in page


def test_pages_without_photos_have_no_empty_figure(client, catalogue):
    for path in ("/kiosk/venues/heritage-hall/", "/kiosk/heritage/zhujing-lantern/"):
        assert "k-photo" not in client.get(path).content.decode(), path


def test_a_heritage_items_weekly_class_is_listed_once_with_its_rhythm(client, catalogue):
    item = HeritageItem.objects.get(slug="zhujing-lantern")
    activity = item.activities.published().filter(repeat=1).first()
    html = client.get(f"/kiosk/heritage/{item.slug}/").content.decode()
    assert html.count(f'href="/kiosk/activities/{activity.slug}/"') == 1
    assert re.search(rf'class="row-when">{activity.repeat_label} \d\d:\d\d–\d\d:\d\d，', html)
