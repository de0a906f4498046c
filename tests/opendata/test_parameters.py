"""The HSDS query parameters besides paging and /services' filters: minimal, full, full_service, search on
the small endpoints, /service_at_locations' filters, postcode and proximity — and their rules."""

import re
from decimal import Decimal
from urllib.parse import quote

import pytest

from opendata import parameters, views
from opendata.parameters import Place, Proximity
from services.models import Service
from tests.opendata import schemas
from venues.models import Venue
from zhujing_center import geo
from zhujing_center.models import Centre

pytestmark = pytest.mark.django_db

COMPILED = schemas.PUBLISHED + "compiled/"
CENTRE = (30.8945, 121.165)  # the sample centre's position (zhujing_center migration 0005)


def every(api, path: str, query: str = "") -> list[dict]:
    """All the contents of a list, page by page, each page validated."""
    rows, number = [], 1
    while True:
        page = api(f"/api/hsds{path}?per_page=100&page={number}&{query}")
        schemas.validate_response(page, path)
        rows += page["contents"]
        if page["last_page"]:
            return rows
        number += 1


# The rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("500", Proximity(500.0)),
        ("0.5", Proximity(0.5)),
        ("30.8967,121.1608,500", Proximity(500.0, (30.8967, 121.1608))),
        ("-33.9,-70.6,12.25", Proximity(12.25, (-33.9, -70.6))),
        ("90,180,1", Proximity(1.0, (90.0, 180.0))),
        ("+30,+121,1", Proximity(1.0, (30.0, 121.0))),
    ],
)
def test_proximity_is_metres_or_a_point_and_metres(raw, expected):
    assert parameters.parse_proximity(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        *("", "near", "-5", "1e9", "nan", "inf", "500m", " 500", "30,121", "30,121,500,1", "91,121,5", "30,181,5"),
        *("90.5,121,5", "30,180.1,5", "30;121;5", "30.1.2,121,5", "1234567890", "1.1234567", "30,121,-1"),
    ],
)
def test_anything_else_is_no_proximity(raw):
    assert parameters.parse_proximity(raw) is None


def test_the_declared_patterns_are_the_ones_applied():
    declared = schemas.our_openapi()["components"]["parameters"]
    assert declared["proximity"]["schema"]["pattern"] == parameters.PROXIMITY_PATTERN
    assert declared["postcode"]["schema"]["pattern"] == parameters.POSTCODE_PATTERN
    for name in ("proximity", "postcode"):
        assert re.fullmatch(declared[name]["schema"]["pattern"].strip("^$"), declared[name]["example"])


def test_text_matches_every_word_in_any_field():
    assert parameters.text_matches("卫生", "朱泾镇社区卫生服务中心", "")
    assert parameters.text_matches("社区 健康", "社区卫生服务中心", "家庭医生、健康检测")
    assert not parameters.text_matches("社区 法律", "社区卫生服务中心", "家庭医生、健康检测")
    assert parameters.text_matches("abc", "xABCx")
    assert not parameters.text_matches("   ", "anything")


def test_centroid_and_within():
    assert parameters.centroid([]) is None
    assert parameters.centroid([(30.0, 121.0), (31.0, 122.0)]) == (30.5, 121.5)
    near = (30.8945, 121.1750)  # about 955 m east of the centre
    assert 940 < geo.distance_m(CENTRE, near) < 970
    assert parameters.within(near, CENTRE, 1000)
    assert not parameters.within(near, CENTRE, 900)
    assert not parameters.within(None, CENTRE, 10**6)
    assert not parameters.within(near, None, 10**6)


def test_place_matches_postcode_then_proximity():
    here = Place("201500", CENTRE)
    elsewhere = Place("200000", (31.23, 121.47))
    places = [here, elsewhere]
    assert parameters.place_matches(here, None, None, places, home_postcode="201500")
    assert parameters.place_matches(here, "201500", None, places, home_postcode="201500")
    assert not parameters.place_matches(here, "200000", None, places, home_postcode="201500")
    # Metres alone: from the centroid of the postcode's places (the town's when none is asked for).
    assert parameters.place_matches(here, None, Proximity(1), places, home_postcode="201500")
    assert parameters.place_matches(here, "201500", Proximity(1), places, home_postcode="201500")
    assert not parameters.place_matches(here, None, Proximity(1), places, home_postcode="999999")
    # A point: from the point, and the postcode still applies.
    assert parameters.place_matches(here, None, Proximity(10, CENTRE), places, home_postcode="201500")
    assert not parameters.place_matches(here, None, Proximity(10, (30.9, 121.2)), places, home_postcode="201500")
    assert not parameters.place_matches(here, "200000", Proximity(10, CENTRE), places, home_postcode="201500")
    assert not parameters.place_matches(Place("201500", None), None, Proximity(10**6), places, home_postcode="201500")


