"""Every response for the whole sample catalogue validates against the official HSDS 3.0 schemas."""

import json
from hashlib import sha256

import pytest
from referencing.exceptions import Unresolvable

from services.models import Service
from tests.opendata import schemas
from venues.models import Venue

pytestmark = pytest.mark.django_db

LISTS = {
    "/api/hsds/services": "/services",
    "/api/hsds/organizations": "/organizations",
    "/api/hsds/locations": "/locations",
    "/api/hsds/service_at_locations": "/service_at_locations",
    "/api/hsds/taxonomies": "/taxonomies",
    "/api/hsds/taxonomy_terms": "/taxonomy_terms",
}
PAGE_FIELDS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def all_pages(api, url: str, per_page: int) -> list[dict]:
    pages = [api(f"{url}?per_page={per_page}")]
    while not pages[-1]["last_page"]:
        pages.append(api(f"{url}?per_page={per_page}&page={pages[-1]['page_number'] + 1}"))
    return pages


def test_schema_directory_is_the_official_one():
    registry = schemas.registry()
    assert schemas.official_openapi()["openapi"] == "3.1.0"
    assert registry.contents(schemas.PUBLISHED + "compiled/service.json")["name"] == "service"


def test_schema_copy_is_unmodified_and_complete():
    """Every schema file in the repository's copy is the published one (tests/opendata/hsds-3.0/README.md)."""
    listed = {}
    for line in (schemas.HSDS_DIR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    present = {path.relative_to(schemas.HSDS_DIR).as_posix() for path in schemas.HSDS_DIR.rglob("*.json")}
    assert present == set(listed)
    changed = [name for name, digest in listed.items() if file_sha256(schemas.HSDS_DIR / name) != digest]
    assert not changed
    licence = (schemas.HSDS_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "Creative Commons Attribution-ShareAlike 4.0 International Public License" in licence


def file_sha256(path) -> str:
    return sha256(path.read_bytes()).hexdigest()


def test_api_root_names_version_profile_and_openapi(api, client):
    root = api("/api/hsds/")
    schemas.validate_response(root, "/")
    assert root["version"] == "3.0"
    assert root["profile"] == "https://github.com/openreferral/specification/tree/3.0/schema"
    assert root["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    assert api(root["openapi_url"].removeprefix("http://testserver"))["openapi"] == "3.1.0"


@pytest.mark.parametrize("per_page", [7, 50, 100])
def test_every_page_of_every_list_validates(api, varied, per_page):
    for url, path in LISTS.items():
        for page in all_pages(api, url, per_page):
            assert set(page) == PAGE_FIELDS
            schemas.validate_response(page, path)


def test_every_service_validates(api, varied):
    ids = [str(key) for key in Service.objects.published().values_list("uuid", flat=True)]
    assert len(ids) == api("/api/hsds/services")["total_items"] == Service.objects.count() - 1  # one draft
    for service_id in ids:
        service = api(f"/api/hsds/services/{service_id}")
        schemas.validate_response(service, "/services/{id}")
        assert service["id"] == service_id


def test_every_location_validates(api, varied):
    ids = [str(key) for key in Venue.objects.published().values_list("uuid", flat=True)]
    assert len(ids) == api("/api/hsds/locations")["total_items"] == Venue.objects.count() - 1  # one draft
    for location_id in ids:
        schemas.validate_response(api(f"/api/hsds/locations/{location_id}"), "/locations/{id}")


def test_every_organization_validates(api, varied):
    contents = api("/api/hsds/organizations")["contents"]
    assert len(contents) == 6
    for organization in contents:
        schemas.validate_response(api(f"/api/hsds/organizations/{organization['id']}"), "/organizations/{id}")


def test_every_service_at_location_validates(api, varied):
    links = [link for page in all_pages(api, "/api/hsds/service_at_locations", 100) for link in page["contents"]]
    assert (
        len(links)
        == Service.venues.through.objects.filter(service__is_published=True, venue__is_published=True).count()
    )
    for link in links:
        detail = api(f"/api/hsds/service_at_locations/{link['id']}")
        schemas.validate_response(detail, "/service_at_locations/{id}")
        schemas.validate(detail, schemas.PUBLISHED + "compiled/service_at_location.json")


def test_package_validates_as_hsds_tabular_json(client, varied):
    package = json.loads(client.get("/open-data/hsds.json").content)
    schemas.validate(package, schemas.TABULAR_URI)
    for service in package["service"]:
        schemas.validate(service, schemas.PUBLISHED + "service.json")
    for location in package["location"]:
        schemas.validate(location, schemas.PUBLISHED + "location.json")


def test_validation_catches_a_broken_service(api, catalogue):
    """The check can fail: a service without a status, with a null and a bad enum is rejected."""
    service_id = Service.objects.values_list("uuid", flat=True).first()
    service = api(f"/api/hsds/services/{service_id}")
    for broken in (
        {key: value for key, value in service.items() if key != "status"},
        {**service, "status": "open"},
        {**service, "email": None},
        {**service, "id": "not-a-uuid"},
        {**service, "url": "/services/relative"},
        {**service, "last_modified": "2026-11-20"},
    ):
        with pytest.raises(AssertionError):
            schemas.validate_response(broken, "/services/{id}")


def test_official_openapi_points_service_at_location_detail_at_the_service_schema():
    """Upstream erratum (fixed in openreferral/specification#574): our document corrects it."""
    official = schemas.official_openapi()["paths"]["/service_at_locations/{id}"]
    ours = schemas.our_openapi()["paths"]["/service_at_locations/{id}"]
    schema = "/get/responses/200/content/application~1json/schema/$ref"
    assert _at(official, schema).endswith("/compiled/service.json")
    assert _at(ours, schema).endswith("/compiled/service_at_location.json")


def test_our_openapi_keeps_the_official_response_schemas():
    official, ours = schemas.official_openapi(), schemas.our_openapi()
    assert ours["openapi"] == official["openapi"]
    assert ours["components"]["schemas"]["Page"] == official["components"]["schemas"]["Page"]
    for path, item in ours["paths"].items():
        if path in official["paths"] and path != "/service_at_locations/{id}":
            assert item["get"]["responses"]["200"] == official["paths"][path]["get"]["responses"]["200"], path
    assert set(ours["paths"]) - set(official["paths"]) == {"/locations", "/locations/{id}"}


def test_every_ref_in_our_openapi_resolves_locally():
    resolver = schemas.registry().resolver(base_uri=schemas.OUR_OPENAPI_URI)
    refs = list(_refs(schemas.our_openapi()))
    assert len(refs) > 10
    for ref in refs:
        try:
            resolver.lookup(ref)
        except Unresolvable as error:  # pragma: no cover - the assertion explains
            raise AssertionError(f"{ref} does not resolve: {error}") from error


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _at(node, pointer: str):
    for part in pointer.strip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


SAMPLE_VALUES = {"integer": "1", "boolean": "true", "date-time": "2026-01-01T00:00:00Z", "string": "x", "json": "json"}


def test_every_declared_query_parameter_is_accepted(api, catalogue):
    """Each parameter our OpenAPI document declares, with a valid value (its example, if it has one), is a 200
    that validates (never 400)."""
    document = schemas.our_openapi()
    checked = 0
    for path, item in document["paths"].items():
        if "{" in path:
            continue
        for parameter in item["get"].get("parameters", []):
            parameter = _at(document, parameter["$ref"].removeprefix("#")) if "$ref" in parameter else parameter
            schema = parameter["schema"]
            kind = "json" if schema.get("enum") == ["json"] else schema.get("format", schema["type"])
            value = parameter.get("example", SAMPLE_VALUES[kind])
            page = api(f"/api/hsds{path}?{parameter['name']}={value}")
            schemas.validate_response(page, path)
            checked += 1
    assert checked >= 25
