"""The catalogue's order (``Service.Meta.ordering``) in lists, searches and rooms' pages."""

import pytest
from django.urls import reverse

from services.models import Service
from tests.factories import make_category, make_service, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    """Services whose names and sort orders cross the categories' order."""
    later, first = make_category(name="文化", slug="culture", sort_order=2), make_category(name="健康", slug="health")
    room = make_venue(slug="hall")
    rows = [
        ("血压讲座", later, 0, "讲血压"),
        ("免费测量血压", first, 5, "每天上午"),
        ("血糖检测", first, 1, "也量血压"),
        ("阿胶养生", first, 1, "冬季血压"),
        ("图书借阅", later, 0, "借书还书"),
        ("草稿", first, 0, "血压草稿"),
    ]
    for index, (name, category, sort_order, summary) in enumerate(rows):
        make_service(
            name=name,
            slug=f"s{index}",
            category=category,
            sort_order=sort_order,
            summary=summary,
            description=summary,
            venues=(room,),
            is_published=name != "草稿",
        )


def names(queryset) -> list[str]:
    return list(queryset.values_list("name", flat=True))


def place(service: Service) -> tuple[int, int]:
    return (service.category.sort_order, service.sort_order)


def test_the_catalogue_runs_by_category_then_staff_order(shelf):
    found = list(Service.objects.published().select_related("category"))
    assert len(found) == 5 and [place(s) for s in found] == sorted(place(s) for s in found)


@pytest.mark.parametrize(("query", "word"), [("血压", "血压"), ("xueya", "血压"), ("xue", "血")])
def test_name_matches_come_first_then_the_catalogue_order(shelf, query, word):
    found = list(Service.objects.published().search(query).select_related("category"))
    in_name = [service for service in found if word in service.name]
    assert found[: len(in_name)] == in_name and in_name
    rest = found[len(in_name) :]
    assert [place(s) for s in in_name] == sorted(place(s) for s in in_name)
    assert [place(s) for s in rest] == sorted(place(s) for s in rest)


def test_a_service_matched_several_ways_is_listed_once(shelf):
    found = names(Service.objects.published().search("血压 xy"))
    assert len(found) == len(set(found))


def test_a_room_lists_its_published_services_in_the_catalogue_order(client, shelf):
    html = client.get(reverse("venues:detail", kwargs={"slug": "hall"})).content.decode()
    expected = list(Service.objects.published().values_list("name", flat=True))
    assert all(name in html for name in expected) and sorted(expected, key=html.index) == expected
    assert "草稿" not in html
