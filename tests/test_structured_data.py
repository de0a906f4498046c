"""zhujing_center/structured_data.py, maps.py and share_image.py: pure functions, no database."""

import datetime as dt
import json
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from zhujing_center import hours, maps, share_image, structured_data

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
TODAY = dt.date(2026, 11, 30)  # a Monday


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def weekly(*rows: tuple[int, str, str]) -> tuple[hours.WeeklyRange, ...]:
    return tuple(hours.WeeklyRange(day, t(opens), t(closes)) for day, opens, closes in rows)


def absolute(path: str) -> str:
    return "https://fuwu.example.cn" + path


CENTRE = SimpleNamespace(
    name="金山区朱泾镇社区党群服务中心",
    short_name="泾彩服务",
    address="上海市金山区朱泾镇人民路360号",
    phone="021-57310360",
)


# ---------------------------------------------------------------- opening hours


def test_weekdays_with_the_same_hours_share_one_entry():
    schedule = hours.Schedule(weekly=weekly(*[(day, "08:30", "11:30") for day in range(6)], (MON, "13:30", "16:30")))
    specs = structured_data.opening_hours_specification(schedule, TODAY)
    assert specs == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
            "opens": "08:30",
            "closes": "11:30",
        },
        {"@type": "OpeningHoursSpecification", "dayOfWeek": ["Monday"], "opens": "13:30", "closes": "16:30"},
    ]


def test_open_24_hours_is_00_00_to_23_59_every_day():
    (spec,) = structured_data.opening_hours_specification(hours.Schedule(always_open=True), TODAY)
    assert spec["dayOfWeek"] == list(structured_data.DAY_NAMES)
    assert (spec["opens"], spec["closes"]) == ("00:00", "23:59")


def test_a_range_past_midnight_is_split_at_midnight():
    specs = structured_data.opening_hours_specification(hours.Schedule(weekly=weekly((SUN, "18:00", "02:00"))), TODAY)
    assert [(s["dayOfWeek"], s["opens"], s["closes"]) for s in specs] == [
        (["Monday"], "00:00", "02:00"),
        (["Sunday"], "18:00", "23:59"),
    ]


def test_a_range_to_midnight_has_no_empty_morning_part():
    specs = structured_data.opening_hours_specification(hours.Schedule(weekly=weekly((FRI, "18:00", "00:00"))), TODAY)
    assert [(s["dayOfWeek"], s["opens"], s["closes"]) for s in specs] == [(["Friday"], "18:00", "23:59")]


def test_coming_closures_and_changed_days_are_dated_entries_and_past_ones_are_left_out():
    schedule = hours.Schedule(
        weekly=weekly((MON, "09:00", "17:00")),
        exceptions={
            TODAY - dt.timedelta(days=1): hours.DayRule(TODAY - dt.timedelta(days=1), closed=True),
            TODAY + dt.timedelta(days=7): hours.DayRule(TODAY + dt.timedelta(days=7), closed=True, reason="检修"),
            TODAY + dt.timedelta(days=1): hours.DayRule(
                TODAY + dt.timedelta(days=1), closed=False, ranges=((t("10:00"), t("12:00")),)
            ),
        },
    )
    dated = [s for s in structured_data.opening_hours_specification(schedule, TODAY) if "validFrom" in s]
    assert dated == [
        {
            "@type": "OpeningHoursSpecification",
            "opens": "10:00",
            "closes": "12:00",
            "validFrom": "2026-12-01",
            "validThrough": "2026-12-01",
        },
        {
            "@type": "OpeningHoursSpecification",
            "opens": "00:00",
            "closes": "00:00",
            "validFrom": "2026-12-07",
            "validThrough": "2026-12-07",
        },
    ]


def test_a_room_without_hours_has_no_weekly_entries():
    assert structured_data.opening_hours_specification(hours.Schedule(), TODAY) == []


# ---------------------------------------------------------------- the documents


