"""Paging as the HSDS API reference describes it: the Page fields, page and per_page."""

import pytest

from services.models import Service
from venues.models import Venue

pytestmark = pytest.mark.django_db


def test_first_page_has_the_default_size_and_the_page_fields(api, catalogue):
    page = api("/api/hsds/services")
    assert page["total_items"] == 80
    assert page["total_pages"] == 2
    assert page["page_number"] == 1
    assert page["size"] == len(page["contents"]) == 50
    assert page["first_page"] is True
    assert page["last_page"] is False
    assert page["empty"] is False


def test_last_page_holds_the_rest(api, catalogue):
    page = api("/api/hsds/services?page=2")
    assert page["size"] == len(page["contents"]) == 30
    assert page["first_page"] is False
    assert page["last_page"] is True


def test_pages_cover_every_service_once_in_catalogue_order(api, catalogue):
    ids = []
    for number in range(1, 13):
        ids += [service["id"] for service in api(f"/api/hsds/services?per_page=7&page={number}")["contents"]]
    expected = [str(row.uuid) for row in Service.objects.published().order_by("category__sort_order", "sort_order")]
    assert ids == expected


def test_per_page_may_be_the_maximum(api, catalogue):
    page = api("/api/hsds/services?per_page=100")
    assert page["size"] == 80
    assert page["total_pages"] == 1
    assert page["first_page"] and page["last_page"]


def test_an_empty_catalogue_has_one_empty_page(api, catalogue):
    Service.objects.all().delete()
    page = api("/api/hsds/services")
    assert page == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


@pytest.mark.parametrize("number", ["4", "99999", "1000000000", "9223372036854775808", "1" + "0" * 100])
def test_a_page_past_the_last_is_empty_however_large(api, catalogue, django_assert_max_num_queries, number):
    total = Venue.objects.published().count()
    # The centre, the data version (6), the counts of rooms, service points and areas.
    with django_assert_max_num_queries(10):
        page = api(f"/api/hsds/locations?per_page=10&page={number}")
    assert page == {
        "total_items": total,
        "total_pages": 3,
        "page_number": int(number),
        "size": 0,
        "first_page": False,
        "last_page": True,
        "empty": False,
        "contents": [],
    }


def test_the_last_page_is_not_empty(api, catalogue):
    assert api("/api/hsds/locations?per_page=10&page=3")["size"] > 0


def test_leading_zeros_are_the_same_page(api, catalogue):
    assert api("/api/hsds/services?page=0002")["page_number"] == 2


def test_every_list_is_paged(api, catalogue):
    links = Service.venues.through.objects.count()
    for url, total in (
        ("/api/hsds/organizations", 6),
        ("/api/hsds/locations", Venue.objects.count()),
        ("/api/hsds/service_at_locations", links),
    ):
        page = api(f"{url}?per_page=5&page=2")
        assert page["total_items"] == total, url
        assert page["page_number"] == 2
        assert page["size"] == min(5, total - 5)


def test_format_json_is_accepted(api, catalogue):
    assert api("/api/hsds/organizations?format=json")["total_items"] == 6
