"""/taxonomies and /taxonomy_terms: the two taxonomies and the terms the services carry, with the same ids."""

import pytest

from services.models import Audience, Category, Service
from tests.opendata import schemas

pytestmark = pytest.mark.django_db

CATEGORY_TAXONOMY = "泾彩服务·服务类别"


def all_terms(api, query: str = "") -> list[dict]:
    page = api(f"/api/hsds/taxonomy_terms?per_page=100{query}")
    assert page["last_page"]
    return page["contents"]


def embedded_terms(api) -> dict[str, dict]:
    """Every taxonomy term found inside a service's attributes, by id."""
    terms = {}
    for service in Service.objects.published():
        for attribute in api(f"/api/hsds/services/{service.uuid}")["attributes"]:
            terms[attribute["taxonomy_term_id"]] = attribute["taxonomy_term"]
    return terms


def test_two_taxonomies_each_with_its_detail(api, catalogue):
    page = api("/api/hsds/taxonomies")
    schemas.validate_response(page, "/taxonomies")
    assert [row["name"] for row in page["contents"]] == [CATEGORY_TAXONOMY, "泾彩服务·服务对象"]
    for row in page["contents"]:
        detail = api(f"/api/hsds/taxonomies/{row['id']}")
        schemas.validate_response(detail, "/taxonomies/{id}")
        assert detail == row


def test_terms_are_those_embedded_in_the_services_with_the_same_ids(api, catalogue):
    listed = all_terms(api)
    schemas.validate_response(api("/api/hsds/taxonomy_terms?per_page=100"), "/taxonomy_terms")
    assert {term["id"]: term for term in listed} == embedded_terms(api)
    taxonomy_ids = {row["id"] for row in api("/api/hsds/taxonomies")["contents"]}
    assert {term["taxonomy_id"] for term in listed} == taxonomy_ids


def test_a_term_in_detail_carries_its_taxonomy(api, catalogue):
    taxonomies = {row["id"]: row for row in api("/api/hsds/taxonomies")["contents"]}
    for term in all_terms(api):
        detail = api(f"/api/hsds/taxonomy_terms/{term['id']}")
        schemas.validate_response(detail, "/taxonomy_terms/{id}")
        assert detail == {**term, "taxonomy_detail": taxonomies[term["taxonomy_id"]]}


def test_terms_unused_by_published_services_are_left_out(api, catalogue):
    category = Category.objects.filter(services__is_published=True).distinct().first()
    category_ids = lambda: {term["id"] for term in all_terms(api) if term["taxonomy"] == CATEGORY_TAXONOMY}  # noqa: E731
    term_ids = category_ids()
    gone = [term for term in all_terms(api) if term["code"] == category.slug and term["taxonomy"] == CATEGORY_TAXONOMY]
    assert len(gone) == 1
    Service.objects.filter(category=category).update(is_published=False)
    assert category_ids() == term_ids - {gone[0]["id"]}
    api(f"/api/hsds/taxonomy_terms/{gone[0]['id']}", status=404)


def test_taxonomy_id_chooses_one_taxonomy(api, catalogue):
    categories, audiences = api("/api/hsds/taxonomies")["contents"]
    used_audiences = Audience.objects.filter(services__is_published=True).distinct().count()
    assert len(all_terms(api, f"&taxonomy_id={audiences['id']}")) == used_audiences
    chosen = all_terms(api, f"&taxonomy_id={categories['id'].upper()}")
    assert chosen and {term["taxonomy"] for term in chosen} == {CATEGORY_TAXONOMY}
    assert all_terms(api, "&taxonomy_id=nope") == []


def test_flat_taxonomies_top_only_and_parent_id(api, catalogue):
    everything = all_terms(api)
    assert all_terms(api, "&top_only=true") == all_terms(api, "&top_only=false") == everything
    assert all_terms(api, f"&parent_id={everything[0]['id']}") == []


def test_terms_are_paged(api, catalogue):
    total = len(all_terms(api))
    page = api("/api/hsds/taxonomy_terms?per_page=3&page=2")
    assert (page["total_items"], page["size"], page["page_number"]) == (total, 3, 2)


def test_terms_list_in_constant_queries(api, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        api("/api/hsds/taxonomy_terms")
