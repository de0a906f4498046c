"""/services' HSDS filters: search, taxonomy_term_id, taxonomy_id, organization_id and modified_after."""

import datetime as dt
import uuid
from urllib.parse import quote

import pytest
from django.utils import timezone

from services.models import Service
from tests.opendata import schemas
from venues.models import Venue

pytestmark = pytest.mark.django_db


def ids(api, query: str) -> list[str]:
    page = api(f"/api/hsds/services?per_page=100&{query}")
    schemas.validate_response(page, "/services")
    assert page["last_page"]
    return [row["id"] for row in page["contents"]]


def in_order(rows) -> list[str]:
    return [str(row.uuid) for row in rows.order_by("category__sort_order", "sort_order", "name", "pk")]


def test_search_finds_what_the_site_search_finds_in_catalogue_order(api, catalogue):
    found = ids(api, "search=" + quote("血压"))
    expected = in_order(Service.objects.published().filter(pk__in=Service.objects.search("血压").values("pk")))
    assert found == expected
    assert found and len(found) < Service.objects.published().count()
    assert ids(api, "search=" + quote("没有这种服务zzqx")) == []


@pytest.mark.parametrize("text", ["%00", "%27%20OR%201%3D1", "%F0%9F%98%80", "a%25b_", "%5C"])
def test_odd_search_text_is_never_a_500(api, catalogue, text):
    api(f"/api/hsds/services?search={text}")


def test_taxonomy_term_id_chooses_the_services_carrying_it(api, catalogue):
    terms = api("/api/hsds/taxonomy_terms?per_page=100")["contents"]
    for term in terms:
        found = set(ids(api, f"taxonomy_term_id={term['id']}"))
        carrying = set()
        for service_id in found:
            attributes = api(f"/api/hsds/services/{service_id}")["attributes"]
            assert term["id"] in {row["taxonomy_term_id"] for row in attributes}
            carrying.add(service_id)
        assert found, term["name"]
        assert found == carrying
    total = sum(
        len(ids(api, f"taxonomy_term_id={term['id']}")) for term in terms if term["taxonomy"].endswith("服务类别")
    )
    assert total == Service.objects.published().count()  # every service has exactly one category
    assert ids(api, f"taxonomy_term_id={uuid.uuid4()}") == []


def test_taxonomy_id(api, catalogue):
    categories, audiences = api("/api/hsds/taxonomies")["contents"]
    assert len(ids(api, f"taxonomy_id={categories['id']}")) == Service.objects.published().count()
    with_audience = Service.objects.published().filter(audiences__isnull=False).distinct()
    assert ids(api, f"taxonomy_id={audiences['id']}") == in_order(with_audience)
    assert ids(api, "taxonomy_id=nope") == []


def test_organization_id_matches_the_organizations_own_service_list(api, catalogue):
    seen = []
    for body in api("/api/hsds/organizations")["contents"]:
        listed = [row["id"] for row in api(f"/api/hsds/organizations/{body['id']}")["services"]]
        assert ids(api, f"organization_id={body['id']}") == listed
        seen += listed
    assert sorted(seen) == sorted(ids(api, ""))
    assert ids(api, f"organization_id={uuid.uuid4()}") == []


def test_modified_after_counts_the_service_and_its_rooms(api, catalogue):
    later = timezone.now() + dt.timedelta(days=1)
    Service.objects.update(updated_at=later - dt.timedelta(days=30))
    Venue.objects.update(updated_at=later - dt.timedelta(days=30))
    assert ids(api, "modified_after=" + quote(later.isoformat())) == []
    service = Service.objects.published().filter(venues__isnull=True).first() or Service.objects.published().first()
    Service.objects.filter(pk=service.pk).update(updated_at=later)
    room = Venue.objects.published().filter(services__is_published=True).first()
    Venue.objects.filter(pk=room.pk).update(updated_at=later)
    expected = in_order(
        Service.objects.published().filter(pk__in=[service.pk, *room.services.values_list("pk", flat=True)])
    )
    assert ids(api, "modified_after=" + quote(later.isoformat())) == expected
    for row in api("/api/hsds/services?per_page=100&modified_after=" + quote(later.isoformat()))["contents"]:
        assert dt.datetime.fromisoformat(row["last_modified"]) >= later.replace(microsecond=0)
    shanghai = timezone.localtime(later).replace(tzinfo=None).isoformat()  # no offset: Shanghai time
    assert ids(api, "modified_after=" + quote(shanghai)) == expected


def test_filters_combine(api, catalogue):
    body = api("/api/hsds/organizations")["contents"][0]
    both = ids(api, f"organization_id={body['id']}&search=" + quote("服务"))
    assert set(both) <= set(ids(api, f"organization_id={body['id']}"))
    assert set(both) <= set(ids(api, "search=" + quote("服务")))


def test_a_filtered_list_is_constant_in_queries(api, catalogue, django_assert_max_num_queries):
    term = api("/api/hsds/taxonomy_terms")["contents"][0]["id"]
    with django_assert_max_num_queries(17):
        api(
            f"/api/hsds/services?per_page=100&taxonomy_term_id={term}&search=%E6%9C%8D%E5%8A%A1&modified_after=2020-01-01"
        )