# The document


def _declared(document: dict, operation: dict) -> dict[str, dict]:
    found = {}
    for parameter in operation.get("parameters", []):
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        found[parameter["name"]] = parameter
    return found


def test_every_official_query_parameter_is_declared_as_the_reference_declares_it():
    official, ours = schemas.official_openapi(), schemas.our_openapi()
    checked = 0
    for path, item in official["paths"].items():
        theirs = _declared(official, item["get"])
        mine = _declared(ours, ours["paths"][path]["get"])
        assert list(mine) == list(theirs), path
        for name, parameter in theirs.items():
            assert mine[name]["in"] == parameter["in"] and mine[name]["required"] == parameter["required"]
            assert mine[name]["schema"]["type"] == parameter["schema"]["type"], (path, name)
            checked += 1
    assert checked == 39


def test_no_parameter_is_refused_where_it_is_declared():
    assert not hasattr(views, "UNSUPPORTED_PARAMETERS")
    assert views._query_parameters("/locations") == ("page", "per_page", "format")
    assert "proximity" in views._all_query_parameters()


# /services


def test_minimal_lists_ids_and_changes_of_the_same_services(api, catalogue):
    plain, minimal = every(api, "/services"), every(api, "/services", "minimal=true")
    assert [row["id"] for row in minimal] == [row["id"] for row in plain]
    for short, row in zip(minimal, plain, strict=True):
        assert short == {key: row[key] for key in ("id", "name", "status", "last_modified")}
    assert every(api, "/services", "minimal=false") == plain
    assert every(api, "/services", "minimal=TRUE") == minimal
    assert every(api, "/services", "minimal=true&full=true") == minimal  # the smaller answer wins


def test_full_lists_each_service_as_its_own_page_shows_it(api, catalogue):
    full = every(api, "/services", "full=true&search=" + quote("服务"))
    assert full and len(full) == len(every(api, "/services", "search=" + quote("服务")))
    for row in full:
        schemas.validate(row, COMPILED + "service.json")
        assert row == api(f"/api/hsds/services/{row['id']}")
    assert every(api, "/services", "full=false") == every(api, "/services")


# /organizations


def test_organizations_search(api, catalogue):
    found = every(api, "/organizations", "search=" + quote("卫生"))
    assert [row["name"] for row in found] == ["朱泾镇社区卫生服务中心"]
    both = every(api, "/organizations", "search=" + quote("朱泾镇 分中心"))
    assert [row["name"] for row in both] == ["朱泾镇新时代文明实践分中心"]
    assert every(api, "/organizations", "search=" + quote("没有这个机构")) == []


def test_full_organizations_are_their_own_pages(api, catalogue):
    for row in every(api, "/organizations", "full=true"):
        schemas.validate(row, COMPILED + "organization.json")
        assert row == api(f"/api/hsds/organizations/{row['id']}")


def test_full_service_nests_each_service_fully(api, catalogue):
    seen = []
    for row in every(api, "/organizations", "full_service=true"):
        schemas.validate(row, COMPILED + "organization.json")
        assert "phones" not in row  # the list's one-to-one fields, plus the services
        detail = api(f"/api/hsds/organizations/{row['id']}?full_service=true")
        schemas.validate_response(detail, "/organizations/{id}")
        assert row["services"] == detail["services"]
        assert [s["id"] for s in detail["services"]] == [
            s["id"] for s in api(f"/api/hsds/organizations/{row['id']}")["services"]
        ]
        for service in row["services"]:
            assert service == api(f"/api/hsds/services/{service['id']}")
            seen.append(service["id"])
    assert sorted(seen) == sorted(str(pk) for pk in Service.objects.published().values_list("uuid", flat=True))
    both = every(api, "/organizations", "full=true&full_service=true")
    assert [row["services"] for row in both] == [
        row["services"] for row in every(api, "/organizations", "full_service=true")
    ]
    assert all("phones" in row for row in both if row["name"].endswith("党群服务中心"))