def venue(**fields):
    defaults = {
        "name": "智慧健康驿站",
        "slug": "health-station",
        "summary": "一楼的智慧健康驿站",
        "phone": "",
        "get_absolute_url": lambda: "/venues/health-station/",
        "schedule": lambda: hours.Schedule(weekly=weekly((MON, "09:00", "17:00"))),
    }
    return SimpleNamespace(**{**defaults, **fields})


def service(**fields):
    defaults = {
        "name": "免费测量血压",
        "summary": "免费量血压",
        "phone": "021-57310362",
        "online": False,
        "online_url": "",
        "is_free": True,
        "category": SimpleNamespace(name="健康服务"),
        "audiences": SimpleNamespace(all=lambda: [SimpleNamespace(name="老年人"), SimpleNamespace(name="全体居民")]),
        "get_absolute_url": lambda: "/services/mianfei-liang-xueya/",
    }
    return SimpleNamespace(**{**defaults, **fields})


def test_the_centre_is_a_government_office_with_address_and_phone():
    data = structured_data.government_office(CENTRE, absolute, image="https://fuwu.example.cn/static/img/share.png")
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentOffice"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "上海市金山区朱泾镇人民路360号",
        "addressCountry": "CN",
    }
    assert data["telephone"] == "021-57310360"
    assert data["url"] == "https://fuwu.example.cn/"
    assert data["alternateName"] == "泾彩服务"
    assert data["areaServed"]["name"] == "朱泾镇"
    assert "description" not in data


def test_a_room_is_a_place_in_the_centre_with_its_hours_and_falls_back_to_the_centre_phone():
    data = structured_data.place(venue(), CENTRE, absolute, today=TODAY)
    assert data["@type"] == "Place"
    assert data["url"] == "https://fuwu.example.cn/venues/health-station/"
    assert data["telephone"] == CENTRE.phone
    assert data["containedInPlace"]["name"] == CENTRE.name
    assert data["openingHoursSpecification"][0]["dayOfWeek"] == ["Monday"]
    assert structured_data.place(venue(phone="021-1"), CENTRE, absolute, today=TODAY)["telephone"] == "021-1"


def test_a_service_is_a_government_service_offered_in_its_rooms():
    data = structured_data.government_service(service(), [venue()], CENTRE, absolute)
    assert data["@type"] == "GovernmentService"
    assert data["provider"]["@type"] == "GovernmentOffice"
    assert data["areaServed"] == {"@type": "AdministrativeArea", "name": "朱泾镇"}
    (channel,) = data["availableChannel"]
    assert channel["serviceLocation"]["name"] == "智慧健康驿站"
    assert channel["servicePhone"]["telephone"] == "021-57310362"
    assert data["audience"]["audienceType"] == "老年人、全体居民"
    assert data["offers"] == {"@type": "Offer", "price": "0", "priceCurrency": "CNY"}


def test_an_online_service_without_a_room_still_has_channels_and_the_centre_phone():
    online = service(phone="", online=True, online_url="https://zwdt.sh.gov.cn/", is_free=False)
    channels = structured_data.government_service(online, [], CENTRE, absolute)["availableChannel"]
    assert channels == [{"@type": "ServiceChannel", "serviceUrl": "https://zwdt.sh.gov.cn/"}]
    offline = structured_data.government_service(service(phone=""), [], CENTRE, absolute)
    assert offline["availableChannel"][0]["servicePhone"]["telephone"] == CENTRE.phone
    assert "offers" not in structured_data.government_service(online, [], CENTRE, absolute)


