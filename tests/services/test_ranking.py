"""The catalogue's order worked out in Python (services/ranking.py) against the same order in SQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services import ranking
from services.models import Service
from tests.factories import make_category, make_service, make_venue
from venues.models import Venue

pytestmark = pytest.mark.django_db


def test_name_matches_come_first_then_the_catalogue_order():
    place = {10: 0, 11: 1, 12: 2, 13: 3}
    assert ranking.order_results([(13, 0), (10, 1), (12, 1), (11, 0)], place) == [11, 13, 10, 12]


def test_a_service_found_twice_keeps_its_best_rank_once():
    assert ranking.order_results([(5, 1), (6, 1), (5, 0)], {5: 1, 6: 0}) == [5, 6]


def test_a_service_missing_from_the_table_goes_last():
    assert ranking.order_results([(99, 0), (1, 0)], {1: 5}) == [1, 99]


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


@pytest.mark.parametrize("query", ["", "血压", "xueya", "xy", "血", "讲座", "xue ya", "养生xy"])
def test_ranked_ids_match_the_sql_order(shelf, query):
    found = Service.objects.published().search(query)
    sql_order = list(found.order_by(*found.query.order_by or Service._meta.ordering, "pk").values_list("pk", flat=True))
    assert ranking.ranked_ids(None, found if query else None) == sql_order
    assert sql_order or query == "养生xy"


def test_the_whole_catalogue_is_the_table_itself(shelf):
    with CaptureQueriesContext(connection) as queries:
        ids = ranking.ranked_ids(None, None)
    assert len(queries) == 1  # the table (made once per edit and worker; on every call here, caching being off)
    assert ids == list(Service.objects.published().order_by(*Service._meta.ordering, "pk").values_list("pk", flat=True))


def test_a_room_lists_its_published_services_in_the_catalogue_order(shelf):
    hall = Venue.objects.get(slug="hall")
    expected = Service.objects.published().filter(venues=hall).order_by(*Service._meta.ordering, "pk")
    assert ranking.in_room(None, hall.pk) == list(expected.values_list("pk", flat=True))
    other = make_venue(slug="other")
    Service.objects.get(name="草稿").venues.add(other)
    assert ranking.in_room(None, other.pk) == []
