"""finder.lookup.find: one search over services, rooms and facilities, activities and heritage items."""

import datetime as dt

import pytest
from django.utils import timezone

from activities.models import Activity
from finder.lookup import find
from heritage.models import HeritageItem
from services.models import Synonym
from tests.factories import make_category, make_service, make_venue

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def building():
    """Rooms the way the sample describes them, toilets and drinking water included, and a few services."""
    health = make_category(name="健康服务", slug="health")
    station = make_venue(
        name="智慧健康驿站",
        slug="health-station",
        floor=1,
        location="一楼大厅西侧",
        facilities="自助电子血压计\n血糖仪\n候测座椅",
    )
    relay = make_venue(
        name="爱心接力站",
        slug="relay",
        floor=1,
        location="一楼北侧，临街单独出入口",
        open_24_hours=True,
        facilities="休息座椅\n免费茶水和饮水机\n手机充电插座和充电线\n微波炉和冰箱",
    )
    toilet_1 = make_venue(
        name="一楼卫生间",
        slug="toilet-1",
        floor=1,
        kind="amenity",
        location="一楼大厅东侧电梯旁",
        facilities="男卫生间、女卫生间\n无障碍卫生间",
    )
    toilet_2 = make_venue(name="二楼洗手间", slug="toilet-2", floor=2, kind="amenity", location="二楼走廊西头")
    library = make_venue(name="社区图书馆", slug="library", floor=2, location="二楼东侧", facilities="饮水机\n报刊架")
    make_venue(name="母婴室", slug="mother-baby", floor=1, location="一楼无障碍卫生间旁")
    make_venue(name="未开放的储藏室", slug="store", floor=1, facilities="饮水机", is_published=False)
    services = {
        "bp": make_service(
            name="免费测量血压", slug="bp", category=health, venues=[station], keywords="血压 量血压", sort_order=3
        ),
        "relay": make_service(
            name="爱心接力站歇脚休息",
            slug="relay-rest",
            category=health,
            venues=[relay],
            keywords="歇脚 休息 喝水 爱心驿站",
            sort_order=1,
        ),
        "repair": make_service(
            name="便民维修", slug="repair", category=health, venues=[library], keywords="维修 修雨伞", sort_order=2
        ),
        "meals": make_service(name="长者助餐", slug="meals", category=health, summary="老年人午餐"),
    }
    return {"station": station, "relay": relay, "toilets": [toilet_1, toilet_2], "library": library, **services}


def room_names(results) -> list[str]:
    return [hit.item.name for hit in results.rooms]


@pytest.mark.parametrize("typed", ["厕所", "卫生间", "洗手间", "cesuo", "cs", "weishengjian"])
def test_toilets_are_found_however_they_are_asked_for(building, typed):
    found = room_names(find(typed, NOW))
    assert found[:2] == ["一楼卫生间", "二楼洗手间"], found  # by name first, in the rooms' order
    assert "未开放的储藏室" not in found


def test_a_room_next_to_the_toilet_ranks_after_the_toilets(building):
    assert room_names(find("厕所", NOW)) == ["一楼卫生间", "二楼洗手间", "母婴室"]


@pytest.mark.parametrize("typed", ["喝水", "饮水", "热水", "yinshui"])
def test_drinking_water_is_found_in_the_facilities(building, typed):
    results = find(typed, NOW)
    assert {"爱心接力站", "社区图书馆"} <= set(room_names(results))
    relay = next(hit for hit in results.rooms if hit.item.name == "爱心接力站")
    assert [line.text for line in relay.lines] == ["免费茶水和饮水机"]


def test_charging_and_eating_are_found(building):
    assert "爱心接力站" in room_names(find("充电", NOW))
    assert "爱心接力站" in room_names(find("充电宝", NOW))
    assert [service.name for service in find("吃饭", NOW).services] == ["长者助餐"]


def test_the_seeded_synonyms_cover_what_residents_ask_for_most():
    groups = Synonym.objects.groups()
    for asked, meant in [("厕所", "卫生间"), ("喝水", "饮水"), ("喝水", "热水"), ("充电", "充电宝"), ("吃饭", "助餐")]:
        assert any(asked in group and meant in group for group in groups), (asked, meant)


