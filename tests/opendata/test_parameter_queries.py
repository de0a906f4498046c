"""The query parameters' variants make a fixed number of queries, whatever the catalogue's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from circle.models import Area, ServicePoint
from opendata import hsds, organizations
from services import search_index
from services.models import Category
from tests.opendata.test_queries import clear, populate, populate_circle

pytestmark = pytest.mark.django_db

# Each variant's count, the same with 80 services, 10 rooms and 30 service points as with 800 and 300, in the
# order of ``variants()``. Every one has the centre's record and the queries dating the data (7 in all); a page
# of services adds its count and the services with their category, rooms (hours, special days), audiences, own
# hours and, fully nested, their offers at points; the term, taxonomy and organization filters two for the terms'
# ids; a search the site's search; postcode and proximity one for the points' positions.
BUDGETS = {
    "services?minimal=true": 14,
    "services?full=true": 19,
    "services?full=true&search=…": 22,
    "services?full=true&taxonomy_id=…&taxonomy_term_id=…&organization_id=…&modified_after=…": 21,
    "organizations?search=…": 8,
    "organizations?full=true": 14,
    "organizations?full_service=true": 19,
    "organizations?full=true&full_service=true": 19,
    "organizations/{id}?full_service=true": 20,
    "service_at_locations?full=true": 15,
    "service_at_locations?taxonomy_term_id=…&organization_id=…&modified_after=…": 17,
    "service_at_locations?search=…": 18,
    "service_at_locations?taxonomy_id=…&full=true": 17,
    "service_at_locations?postcode=201500&proximity=500": 16,
    "service_at_locations?proximity=30.8966,121.1605,5000": 16,
    "service_at_locations?proximity=30.897,121.161,10&full=true": 17,
    "taxonomies?search=…": 7,
    "taxonomy_terms?search=…": 9,
}


def variants() -> list[str]:
    """The lists (and an organization) with each parameter, at their fullest."""
    term = hsds.term_id(Category.objects.order_by("pk").first())
    audience = hsds.taxonomy_id("audience")
    centre = organizations.centre().id
    filters = f"taxonomy_term_id={term}&organization_id={centre}&modified_after=2020-01-01"
    return [
        "/api/hsds/services?minimal=true&per_page=100",
        "/api/hsds/services?full=true&per_page=100",
        "/api/hsds/services?full=true&search=%E6%9C%8D%E5%8A%A1",
        f"/api/hsds/services?full=true&per_page=100&taxonomy_id={audience}&{filters}",
        "/api/hsds/organizations?search=%E4%B8%AD%E5%BF%83",
        "/api/hsds/organizations?full=true",
        "/api/hsds/organizations?full_service=true",
        "/api/hsds/organizations?full=true&full_service=true",
        f"/api/hsds/organizations/{centre}?full_service=true",
        "/api/hsds/service_at_locations?full=true&per_page=100",
        f"/api/hsds/service_at_locations?per_page=10&{filters}",  # a page of rooms alone, at any size
        "/api/hsds/service_at_locations?per_page=100&search=%E6%9C%8D%E5%8A%A1",
        f"/api/hsds/service_at_locations?per_page=100&taxonomy_id={audience}&full=true",
        "/api/hsds/service_at_locations?per_page=100&postcode=201500&proximity=500",
        "/api/hsds/service_at_locations?per_page=100&proximity=30.8966,121.1605,5000",
        # Only the offers at the service points (they stand about 65 m from the centre's rooms).
        "/api/hsds/service_at_locations?per_page=100&proximity=30.897,121.161,10&full=true",
        "/api/hsds/taxonomies?search=%E6%9C%8D%E5%8A%A1",
        "/api/hsds/taxonomy_terms?search=%E7%B1%BB%E5%88%AB",
    ]


def query_counts(client) -> list[tuple[int, int]]:
    """Each variant's number of queries, and of items found (every variant finds some)."""
    counts = []
    for url in variants():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])
        found = response.json().get("total_items", 1)
        assert found, url
        counts.append((len(captured), found))
    return counts


def test_query_counts_are_the_same_for_80_and_800_services_and_30_and_300_points(client):
    populate(80)
    populate_circle(30)
    search_index.refresh()  # bulk_create sends no signals: searches find the services as staff's saves would
    at_80 = query_counts(client)
    assert [count for count, _ in at_80] == list(BUDGETS.values())
    clear()
    for model in (ServicePoint, Area):
        model.objects.all().delete()
    populate(800)
    populate_circle(300)
    search_index.refresh()
    at_800 = query_counts(client)
    assert [count for count, _ in at_800] == [count for count, _ in at_80]
    assert at_800[1][1] == 10 * at_80[1][1]  # the same lists, ten times as long
