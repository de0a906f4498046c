"""/services/: search (汉字, pinyin, initials), filters, chips, ordering and bad input, on the real database."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from services.models import Service
from services.search_index import refresh
from tests.factories import make_audience, make_category, make_service, make_special_day, make_venue

pytestmark = pytest.mark.django_db

ALL_WEEK = tuple((day, "00:00", "23:59") for day in range(7))


@pytest.fixture
def catalogue_world():
    health = make_category(name="健康服务", slug="health", sort_order=1)
    culture = make_category(name="文体服务", slug="culture", sort_order=2)
    elderly = make_audience(name="老年人", slug="elderly")
    station = make_venue(name="智慧健康驿站", slug="health-station", floor=1, weekly=ALL_WEEK)
    gym = make_venue(name="市民健身驿站", slug="fitness-station", floor=2, weekly=ALL_WEEK)
    closed = make_venue(name="非遗展厅", slug="heritage-hall", floor=3, weekly=())
    return {
        "bp": make_service(
            name="免费测量血压",
            slug="bp",
            summary="量血压，看健康",
            category=health,
            venues=[station],
            audiences=[elderly],
            keywords="高血压",
            sort_order=2,
        ),
        "sugar": make_service(
            name="血糖检测",
            slug="sugar",
            summary="指尖采血测血糖，当场出结果",
            category=health,
            venues=[station],
            audiences=[elderly],
            sort_order=1,
            description="顺便也可以量血压。",
        ),
        "gym": make_service(
            name="健身器材使用",
            slug="gym",
            summary="跑步机、杠铃免费用",
            category=culture,
            venues=[gym],
            walk_in=True,
            by_appointment=True,
            is_free=False,
            fee="每次5元",
        ),
        "lantern": make_service(
            name="花灯制作体验",
            slug="lantern",
            summary="学做朱泾花灯",
            category=culture,
            venues=[closed],
            walk_in=False,
            online=True,
        ),
        "bank": make_service(
            name="银行业务咨询", slug="bank", summary="长者金融知识讲座", category=culture, venues=[gym]
        ),
    }


def names(response) -> list[str]:
    """The names of the page's results, in order."""
    return [service.name for service in response.context["services"]]


def card_names(services) -> list[str]:
    return [service.name for service in services]


@pytest.mark.parametrize("query", ["血压", "xueya", "xue ya", "XueYa", "xy", "ｘｙ", "免费测量血压", "mfclxy"])
def test_blood_pressure_is_found_however_it_is_typed(client, catalogue_world, query):
    assert "免费测量血压" in names(client.get("/services/", {"q": query}))


def test_mixed_chinese_and_initials(client, catalogue_world):
    assert names(client.get("/services/", {"q": "健身yz"})) == ["健身器材使用", "银行业务咨询"]


def test_heteronym_readings_both_match(client, catalogue_world):
    assert "银行业务咨询" in names(client.get("/services/", {"q": "yinhang"}))
    assert "银行业务咨询" in names(client.get("/services/", {"q": "yinxing"}))


def test_category_and_room_names_are_searched(client, catalogue_world):
    assert set(names(client.get("/services/", {"q": "健康驿站"}))) == {"免费测量血压", "血糖检测"}
    assert set(names(client.get("/services/", {"q": "文体"}))) == {"健身器材使用", "花灯制作体验", "银行业务咨询"}


def test_name_matches_come_before_description_matches(client, catalogue_world):
    # 血糖检测 sorts first by the staff's order, but mentions 血压 only in its description.
    assert names(client.get("/services/", {"q": "血压"})) == ["免费测量血压", "血糖检测"]


def test_every_token_must_match(client, catalogue_world):
    assert names(client.get("/services/", {"q": "血压 免费"})) == ["免费测量血压"]


def test_matches_are_highlighted_and_escaped(client, catalogue_world):
    catalogue_world["bp"].summary = "<script>alert(1)</script>血压"
    catalogue_world["bp"].save()
    html = client.get("/services/", {"q": "血压"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>血压</mark>" in html
    # Initials are matched in names (and keywords), not summaries: only the name is marked for them.
    html = client.get("/services/", {"q": "xy"}).content.decode()
    assert "免费测量<mark>血压</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;血压" in html


def test_no_results_says_so_and_offers_near_matches(client, catalogue_world):
    response = client.get("/services/", {"q": "血亚"})
    html = response.content.decode()
    assert "没有找到和“血亚”有关的服务" in html
    assert "您是不是要找" in html
    assert set(card_names(response.context["nearest"])) >= {"免费测量血压"}
    assert 'class="category-nav"' in html


def test_near_matches_for_mistyped_pinyin(client, catalogue_world):
    response = client.get("/services/", {"q": "xueyaa"})
    assert "免费测量血压" in card_names(response.context["nearest"])


def test_filter_by_category_audience_venue_floor(client, catalogue_world):
    assert names(client.get("/services/", {"category": "culture"})) == ["健身器材使用", "花灯制作体验", "银行业务咨询"]
    assert set(names(client.get("/services/", {"audience": "elderly"}))) == {"免费测量血压", "血糖检测"}
    assert names(client.get("/services/", {"venue": "heritage-hall"})) == ["花灯制作体验"]
    assert set(names(client.get("/services/", {"floor": "2"}))) == {"健身器材使用", "银行业务咨询"}


def test_filter_by_access_and_free(client, catalogue_world):
    assert names(client.get("/services/", {"access": "online"})) == ["花灯制作体验"]
    assert names(client.get("/services/", {"access": "appointment"})) == ["健身器材使用"]
    assert "健身器材使用" not in names(client.get("/services/", {"free": "on"}))


def test_filter_open_now(client, catalogue_world):
    # Rooms with ALL_WEEK hours are open except in the last minute of the day; pin the clock to noon.
    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        found = set(names(client.get("/services/", {"open": "on"})))
    assert found == {"免费测量血压", "血糖检测", "健身器材使用", "银行业务咨询"}


def test_what_open_now_finds_shows_an_open_badge(client, catalogue_world):
    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        html = client.get("/services/", {"open": "on"}).content.decode()
    assert html.count('class="card service-card"') == 4 == html.count('class="open-badge is-open"')


def test_open_now_respects_a_closure_today(client, catalogue_world):
    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)))
    make_special_day(catalogue_world["bp"].venues.get(), noon.date(), reason="检修")
    with mock.patch("django.utils.timezone.now", return_value=noon):
        found = set(names(client.get("/services/", {"open": "on"})))
    assert "免费测量血压" not in found and "健身器材使用" in found


