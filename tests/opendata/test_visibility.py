"""Drafts (unpublished services and rooms) never appear: not in lists, details, downloads or links."""

import csv
import io
import json

import pytest

from services.models import Service
from venues.models import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(catalogue):
    service = Service.objects.get(slug="mianfei-liang-xueya")
    service.is_published = False
    service.save()
    room = Venue.objects.get(slug="guqin-studio")
    room.is_published = False
    room.save()
    return service, room


def everything(api, url: str) -> list[dict]:
    return api(f"{url}?per_page=100")["contents"]


def test_draft_service_is_in_no_list(api, drafts):
    service, _room = drafts
    assert str(service.uuid) not in {row["id"] for row in everything(api, "/api/hsds/services")}
    assert str(service.uuid) not in {row["service_id"] for row in everything(api, "/api/hsds/service_at_locations")}
    assert api("/api/hsds/services")["total_items"] == 79


def test_draft_service_detail_is_not_found(api, drafts):
    service, _room = drafts
    assert api(f"/api/hsds/services/{service.uuid}", status=404)["error"] == "not_found"


def test_draft_service_is_not_under_its_organization(api, drafts):
    service, _room = drafts
    for organization in everything(api, "/api/hsds/organizations"):
        listed = api(f"/api/hsds/organizations/{organization['id']}")["services"]
        assert str(service.uuid) not in {row["id"] for row in listed}


def test_draft_room_is_in_no_list_and_no_service(api, drafts):
    _service, room = drafts
    assert str(room.uuid) not in {row["id"] for row in everything(api, "/api/hsds/locations")}
    assert str(room.uuid) not in {row["location_id"] for row in everything(api, "/api/hsds/service_at_locations")}
    assert api(f"/api/hsds/locations/{room.uuid}", status=404)["error"] == "not_found"
    guqin = Service.objects.get(slug="guqin-tiyanke")
    assert api(f"/api/hsds/services/{guqin.uuid}")["service_at_locations"] == []


def test_link_to_a_draft_room_is_not_found(api, catalogue):
    guqin = Service.objects.get(slug="guqin-tiyanke")
    link = api(f"/api/hsds/services/{guqin.uuid}")["service_at_locations"][0]["id"]
    api(f"/api/hsds/service_at_locations/{link}")
    Venue.objects.filter(slug="guqin-studio").update(is_published=False)
    assert api(f"/api/hsds/service_at_locations/{link}", status=404)["error"] == "not_found"


def test_drafts_are_not_in_the_downloads(client, drafts):
    service, room = drafts
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/catalogue.csv").content.decode("utf-8-sig"))))
    assert str(service.uuid) not in {row["uuid"] for row in rows}
    assert len(rows) == 79
    assert all(room.name not in row["服务场所"] for row in rows)
    package = json.loads(client.get("/open-data/hsds.json").content)
    assert str(service.uuid) not in {row["id"] for row in package["service"]}
    assert str(room.uuid) not in {row["id"] for row in package["location"]}
    assert str(room.uuid) not in {row["location_id"] for row in package["service_at_location"]}
    assert str(service.uuid) not in json.dumps(package)
