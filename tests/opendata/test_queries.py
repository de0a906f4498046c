"""Each open-data response makes a fixed number of queries, whatever the catalogue's size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from circle.models import (
    Area,
    PointAttendedHours,
    PointKind,
    PointOpeningHours,
    PointService,
    PointSpecialDay,
    ServicePoint,
)
from opendata import hsds, organizations
from services.models import Audience, Category, Service, ServiceHours
from tests.factories import make_special_day, make_venue
from venues.models import Venue

pytestmark = pytest.mark.django_db

# The most any open-data request may make: one loads the centre's record, six date the data for ETag and
# Last-Modified; the JSON package makes the most (services with their category, rooms, audiences, own hours
# and offers at points; rooms, points and areas, each with their hours and special days).
BUDGET = 27


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


def populate_circle(count: int) -> None:
    """``count`` service points of every kind over 30 areas (one hidden), each with a week of hours, 有人值守时间,
    a closure, two areas served and three offers (one of a draft service); every tenth point a draft."""
    areas = Area.objects.bulk_create(
        Area(name=f"第{i}居民区", slug=f"area-{i}", latitude=30.89, longitude=121.16, is_published=i != 29)
        for i in range(30)
    )
    kinds = list(PointKind)
    points = ServicePoint.objects.bulk_create(
        ServicePoint(
            name=f"站点{i}",
            slug=f"point-{i}",
            kind=kinds[i % len(kinds)],
            area=areas[i % 30],
            address=f"朱泾镇第{i}号",
            latitude=30.897,
            longitude=121.161,
            phone="021-5730 0000" if i % 2 else "",
            is_published=i % 10 != 9,
        )
        for i in range(count)
    )
    served = ServicePoint.areas.through
    served.objects.bulk_create(
        served(servicepoint_id=p.pk, area_id=areas[(i + k) % 30].pk) for i, p in enumerate(points) for k in (0, 1)
    )
    PointOpeningHours.objects.bulk_create(
        PointOpeningHours(point=p, weekday=day, opens=dt.time(9), closes=dt.time(17))
        for p in points
        for day in range(7)
    )
    PointAttendedHours.objects.bulk_create(
        PointAttendedHours(point=p, weekday=0, opens=dt.time(9), closes=dt.time(11)) for p in points[::3]
    )
    today = timezone.localdate()
    PointSpecialDay.objects.bulk_create(PointSpecialDay(point=p, date=today + dt.timedelta(days=2)) for p in points)
    services = list(Service.objects.order_by("pk"))  # a few drafts among them
    PointService.objects.bulk_create(
        PointService(point=p, service=services[(i * 3 + k) % len(services)], note="只受理" if k else "")
        for i, p in enumerate(points)
        for k in range(3)
    )


def circle_urls() -> list[str]:
    point = ServicePoint.objects.published().filter(offers__service__is_published=True).order_by("pk").first()
    offer = point.offers.filter(service__is_published=True).select_related("service").first()
    area = Area.objects.published().order_by("pk").first()
    rooms_and_points = Venue.objects.published().count() + ServicePoint.objects.published().count()
    last = (rooms_and_points + Area.objects.published().count() - 1) // 10 + 1
    return [
        f"/api/hsds/locations/{point.uuid}",
        f"/api/hsds/locations/{area.uuid}",
        "/api/hsds/locations?per_page=10&page=2",  # points only
        f"/api/hsds/locations?per_page=10&page={last}",  # areas only
        f"/api/hsds/services/{offer.service.uuid}",
        f"/api/hsds/service_at_locations/{hsds.service_at_location_id(offer.service.uuid, point.uuid)}",
        "/api/hsds/service_at_locations?per_page=100&page=2",  # rooms' links, then offers
        "/api/hsds/service_at_locations?per_page=100&page=3",  # offers only
        f"/api/hsds/organizations/{organizations.committee(area).id}",
    ]


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


def query_counts(client, chosen=urls) -> dict[str, int]:
    counts = {}
    for index, url in enumerate(chosen()):
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


def test_circle_responses_stay_within_the_budget(client, django_assert_max_num_queries):
    populate(80)
    populate_circle(30)
    for url in urls() + circle_urls():
        with django_assert_max_num_queries(BUDGET):
            assert client.get(url).status_code == 200, url


def test_query_counts_are_the_same_for_30_and_300_points(client):
    populate(80)
    populate_circle(30)
    # The first page of /locations holds rooms, points and areas with 30 points but no area with 300: a
    # page costs a count and a slice (with its prefetches) for each kind it holds, so it is left out here.
    everything = lambda: [url for url in urls() if url != "/api/hsds/locations"] + circle_urls()  # noqa: E731
    at_30 = query_counts(client, everything)
    for model in (PointService, ServicePoint, Area):
        model.objects.all().delete()
    populate_circle(300)
    assert query_counts(client, everything) == at_30