def test_open_now_excludes_suspended_services(client, catalogue_world):
    Service.objects.filter(slug="gym").update(status="suspended")
    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        assert "健身器材使用" not in names(client.get("/services/", {"open": "on"}))


def test_filters_combine(client, catalogue_world):
    response = client.get("/services/", {"q": "血", "audience": "elderly", "floor": "1", "free": "on"})
    assert names(response) == ["血糖检测", "免费测量血压"]  # both names match: the staff's order
    # Initials match names and keywords only: 血糖检测 mentions 血压 in its description alone.
    assert names(client.get("/services/", {"q": "xy", "audience": "elderly", "floor": "1"})) == ["免费测量血压"]
    assert names(client.get("/services/", {"q": "xueya", "category": "culture"})) == []


def test_active_filters_show_as_removable_chips(client, catalogue_world):
    response = client.get("/services/", {"q": "血压", "audience": "elderly", "free": "on", "page": "1"})
    chips = {chip.label: chip for chip in response.context["chips"]}
    assert set(chips) == {"搜索", "服务对象", "只看免费"}
    assert chips["服务对象"].value == "老年人"
    remove = chips["服务对象"].remove_url
    assert remove.startswith("/services/?") and "audience" not in remove and "page" not in remove
    assert "free=on" in remove


def test_category_page_uses_the_same_form_and_chips(client, catalogue_world):
    response = client.get("/services/category/health/", {"q": "血"})
    assert names(response) == ["血糖检测", "免费测量血压"]  # both match by name: the staff's order
    html = response.content.decode()
    assert '<option value="health" selected>' in html
    chip = next(c for c in response.context["chips"] if c.label == "类别")
    assert chip.remove_url == "/services/?q=%E8%A1%80"


def test_unknown_category_page_is_404(client, catalogue_world):
    assert client.get("/services/category/nope/").status_code == 404


def test_unknown_filter_values_are_ignored_with_a_notice(client, catalogue_world):
    response = client.get("/services/", {"category": "nope", "floor": "9", "access": "fly", "q": "血压"})
    assert response.status_code == 200
    assert names(response) == ["免费测量血压", "血糖检测"]
    html = response.content.decode()
    assert "以下筛选条件无法识别，已忽略" in html
    for label in ["类别", "楼层", "办理方式"]:
        assert label in response.context["ignored"]


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "_",
        "\\",
        "'",
        '"',
        "' OR 1=1 --",
        "'; DROP TABLE services_service; --",
        "😀",
        "血压😀",
        "<b>",
        "\x00",
        "a" * 5000,
        "％",
        "100%",
        "null",
        "%%%%",
    ],
)
def test_odd_characters_are_searched_as_text(client, catalogue_world, query):
    response = client.get("/services/", {"q": query})
    assert response.status_code == 200
    assert Service.objects.count() == 5


def test_percent_and_underscore_are_not_wildcards(client, catalogue_world):
    assert names(client.get("/services/", {"q": "%"})) == []
    assert names(client.get("/services/", {"q": "_"})) == []


def test_overlong_query_is_cut(client, catalogue_world):
    response = client.get("/services/", {"q": "血压" * 1000})
    assert len(response.context["q"]) == 50


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", "", "1e9"])
def test_bad_page_numbers_give_a_normal_page(client, catalogue_world, page):
    assert client.get("/services/", {"q": "xy", "page": page}).status_code == 200


def test_search_text_follows_a_room_rename(client, catalogue_world):
    gym = catalogue_world["gym"].venues.get()
    gym.name = "全民健身中心"
    gym.save()
    assert "健身器材使用" in names(client.get("/services/", {"q": "qmjszx"}))


def test_search_text_follows_a_category_rename(client, catalogue_world):
    category = catalogue_world["lantern"].category
    category.name = "非遗文化"
    category.save()
    assert "花灯制作体验" in names(client.get("/services/", {"q": "非遗文化"}))


def test_search_text_follows_rooms_added_from_the_rooms_side(client, catalogue_world, commit):
    hall = make_venue(name="多功能厅", slug="hall")
    hall.services.add(catalogue_world["bank"])
    commit()
    assert names(client.get("/services/", {"q": "dgnt"})) == ["银行业务咨询"]
    hall.services.clear()
    commit()  # the edit commits: the page cache is emptied
    assert names(client.get("/services/", {"q": "dgnt"})) == []


def test_rebuild_covers_every_service(catalogue_world):
    Service.objects.update(search_primary="", search_secondary="")
    assert refresh() == 5
    assert Service.objects.filter(search_primary="").count() == 0


def test_drafts_are_never_found(client, catalogue_world):
    Service.objects.filter(slug="bp").update(is_published=False)
    assert "免费测量血压" not in names(client.get("/services/", {"q": "血压"}))
    assert "免费测量血压" not in card_names(client.get("/services/", {"q": "血亚"}).context["nearest"])