def test_an_event_is_its_next_occurrence_in_china_time():
    room = venue()
    activity = SimpleNamespace(
        title="晨练太极",
        summary="每周一早上",
        is_free=True,
        venue=room,
        venue_id=1,
        place=room,
        get_absolute_url=lambda: "/activities/taiji-morning/",
    )
    utc = dt.UTC
    occurrence = SimpleNamespace(
        starts_at=dt.datetime(2026, 11, 30, 23, 0, tzinfo=utc), ends_at=dt.datetime(2026, 12, 1, 0, 30, tzinfo=utc)
    )
    data = structured_data.event(activity, occurrence, [SimpleNamespace(name="老年人")], CENTRE, absolute)
    assert data["startDate"] == "2026-12-01T07:00:00+08:00"
    assert data["endDate"] == "2026-12-01T08:30:00+08:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "智慧健康驿站"
    assert data["location"]["address"]["streetAddress"] == CENTRE.address
    assert data["isAccessibleForFree"] is True
    assert structured_data.event(activity, None, [], CENTRE, absolute) is None


def test_the_script_block_cannot_be_closed_by_the_data():
    block = str(structured_data.to_script({"name": "</script><script>alert(1)</script> & <!--"}))
    assert block.startswith('<script type="application/ld+json">') and block.endswith("</script>")
    inner = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == {"name": "</script><script>alert(1)</script> & <!--"}
    assert "智慧" in str(structured_data.to_script({"name": "智慧"})), "Chinese stays readable"
    assert structured_data.to_script(None) == ""


# ---------------------------------------------------------------- map links


def test_map_links_search_the_address_in_amap_baidu_and_tencent():
    links = maps.map_links("上海市金山区朱泾镇人民路360号")
    assert [link.key for link in links] == ["amap", "baidu", "tencent"]
    amap, baidu, tencent = (urlsplit(link.url) for link in links)
    assert (amap.scheme, amap.netloc, amap.path) == ("https", "uri.amap.com", "/search")
    assert parse_qs(amap.query)["keyword"] == ["上海市金山区朱泾镇人民路360号"]
    assert (baidu.netloc, baidu.path) == ("api.map.baidu.com", "/geocoder")
    assert parse_qs(baidu.query)["address"] == ["上海市金山区朱泾镇人民路360号"]
    assert parse_qs(baidu.query)["output"] == ["html"]
    assert (tencent.netloc, tencent.path) == ("apis.map.qq.com", "/uri/v1/search")
    assert parse_qs(tencent.query)["keyword"] == ["上海市金山区朱泾镇人民路360号"]
    assert parse_qs(tencent.query)["referer"]


def test_no_address_no_map_links():
    assert maps.map_links("") == [] and maps.map_links("  ") == []


def test_an_address_with_symbols_stays_one_parameter():
    (amap, *_rest) = maps.map_links("人民路360号 A&B=1#2")
    assert parse_qs(urlsplit(amap.url).query)["keyword"] == ["人民路360号 A&B=1#2"]


# ---------------------------------------------------------------- share picture


def test_the_share_picture_is_1200_by_630_on_the_brand_red(tmp_path):
    font = share_image.find_cjk_font()
    image = share_image.draw("泾彩服务", "金山区朱泾镇社区党群服务中心", "上海市金山区朱泾镇人民路360号", font)
    assert image.size == (1200, 630)
    assert image.getpixel((5, 5)) == share_image.RED
    path = tmp_path / "share.png"
    share_image.save(image, path)
    assert path.stat().st_size < 100_000


def test_the_share_picture_has_text_when_a_chinese_font_exists():
    font = share_image.find_cjk_font()
    if font is None:
        pytest.skip("no Chinese font on this machine (install fonts-noto-cjk)")
    with_text = share_image.draw("泾彩服务", "中心", "地址", font)
    without = share_image.draw("泾彩服务", "中心", "地址", None)
    assert white_pixels(with_text) > white_pixels(without) + 5000


def white_pixels(image) -> int:
    return sum(count for count, colour in image.getcolors(maxcolors=1 << 24) if colour == share_image.WHITE)


def test_without_a_font_the_picture_is_the_plain_brand_colour():
    image = share_image.draw("泾彩服务", "中心", "地址", None)
    colours = {colour for _count, colour in image.getcolors(maxcolors=10)}
    assert colours == {share_image.RED, share_image.WHITE}
