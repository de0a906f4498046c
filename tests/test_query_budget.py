"""Each public page makes a small, constant number of SQL queries, whatever the catalogue's size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from services.models import Audience, Category, Service
from tests.factories import make_special_day, make_venue
from venues.models import Venue

pytestmark = pytest.mark.django_db

# The most queries any public page may make (sessions and auth add none for anonymous visitors).
BUDGET = 16

PAGES = [
    "/",
    "/services/",
    "/services/?page=2",
    "/services/category/cat-0/",
    "/services/?q=服务&free=on&open=on&floor=1&audience=aud-0&access=walk-in&venue=room-1",
    "/services/?q=xy",
    "/services/?q=找不到的东西",
    "/services/svc-1/",
    "/venues/",
    "/venues/room-0/",
]


def populate(count: int) -> None:
    """``count`` published, featured-in-part services over 6 categories and 10 rooms with hours."""
    categories = Category.objects.bulk_create(
        Category(name=f"类别{i}", slug=f"cat-{i}", sort_order=i) for i in range(6)
    )
    audiences = Audience.objects.bulk_create(Audience(name=f"对象{i}", slug=f"aud-{i}") for i in range(3))
    venues = [make_venue(name=f"活动室{i}", slug=f"room-{i}", floor=i % 3 + 1) for i in range(9)]
    venues.append(make_venue(name="爱心接力站", slug="relay", open_24_hours=True))
    make_special_day(venues[0], timezone.localdate() + dt.timedelta(days=1), reason="检修")
    services = Service.objects.bulk_create(
        Service(
            name=f"服务{i}",
            slug=f"svc-{i}",
            summary=f"简介{i}",
            category=categories[i % 6],
            is_featured=i % 10 == 0,
            sort_order=i,
        )
        for i in range(count)
    )
    venue_links = Service.venues.through
    venue_links.objects.bulk_create(
        venue_links(service_id=s.pk, venue_id=venues[i % len(venues)].pk) for i, s in enumerate(services)
    )
    audience_links = Service.audiences.through
    audience_links.objects.bulk_create(
        audience_links(service_id=s.pk, audience_id=audiences[i % 3].pk) for i, s in enumerate(services)
    )


def queries_per_page(client) -> dict[str, int]:
    counts = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[url] = len(captured)
    return counts


@pytest.fixture
def small(db):
    populate(80)


def test_pages_stay_within_the_query_budget(client, small, django_assert_max_num_queries):
    for url in PAGES:
        with django_assert_max_num_queries(BUDGET):
            assert client.get(url).status_code == 200, url


def test_query_count_is_the_same_for_80_and_800_services(client):
    populate(80)
    at_80 = queries_per_page(client)
    Service.objects.all().delete()
    Category.objects.all().delete()
    Audience.objects.all().delete()
    Venue.objects.all().delete()
    populate(800)
    at_800 = queries_per_page(client)
    assert at_80 == at_800
