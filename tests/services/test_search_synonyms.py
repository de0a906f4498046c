"""ServiceQuerySet.search with synonym groups: what a typed word stands for, where, and how it ranks."""

import pytest

from services.models import Service, Synonym
from tests.factories import make_service

pytestmark = pytest.mark.django_db

GROUPS = [("厕所", "卫生间", "洗手间", "公厕"), ("喝水", "饮水", "热水"), ("吃饭", "用餐", "助餐")]


@pytest.fixture
def services():
    return {
        "toilet": make_service(name="公共卫生间开放", slug="toilet", summary="每天开放"),
        "sign": make_service(name="导引标识", slug="sign", summary="楼道里有厕所指示牌"),
        "heater": make_service(name="便民维修", slug="repair", summary="小家电", description="燃气灶、热水器不修。"),
        "water": make_service(name="免费茶水", slug="tea", summary="坐一坐", keywords="饮水"),
        "meals": make_service(name="长者助餐点", slug="meals", summary="午餐"),
    }


def found(query: str, groups=GROUPS) -> list[tuple[str, int]]:
    return [(s.slug, s.search_rank) for s in Service.objects.published().search(query, synonyms=groups)]


def test_a_synonym_is_found_in_names_and_ranks_as_a_name_match(services):
    # 卫生间 (three characters: the trigram path) in a name; 厕所 as typed in a summary (the gram path).
    assert found("厕所") == [("toilet", 0), ("sign", 2)]


def test_a_short_synonym_is_found_through_the_gram_table(services):
    assert found("吃饭") == [("meals", 0)]
    assert found("喝水") == [("tea", 1)]  # 饮水 is its keyword


def test_synonyms_are_not_looked_for_in_sentences(services):
    assert ("repair", 2) not in found("喝水")  # 热水器 is no drink of water
    assert ("repair", 2) in found("热水")  # typed, it is found anywhere


def test_letters_stand_for_the_full_pinyin_of_the_group(services):
    assert ("toilet", 0) in found("cs")
    assert found("cesuo") == [("toilet", 0)]


def test_without_groups_a_word_is_only_itself(services):
    assert found("厕所", groups=()) == [("sign", 2)]


def test_the_catalogue_reads_the_groups_staff_saved_at_once(client, services, commit):
    Synonym.objects.all().delete()
    commit()
    assert [s.slug for s in client.get("/services/", {"q": "茅房"}).context["services"]] == []
    Synonym.objects.create(words="茅房 卫生间")
    commit()  # the save empties the page cache, like any edit
    assert [s.slug for s in client.get("/services/", {"q": "茅房"}).context["services"]] == ["toilet"]
