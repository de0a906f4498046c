"""Bad input gets a clear 4xx JSON answer (an English code and a Chinese explanation), never a 500."""

import re
import uuid

import pytest
from django.test import Client

from services.models import Service
from tests.opendata import schemas

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")

BAD = [
    ("/api/hsds/services?page=-1", 400, "invalid_parameter"),
    ("/api/hsds/services?page=0", 400, "invalid_parameter"),
    ("/api/hsds/services?page=abc", 400, "invalid_parameter"),
    ("/api/hsds/services?page=1.5", 400, "invalid_parameter"),
    ("/api/hsds/services?page=%EF%BC%91", 400, "invalid_parameter"),  # a full-width digit
    ("/api/hsds/services?page=1" + "0" * 1000, 400, "invalid_parameter"),
    ("/api/hsds/services?page=", 400, "empty_parameter"),
    ("/api/hsds/services?page=%20", 400, "empty_parameter"),
    ("/api/hsds/services?per_page=", 400, "empty_parameter"),
    ("/api/hsds/organizations?format=", 400, "empty_parameter"),
    ("/api/hsds/services?page=1&page=2", 400, "repeated_parameter"),
    ("/api/hsds/locations?per_page=5&per_page=5", 400, "repeated_parameter"),
    ("/api/hsds/service_at_locations?format=json&format=json", 400, "repeated_parameter"),
    ("/api/hsds/services?per_page=100000", 400, "per_page_too_large"),
    ("/api/hsds/services?per_page=101", 400, "per_page_too_large"),
    ("/api/hsds/services?per_page=0", 400, "invalid_parameter"),
    ("/api/hsds/services?per_page=-5", 400, "invalid_parameter"),
    ("/api/hsds/services?per_page=%27%20OR%201=1", 400, "invalid_parameter"),
    ("/api/hsds/locations?per_page=0", 400, "invalid_parameter"),
    ("/api/hsds/organizations?page=abc", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?per_page=100000", 400, "per_page_too_large"),
    ("/api/hsds/services?minimal=yes", 400, "invalid_parameter"),
    ("/api/hsds/services?full=1", 400, "invalid_parameter"),
    ("/api/hsds/services?minimal=true&full=maybe", 400, "invalid_parameter"),
    ("/api/hsds/organizations?full=", 400, "empty_parameter"),
    ("/api/hsds/organizations?full_service=0", 400, "invalid_parameter"),
    ("/api/hsds/organizations?search=" + "血" * 101, 400, "invalid_parameter"),
    ("/api/hsds/organizations/" + str(uuid.UUID(int=1)) + "?full_service=no", 404, "not_found"),
    ("/api/hsds/locations?search=x", 400, "unsupported_parameter"),
    ("/api/hsds/locations?proximity=500", 400, "unsupported_parameter"),
    ("/api/hsds/service_at_locations?full=maybe", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?modified_after=soon", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?postcode=2015", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?postcode=%20201500", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?proximity=near", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?proximity=-5", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?proximity=91,121,500", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?proximity=30,181,500", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?proximity=30,121", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?proximity=nan", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?proximity=1e9", 400, "invalid_parameter"),
    ("/api/hsds/service_at_locations?proximity=500&proximity=600", 400, "repeated_parameter"),
    ("/api/hsds/services?modified_after=yesterday", 400, "invalid_parameter"),
    ("/api/hsds/services?search=" + "血" * 101, 400, "invalid_parameter"),
    ("/api/hsds/services?search=", 400, "empty_parameter"),
    ("/api/hsds/services?taxonomy_id=a&taxonomy_id=b", 400, "repeated_parameter"),
    ("/api/hsds/services?format=ndjson", 400, "unsupported_format"),
    ("/api/hsds/services/abc", 404, "invalid_id"),
    ("/api/hsds/services/..%2F..%2Fadmin", 404, "not_found"),
    ("/api/hsds/services/" + "a" * 500, 404, "invalid_id"),
    ("/api/hsds/services/" + str(uuid.uuid4()), 404, "not_found"),
    ("/api/hsds/organizations/" + str(uuid.uuid4()), 404, "not_found"),
    ("/api/hsds/organizations/nope", 404, "invalid_id"),
    ("/api/hsds/locations/" + str(uuid.uuid4()), 404, "not_found"),
    ("/api/hsds/locations/123", 404, "invalid_id"),
    ("/api/hsds/service_at_locations/" + str(uuid.uuid4()), 404, "not_found"),
    ("/api/hsds/service_at_locations/%00", 404, "invalid_id"),
    ("/api/hsds/nope", 404, "not_found"),
    ("/api/hsds/services/", 404, "not_found"),
    ("/api/hsds/services/a/b", 404, "not_found"),
    ("/api/hsds/taxonomies/" + str(uuid.uuid4()), 404, "not_found"),
    ("/api/hsds/taxonomies/abc", 404, "invalid_id"),
    ("/api/hsds/taxonomy_terms/" + str(uuid.uuid4()), 404, "not_found"),
    ("/api/hsds/taxonomy_terms?top_only=yes", 400, "invalid_parameter"),
    ("/api/hsds/taxonomy_terms?taxonomy_id=", 400, "empty_parameter"),
    ("/api/hsds/taxonomy_terms?parent_id=a&parent_id=b", 400, "repeated_parameter"),
    ("/api/hsds/taxonomies?search=", 400, "empty_parameter"),
    ("/api/hsds/taxonomy_terms?search=" + "a" * 101, 400, "invalid_parameter"),
]


@pytest.mark.parametrize(("url", "status", "code"), BAD)
def test_bad_input_is_a_clear_json_error(client, catalogue, url, status, code):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["error"] == code
    assert CHINESE.search(body["detail"])
    schemas.validate(body, schemas.OUR_OPENAPI_URI + "#/components/schemas/Error")


@pytest.mark.parametrize(
    ("query", "name"), [("page=", "page"), ("per_page=&page=1", "per_page"), ("page=1&page=1", "page")]
)
def test_empty_and_repeated_parameters_are_named(api, catalogue, query, name):
    error = api(f"/api/hsds/services?{query}", status=400)
    assert error["parameter"] == name
    assert name in error["detail"]


def test_a_service_id_of_another_kind_is_not_found(api, catalogue):
    category_uuid = Service.objects.first().category.uuid
    assert api(f"/api/hsds/services/{category_uuid}", status=404)["error"] == "not_found"


API_PATHS = [
    "/api/hsds/",
    "/api/hsds/openapi.json",
    "/api/hsds/services",
    "/api/hsds/organizations",
    "/api/hsds/locations",
    "/api/hsds/service_at_locations",
    "/api/hsds/taxonomies",
    "/api/hsds/taxonomy_terms",
    "/api/hsds/services/" + str(uuid.UUID(int=1)),
    "/api/hsds/nope",
]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "trace"])
@pytest.mark.parametrize("path", API_PATHS)
def test_the_api_is_read_only(db, method, path):
    """With CSRF checks on, as a real client meets them: a 405 in JSON, not the CSRF middleware's 403 page."""
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == "method_not_allowed"
    assert CHINESE.search(body["detail"])


def test_preflight_allows_cross_origin_conditional_requests(client, db):
    response = client.options("/api/hsds/services", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_downloads_refuse_other_methods(client, db):
    assert client.post("/open-data/catalogue.csv").status_code == 405
    assert client.post("/open-data/hsds.json").status_code == 405