def test_full_service_with_a_bad_value_is_named(api, catalogue):
    centre = api("/api/hsds/organizations")["contents"][0]["id"]
    error = api(f"/api/hsds/organizations/{centre}?full_service=yes", status=400)
    assert error["parameter"] == "full_service"


# /taxonomies and /taxonomy_terms


def test_taxonomies_and_terms_search(api, catalogue):
    assert [row["name"] for row in every(api, "/taxonomies", "search=" + quote("服务对象"))] == ["泾彩服务·服务对象"]
    assert len(every(api, "/taxonomies", "search=" + quote("泾彩服务"))) == 2
    terms = every(api, "/taxonomy_terms")
    one = terms[0]
    found = every(api, "/taxonomy_terms", "search=" + quote(one["name"]))
    assert one in found and all(one["name"] in row["name"] or one["name"] in row["description"] for row in found)
    assert every(api, "/taxonomy_terms", "search=" + quote(one["code"].upper())) != []
    assert every(api, "/taxonomy_terms", "search=zzqx-nothing") == []


# /service_at_locations


def _service_ids(rows: list[dict]) -> set[str]:
    return {row["service_id"] for row in rows}


@pytest.mark.parametrize("query", ["search=" + quote("血压"), "search=" + quote("服务"), "modified_after=2999-01-01"])
def test_service_at_locations_filters_are_the_services_filters(api, catalogue, query):
    links = every(api, "/service_at_locations", query)
    services = {row["id"] for row in every(api, "/services", query)}
    with_rooms = {row["service_id"] for row in every(api, "/service_at_locations")}
    assert _service_ids(links) == services & with_rooms
    for link in links:
        assert link["service"]["id"] == link["service_id"]


def test_service_at_locations_by_term_taxonomy_and_organization(api, catalogue):
    all_links = every(api, "/service_at_locations")
    with_rooms = _service_ids(all_links)
    queries = [f"taxonomy_term_id={term['id']}" for term in every(api, "/taxonomy_terms")]
    queries += [f"taxonomy_id={row['id']}" for row in every(api, "/taxonomies")]
    queries += [f"organization_id={row['id']}" for row in every(api, "/organizations")]
    for query in queries:
        services = {row["id"] for row in every(api, "/services", query)}
        links = every(api, "/service_at_locations", query)
        assert _service_ids(links) == services & with_rooms, query
        assert [row for row in all_links if row["service_id"] in services] == links, query
    assert every(api, "/service_at_locations", "organization_id=nope") == []


