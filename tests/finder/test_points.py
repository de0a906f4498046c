"""The site's search knows the 15-minute circle: service points by name, kind, address, the areas they serve
and those areas' estates, in 汉字, pinyin or initials; an area's name offers its nearest points."""

import datetime as dt

import pytest

from circle.models import Area, ServicePoint
from circle.resources import ServicePointResource
from finder.lookup import AREAS_SHOWN, POINTS_SHOWN, find, trimmed, words_only
from tests.factories import make_area, make_category, make_point, make_service, make_venue

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def town():
    linyuan_2 = make_area(name="临源二村居民区", slug="linyuan-2", neighbourhoods="金色家园\n临源二村小区")
    linyuan_1 = make_area(name="临源一村居民区", slug="linyuan-1")
    donglin = make_area(name="东林居民区", slug="donglin", neighbourhoods="东林苑")
    hidden_area = make_area(name="临源四村居民区", slug="linyuan-4", neighbourhoods="翠湖苑", is_published=False)
    station = make_point(
        name="临源二村居民区党群服务站",
        slug="linyuan-2-station",
        kind="residential",
        area=linyuan_2,
        areas=[linyuan_2],
        address="朱泾镇临源街123号一楼",
        sort_order=2,
    )
    practice = make_point(
        name="临源新时代文明实践站",
        slug="linyuan-practice",
        kind="civilization",
        area=linyuan_1,
        areas=[linyuan_1, linyuan_2, hidden_area],
        address="朱泾镇临源一村居民区内",
        sort_order=1,
    )
    make_point(
        name="东林居民区党群服务站",
        slug="donglin-station",
        kind="residential",
        area=donglin,
        areas=[donglin],
        address="朱泾镇东林街8号",
    )
    make_point(
        name="临源二村储备站",
        slug="unpublished",
        kind="life",
        area=linyuan_2,
        areas=[linyuan_2],
        address="朱泾镇临源街125号",
        is_published=False,
    )
    category = make_category(name="健康服务", slug="health")
    make_service(name="免费测量血压", slug="bp", category=category, summary="量血压。测血糖，不收费。")
    make_venue(name="一楼卫生间", slug="toilet", summary="在一楼，东侧。", facilities="男、女卫生间")
    return {"station": station, "practice": practice}


def point_slugs(results) -> list[str]:
    return [hit.item.slug for hit in results.points]


def area_slugs(results) -> list[str]:
    return [hit.item.slug for hit in results.areas]


@pytest.mark.parametrize(
    "typed",
    [
        "临源二村居民区党群服务站",  # its name
        "临源二村",  # its area's name (the point is named after it too)
        "临源二村居民区",
        "临源",
        "linyuan",
        "LinYuan",
        "lin yuan",
        "ｌｉｎｙｕａｎ",  # a phone's full-width letters
        "lyec",  # the initials of 临源二村
        "lyecjmq",
        "linyuanercun",
        "临源er村",  # 汉字 and pinyin mixed
        "金色家园",  # an estate of the area it serves
        "jsjy",
        "jinsejiayuan",
        "临源街123号",  # its address
        "临源街",
        "linyuanjie",
        "党群服务站 临源",  # two words, both must match
        "临源二村，",  # the punctuation a phone's input method adds
        "“临源”",
    ],
)
def test_the_linyuan_2_point_is_found_however_it_is_typed(town, typed):
    assert "linyuan-2-station" in point_slugs(find(typed, NOW)), typed


@pytest.mark.parametrize("typed", ["临源二村", "lyec", "linyuanercun"])
def test_the_point_named_after_the_area_comes_before_the_others_serving_it(town, typed):
    # The practice station comes first in the points' own order, but only serves 临源二村.
    assert point_slugs(find(typed, NOW)) == ["linyuan-2-station", "linyuan-practice"]


def test_an_estate_finds_every_point_serving_its_area_and_says_why(town):
    results = find("金色家园", NOW)
    assert sorted(point_slugs(results)) == ["linyuan-2-station", "linyuan-practice"]
    reasons = {hit.item.slug: [(label, field.text) for label, field in hit.reasons] for hit in results.points}
    assert reasons["linyuan-practice"] == [("包括小区", "金色家园")]


def test_a_point_found_by_the_area_it_serves_says_so(town):
    results = find("临源二村", NOW)
    practice = next(hit for hit in results.points if hit.item.slug == "linyuan-practice")
    assert [(label, field.text) for label, field in practice.reasons] == [("服务范围", "临源二村居民区")]
    assert practice.rank > results.points[0].rank == 0


def test_an_area_typed_offers_its_nearest_points(town):
    results = find("临源二村", NOW)
    assert area_slugs(results) == ["linyuan-2"]
    assert [(hit.item.get_absolute_url(), name) for hit, name in results.areas_shown] == [
        ("/circle/?area=linyuan-2", "临源二村")
    ]
    assert area_slugs(find("临源", NOW)) == ["linyuan-1", "linyuan-2"]  # in the areas' own order
    assert area_slugs(find("jsjy", NOW)) == ["linyuan-2"]  # by its estate
    assert area_slugs(find("临源二村居民委员会", NOW)) == ["linyuan-2"]  # by its committee


def test_an_area_no_point_serves_is_still_offered_with_the_nearest(town):
    make_area(name="秀州居民区", slug="xiuzhou", neighbourhoods="秀州新苑")
    results = find("秀州新苑", NOW)
    assert point_slugs(results) == [] and area_slugs(results) == ["xiuzhou"]
    assert [group.key for group in results.groups] == ["points"] and results.count == 1
    (hit, name) = results.areas_shown[0]
    assert name == "秀州" and [(label, field.text) for label, field in hit.reasons] == [("包括小区", "秀州新苑")]


