"""Each open-data response makes a fixed number of queries, whatever the catalogue's size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opendata import hsds, organizations
from services.models import Audience, Category, Service, ServiceHours
from tests.factories import make_special_day, make_venue
from venues.models import Venue

pytestmark = pytest.mark.django_db

# The most any open-data request may make (one loads the centre's record, three date the data for ETag
# and Last-Modified).
BUDGET = 13


def populate(count: int) -> None:
    """``count`` published services over 6 categories, 3 audiences and 10 rooms with hours, closures and drafts."""
    categories = Category.objects.bulk_create(
        Category(name=f"类别{i}", slug=f"cat-{i}", icon=icon, sort_order=i)
        for i, icon in enumerate(organizations.CATEGORY_BODIES)
    )
    audiences = Audience.objects.bulk_create(Audience(name=f"对象{i}", slug=f"aud-{i}") for i in range(3))
    venues = [make_venue(name=f"活动室{i}", slug=f"room-{i}", floor=i % 3 + 1) for i in range(9)]
    venues.append(make_venue(name="爱心接力站", slug="relay", open_24_hours=True))
    Venue.objects.filter(slug="room-8").update(is_published=False)
    today = timezone.localdate()
    for venue in venues[:3]:
        make_special_day(venue, today + dt.timedelta(days=2), reason="检修")
        make_special_day(venue, today + dt.timedelta(days=5), opens="09:00", closes="12:00")
    services = Service.objects.bulk_create(
        Service(
            name=f"服务{i}",
            slug=f"svc-{i}",
            summary=f"简介{i}",
            category=categories[i % 6],
            materials="身份证\n户口簿",
            steps="取号\n办理",
            is_published=i % 20 != 19,
            sort_order=i,
        )
        for i in range(count)
    )
    venue_links = Service.venues.through
    venue_links.objects.bulk_create(
        venue_links(service_id=s.pk, venue_id=venues[i % len(venues)].pk) for i, s in enumerate(services)
    )
    venue_links.objects.bulk_create(
        venue_links(service_id=s.pk, venue_id=venues[(i + 1) % len(venues)].pk) for i, s in enumerate(services)
    )
    audience_links = Service.audiences.through
    audience_links.objects.bulk_create(
        audience_links(service_id=s.pk, audience_id=audiences[i % 3].pk) for i, s in enumerate(services)
    )
    ServiceHours.objects.bulk_create(
        ServiceHours(service=s, weekday=1, opens=dt.time(9), closes=dt.time(11)) for s in services[::4]
    )


def urls() -> list[str]:
    service = Service.objects.published().order_by("pk").first()
    venue = service.venues.order_by("pk").first()
    link = hsds.service_at_location_id(service.uuid, venue.uuid)
    return [
        "/api/hsds/",
        "/api/hsds/services",
        "/api/hsds/services?page=2&per_page=30",
        f"/api/hsds/services/{service.uuid}",
        "/api/hsds/organizations",
        f"/api/hsds/organizations/{organizations.centre().id}",
        "/api/hsds/locations",
        f"/api/hsds/locations/{venue.uuid}",
        "/api/hsds/service_at_locations",
        f"/api/hsds/service_at_locations/{link}",
        "/open-data/",
        "/open-data/catalogue.csv",
        "/open-data/hsds.json",
    ]


def query_counts(client) -> dict[str, int]:
    counts = {}
    for index, url in enumerate(urls()):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[index] = len(captured)
    return counts


def clear() -> None:
    for model in (Service, Category, Audience, Venue):
        model.objects.all().delete()


def test_every_response_stays_within_the_budget(client, django_assert_max_num_queries):
    populate(80)
    for url in urls():
        with django_assert_max_num_queries(BUDGET):
            assert client.get(url).status_code == 200, url


def test_query_counts_are_the_same_for_80_and_800_services(client):
    populate(80)
    at_80 = query_counts(client)
    clear()
    populate(800)
    assert query_counts(client) == at_80