def test_full_service_at_locations_are_their_own_pages(api, catalogue):
    rows = every(api, "/service_at_locations", "full=true")
    assert len(rows) == len(every(api, "/service_at_locations"))
    for row in rows[:: max(1, len(rows) // 10)]:
        schemas.validate(row, COMPILED + "service_at_location.json")
        assert row == api(f"/api/hsds/service_at_locations/{row['id']}")
        assert "addresses" in row["location"]


def test_postcode(api, catalogue):
    every_link = every(api, "/service_at_locations")
    assert every_link
    assert every(api, "/service_at_locations", "postcode=201500") == every_link
    assert every(api, "/service_at_locations", "postcode=200000") == []


def _rooms(rows: list[dict]) -> list[dict]:
    """The links to the centre's rooms (a room's position is the centre's)."""
    uuids = {str(pk) for pk in Venue.objects.published().values_list("uuid", flat=True)}
    return [row for row in rows if row["location_id"] in uuids]


def _centre() -> tuple[float, float]:
    centre = Centre.load()
    return (float(centre.latitude), float(centre.longitude))


def test_proximity_from_a_point_and_from_the_postcode(api, catalogue):
    rooms = _rooms(every(api, "/service_at_locations"))
    assert rooms
    lat, lng = _centre()
    east = f"{lat:.6f},{lng + 0.01:.6f}"  # about 955 m east of the centre
    assert 940 < geo.distance_m((lat, lng), (lat, lng + 0.01)) < 970
    assert _rooms(every(api, "/service_at_locations", f"proximity={east},1000")) == rooms
    assert _rooms(every(api, "/service_at_locations", f"proximity={east},900")) == []
    assert _rooms(every(api, "/service_at_locations", f"proximity={lat:.6f},{lng:.6f},0")) == rooms
    # Metres alone: from the centroid of the postcode (the town's without one).
    assert _rooms(every(api, "/service_at_locations", "proximity=1&postcode=201500")) == rooms
    assert _rooms(every(api, "/service_at_locations", "proximity=1")) == rooms
    assert every(api, "/service_at_locations", "proximity=100000&postcode=200000") == []
    assert _rooms(every(api, "/service_at_locations", f"proximity={east},1000&postcode=200000")) == []


def test_rooms_are_never_near_while_the_centre_has_no_position(api, catalogue):
    lat, lng = _centre()
    Centre.objects.update(latitude=None, longitude=None)
    assert _rooms(every(api, "/service_at_locations", f"proximity={lat},{lng},100000")) == []
    assert _rooms(every(api, "/service_at_locations", "proximity=100000")) == []
    assert _rooms(every(api, "/service_at_locations", "postcode=201500")) != []
    Centre.objects.update(latitude=Decimal("30.894500"), longitude=Decimal("121.165000"))
    assert _rooms(every(api, "/service_at_locations", "proximity=30.8945,121.165,1")) != []


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/hsds/services?minimal=1", "minimal"),
        ("/api/hsds/services?full=0", "full"),
        ("/api/hsds/services?minimal=true&full=", "full"),
        ("/api/hsds/organizations?full=yes", "full"),
        ("/api/hsds/organizations?full_service=", "full_service"),
        ("/api/hsds/organizations?search=" + "x" * 101, "search"),
        ("/api/hsds/taxonomies?search=" + "x" * 101, "search"),
        ("/api/hsds/taxonomy_terms?search=", "search"),
        ("/api/hsds/service_at_locations?full=on", "full"),
        ("/api/hsds/service_at_locations?search=" + "x" * 101, "search"),
        ("/api/hsds/service_at_locations?modified_after=tomorrow", "modified_after"),
        ("/api/hsds/service_at_locations?postcode=20150", "postcode"),
        ("/api/hsds/service_at_locations?proximity=30.9,121.2", "proximity"),
        ("/api/hsds/service_at_locations?proximity=abc&postcode=201500", "proximity"),
        ("/api/hsds/locations?postcode=201500", "postcode"),
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter(api, catalogue, url, name):
    error = api(url, status=400)
    assert error["parameter"] == name
    assert name in error["detail"]
    assert re.search(r"[\u4e00-\u9fff]", error["detail"])


def test_string_parameters_declare_what_is_refused_as_blank():
    from opendata import paging

    declared = schemas.our_openapi()["components"]["parameters"]
    for name in ("search", "taxonomy_term_id", "taxonomy_id", "organization_id", "parent_id"):
        assert declared[name]["schema"]["pattern"] == paging.NOT_BLANK_PATTERN, name
    for text in ("", " ", "\u3000", "\x1c\t", "\ufeff", "\x85\n"):
        assert paging.blank(text) and not re.search(paging.NOT_BLANK_PATTERN, text), repr(text)
    for text in ("x", " 血压 ", "\u200b", "0"):
        assert not paging.blank(text) and re.search(paging.NOT_BLANK_PATTERN, text), repr(text)


@pytest.mark.parametrize("value", ["%E3%80%80", "%1C", "%EF%BB%BF"])
def test_a_blank_value_is_empty(api, catalogue, value):
    assert api(f"/api/hsds/services?search={value}", status=400)["error"] == "empty_parameter"


@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
def test_modified_after_with_any_offset_iso_allows(api, catalogue, path):
    """PostgreSQL refuses an offset past ±15:59 (found by schemathesis): the moment is sent in UTC."""
    for moment in ("2046-09-09T13:10:26.9233-16:56", "2000-01-01T00:00:00+23:59"):
        schemas.validate_response(api(f"/api/hsds{path}?modified_after={quote(moment)}"), path)