def test_a_new_synonym_takes_effect_at_once(building):
    assert room_names(find("茅房", NOW)) == []
    Synonym.objects.create(words="茅房 卫生间")
    assert room_names(find("茅房", NOW))[:1] == ["一楼卫生间"]


def test_services_are_ranked_name_first_and_counted(building):
    results = find("xy", NOW)
    assert results.services[0].name == "免费测量血压"
    assert results.service_count == len(results.services) == 3
    assert [service.search_rank for service in results.services] == [0, 1, 1]


def test_only_the_first_services_are_loaded_but_all_are_counted(building):
    for index in range(7):
        make_service(name=f"血压讲座{index}", slug=f"talk-{index}")
    results = find("血压", NOW, services_shown=5)
    assert len(results.services) == 5 and results.service_count == 8
    assert results.catalogue_url == "/services/?q=%E8%A1%80%E5%8E%8B"


def test_every_token_must_match_in_rooms_too(building):
    assert room_names(find("二楼 厕所", NOW)) == ["二楼洗手间"]
    assert room_names(find("2楼 饮水", NOW)) == ["社区图书馆"]


def test_groups_come_best_match_first(building):
    # 血压 is in a service's name; the health station only lists a 血压计.
    assert [group.key for group in find("血压", NOW).groups] == ["services", "rooms"]
    # The toilets are rooms by name; no service is.
    assert [group.key for group in find("厕所", NOW).groups] == ["rooms"]
    assert [group.key for group in find("图书馆", NOW).groups] == ["rooms", "services"]


def test_activities_are_found_with_their_next_date_and_past_ones_are_not(building):
    starts = timezone.localtime(NOW).replace(hour=14, minute=0) + dt.timedelta(days=1)
    Activity.objects.create(
        title="太极拳晨练",
        slug="taiji",
        summary="老师带练",
        venue=building["library"],
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        repeat=1,
    )
    Activity.objects.create(
        title="太极拳讲座",
        slug="old",
        summary="讲座",
        venue=building["library"],
        starts_at=starts - dt.timedelta(days=30),
        ends_at=starts - dt.timedelta(days=30, hours=-1),
    )
    results = find("太极", NOW)
    assert [hit.item.slug for hit in results.activities] == ["taiji"]
    assert results.activities[0].next.starts_at == starts


def test_an_activity_found_by_its_heritage_item_says_so(building):
    item = HeritageItem.objects.create(name="朱泾花灯", slug="lantern", summary="传统手艺", studio=building["library"])
    starts = NOW + dt.timedelta(days=2)
    Activity.objects.create(
        title="周末手工课",
        slug="craft",
        summary="一起动手",
        venue=building["library"],
        heritage=item,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
    )
    results = find("花灯", NOW)
    assert [hit.item.name for hit in results.heritage] == ["朱泾花灯"]
    (hit,) = results.activities
    assert [(label, field.text) for label, field in hit.reasons] == [("非遗项目", "朱泾花灯")]


def test_a_service_found_by_a_keyword_only_is_ranked_after_name_matches(building):
    names = [service.name for service in find("xy", NOW).services]
    assert names.index("免费测量血压") < names.index("爱心接力站歇脚休息")
    assert names.index("免费测量血压") < names.index("便民维修")


def test_nonsense_is_not_suggested(building):
    results = find("厕纸", NOW)
    assert results.count == 0 and results.suggestions == []


def test_a_homophone_is_suggested_from_any_kind(building):
    results = find("卫声间", NOW)  # 卫生间 typed with the wrong 生
    assert results.count == 0
    labels = [suggestion.label for suggestion in results.suggestions]
    assert "一楼卫生间" in labels and "卫生间" in labels  # the room, and the synonym word to search


def test_a_mistyped_pinyin_is_suggested_by_a_shorter_spelling(building):
    results = find("xueyaa", NOW)
    assert results.count == 0
    assert [suggestion.label for suggestion in results.suggestions][:1] == ["免费测量血压"]


@pytest.mark.parametrize("typed", ["", "   ", "%", "_", "'; DROP TABLE x;--", "\\", "🚻", "a" * 500])
def test_odd_input_finds_nothing_or_something_but_never_fails(building, typed):
    results = find(typed, NOW)
    assert results.count >= 0
