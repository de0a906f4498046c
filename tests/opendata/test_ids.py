"""HSDS ids are UUIDs that survive renames: stored for rows, derived (uuid5) for everything else."""

import json
import uuid
from collections import Counter

import pytest

from opendata import identifiers, organizations
from services.models import Category, Service
from venues.models import Venue

pytestmark = pytest.mark.django_db

BLOOD_PRESSURE = "mianfei-liang-xueya"


def ids_in(node) -> list[str]:
    """Every ``id`` anywhere in a document."""
    found = []
    if isinstance(node, dict):
        found += [node["id"]] if "id" in node else []
        for value in node.values():
            found += ids_in(value)
    elif isinstance(node, list):
        for item in node:
            found += ids_in(item)
    return found


def test_organization_ids_are_fixed_constants():
    # Pinned: consumers store these; a change of namespace or key would break them.
    assert organizations.centre().id == "774a7a40-7e86-5257-b00b-61b8c6d359da"
    assert len({body.id for body in organizations.bodies()}) == 6


def test_derived_ids_depend_on_owner_and_role_only():
    owner = uuid.UUID("ac148810-d857-441c-9679-408f346de14b")
    assert identifiers.derived(owner, "phone") == identifiers.derived(str(owner), "phone")
    assert identifiers.derived(owner, "phone") != identifiers.derived(owner, "address")
    assert uuid.UUID(identifiers.derived(owner, "phone")).version == 5


def test_service_keeps_every_id_through_a_rename(api, catalogue):
    service = Service.objects.get(slug=BLOOD_PRESSURE)
    before = api(f"/api/hsds/services/{service.uuid}")
    service.name = "血压测量（免费）"
    service.slug = "xueya-celiang"
    service.save()
    after = api(f"/api/hsds/services/{service.uuid}")
    assert after["name"] == "血压测量（免费）"
    assert ids_in(after) == ids_in(before)


def test_rooms_and_terms_keep_their_ids_through_renames(api, catalogue):
    service = Service.objects.get(slug=BLOOD_PRESSURE)
    before = api(f"/api/hsds/services/{service.uuid}")
    room = service.venues.get()
    room.name = "健康小屋"
    room.slug = "health-hut"
    room.save()
    Category.objects.filter(pk=service.category_id).update(name="健康", slug="jiankang")
    after = api(f"/api/hsds/services/{service.uuid}")
    assert after["service_at_locations"][0]["location"]["name"] == "健康小屋"
    assert ids_in(after) == ids_in(before)


def test_ids_are_the_same_in_the_api_and_the_package(api, client, catalogue):
    package = json.loads(client.get("/open-data/hsds.json").content)
    for service in package["service"][:10]:
        detail = api(f"/api/hsds/services/{service['id']}")
        assert [link["id"] for link in detail["service_at_locations"]] == [
            link["id"] for link in service["service_at_locations"]
        ]
        assert [document["id"] for document in detail["required_documents"]] == [
            document["id"] for document in service["required_documents"]
        ]


def test_ids_are_unique_in_the_package(client, catalogue):
    package = json.loads(client.get("/open-data/hsds.json").content)
    for table, rows in package.items():
        counts = Counter(row["id"] for row in rows)
        assert max(counts.values()) == 1, table
    # Inside services, each nested object's id belongs to one object only.
    nested = Counter(
        item["id"]
        for service in package["service"]
        for key in ("phones", "schedules", "required_documents", "attributes", "service_at_locations")
        for item in service[key]
    )
    assert max(nested.values()) == 1


def test_new_rows_get_their_own_uuid(catalogue):
    assert Service.objects.values("uuid").distinct().count() == 80
    assert Venue.objects.values("uuid").distinct().count() == 29
