"""CountingPaginator: one query per page, and no page number ever fails."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.models import Category
from zhujing_center.pagination import CountingPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories():
    Category.objects.bulk_create(Category(name=f"类别{i:02}", slug=f"c{i}", sort_order=i) for i in range(45))


def page(number, per_page=20):
    paginator = CountingPaginator(Category.objects.order_by("sort_order"), per_page)
    return paginator.get_page(number)


def test_a_page_costs_one_query_and_knows_the_total(categories):
    with CaptureQueriesContext(connection) as queries:
        found = page(2)
        names = [category.name for category in found]
        total, pages = found.paginator.count, found.paginator.num_pages
    assert len(queries) == 1
    assert names == [f"类别{i:02}" for i in range(20, 40)] and (total, pages) == (45, 3)


@pytest.mark.parametrize(
    ("asked", "shown"), [(None, 1), ("", 1), ("abc", 1), ("-3", 1), ("0", 1), ("3", 3), ("4", 3), ("9" * 40, 3)]
)
def test_any_page_number_gives_a_page(categories, asked, shown):
    found = page(asked)
    assert found.number == shown and len(found) == (5 if shown == 3 else 20)


def test_nothing_found_is_an_empty_first_page(db):
    found = page("7")
    assert found.number == 1 and list(found) == [] and found.paginator.count == 0