def test_unpublished_points_and_areas_are_never_found(town):
    for typed in ["临源二村储备站", "储备站", "cbz", "临源街125号", "临源四村", "翠湖苑", "chs"]:
        results = find(typed, NOW)
        assert "unpublished" not in point_slugs(results), typed
        assert "linyuan-4" not in area_slugs(results), typed
    # The practice station serves the unpublished 临源四村 too: that does not make it findable by it.
    assert point_slugs(find("临源四村", NOW)) == []
    assert point_slugs(find("翠湖苑", NOW)) == []


def test_the_points_group_is_ranked_with_the_others(town):
    assert [group.key for group in find("临源", NOW).groups] == ["points"]
    # 血压 is in a service's name, and in no point's.
    assert [group.key for group in find("血压", NOW).groups] == ["services"]
    # Both named 服务站: services first (ties keep the order of the kinds).
    make_service(name="服务站预约", slug="booking", category=make_category(name="其他", slug="other"))
    assert [group.key for group in find("服务站", NOW).groups] == ["services", "points"]
    # A room named after the point comes before it, as rooms come before points on a tie.
    make_venue(name="临源展厅", slug="linyuan-hall")
    assert [group.key for group in find("临源", NOW).groups] == ["rooms", "points"]


def test_the_points_group_counts_points_and_areas_and_shows_the_first(town):
    for n in range(POINTS_SHOWN + 2):
        make_point(name=f"临源便民服务点{n}", slug=f"more-{n}", kind="life", address="朱泾镇临源街")
    results = find("临源", NOW)
    (group,) = results.groups
    assert group.count == results.count == len(results.points) == 2 + POINTS_SHOWN + 2
    assert len(group.hits) == POINTS_SHOWN and results.more_points == len(results.points) - POINTS_SHOWN
    for n in range(AREAS_SHOWN + 1):
        make_area(name=f"临源{n + 5}村居民区", slug=f"linyuan-{n + 5}")
    assert len(find("临源", NOW).areas_shown) == AREAS_SHOWN


PUNCTUATION = ["。", "，", ",", ".", "、", "！", "？", "...", "——", "《》", "( )", "。 ，", "%", "_", "·"]


@pytest.mark.parametrize("typed", PUNCTUATION)
def test_punctuation_alone_finds_nothing(town, typed):
    # The sample's sentences are full of 。 and ，: searched as text, they would list nearly everything.
    results = find(typed, NOW)
    assert results.count == 0 and results.groups == [] and results.suggestions == []


def test_the_search_page_with_punctuation_alone_lists_nothing(client, town):
    html = client.get("/search/", {"q": "。"}).content.decode()
    assert "没有找到" in html and "免费测量血压" not in html and "一楼卫生间" not in html


@pytest.mark.parametrize(
    "query, cleaned",
    [
        ("临源二村，", "临源二村"),
        ("“临源” 二村", "临源 二村"),
        ("。 ， ！", ""),
        ("3.5 12-1", "3.5 12-1"),
        ("%", ""),
        ("x;--", "x"),
        ("🚻", ""),
    ],
)
def test_words_only(query, cleaned):
    assert words_only(query) == cleaned


def test_trimmed():
    assert trimmed("（临源）") == "临源" and trimmed("——") == "" and trimmed("a") == "a"


@pytest.mark.parametrize(
    "name, short", [("临源二村居民区", "临源二村"), ("东方村", "东方村"), ("居民区", "居民区"), ("新城", "新城")]
)
def test_area_short_name(name, short):
    assert Area(name=name).short_name == short


def test_the_search_page_shows_the_point_with_its_kind_address_open_now_and_link(client, town):
    html = client.get("/search/", {"q": "临源二村"}).content.decode()
    assert 'id="found-points"' in html
    card = html[html.index('href="/circle/linyuan-2-station/"') :]
    card = card[: card.index("</li>")]
    assert "居民区党群服务站" in card and "朱泾镇临源街123号一楼" in card
    assert "open-badge" in card
    assert '<a href="/circle/?area=linyuan-2">离临源二村最近的服务站 →</a>' in html
    assert "临源二村储备站" not in html


def test_a_mistyped_point_name_is_suggested(town):
    results = find("东林居民区党群服务占", NOW)  # 站 typed as 占
    assert results.count == 0
    assert "东林居民区党群服务站" in [suggestion.label for suggestion in results.suggestions]


def test_a_point_imported_from_a_spreadsheet_and_an_edit_are_found_on_the_next_search(client, town, commit):
    """Nothing is stored for the search: what an import or an edit saves is found once the page cache is
    emptied, as any save empties it."""
    assert "found-points" not in client.get("/search/", {"q": "泾南"}).content.decode()  # now in the page cache
    sheet = ServicePointResource().export(queryset=ServicePoint.objects.filter(slug="donglin-station"))
    row = dict(zip(sheet.headers, sheet[0], strict=True))
    row.update({"名称": "泾南居民区党群服务站", "网址名": "jingnan-station", "地址": "朱泾镇泾南路1号"})
    sheet.append([row[header] for header in sheet.headers])
    result = ServicePointResource().import_data(sheet, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    commit()
    html = client.get("/search/", {"q": "jingnan"}).content.decode()
    assert 'href="/circle/jingnan-station/"' in html and "<mark>泾南</mark>路1号" in html
    town["practice"].name = "临源泾南文明实践站"
    town["practice"].save()
    commit()
    assert 'href="/circle/linyuan-practice/"' in client.get("/search/", {"q": "泾南"}).content.decode()
