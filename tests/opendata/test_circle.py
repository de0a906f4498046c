"""The 15-minute circle in HSDS: service points and areas as locations, offers as service_at_locations,
the areas' committees as organizations; all valid, drafts never shown, the ETag following every edit."""

import csv
import datetime as dt
import io
import json

import pytest
from django.utils import timezone

from circle.models import Area, AreaKind, PointKind, PointService, PointSpecialDay, ServicePoint
from opendata import hsds, identifiers, organizations
from services.models import Service
from tests.opendata import schemas
from venues.models import Venue

pytestmark = pytest.mark.django_db


def every(api, url: str) -> list[dict]:
    rows, page = [], 1
    while True:
        data = api(f"{url}?per_page=100&page={page}")
        rows.extend(data["contents"])
        if data["last_page"]:
            return rows
        page += 1


def published_offers():
    return PointService.objects.filter(point__is_published=True, service__is_published=True)


# Pure rules


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        (PointKind.RESIDENTIAL, None),
        (PointKind.VILLAGE, None),
        (PointKind.CIVILIZATION, "civilization-practice"),
        (PointKind.AFFAIRS, "community-affairs"),
        (PointKind.CULTURE, "culture"),
        (PointKind.LIFE, "life"),
        (PointKind.HEALTH, "health"),
        ("unknown", organizations.CENTRE_KEY),
    ],
)
def test_a_point_kind_names_the_body_running_it(kind, key):
    assert organizations.body_key_for_point(kind) == key


def test_every_point_kind_is_mapped_to_a_known_body_or_a_committee():
    keys = {body.key for body in organizations.bodies()}
    for kind in PointKind:
        key = organizations.body_key_for_point(kind)
        assert key is None or (key in keys and key != organizations.CENTRE_KEY), kind


def test_a_committee_is_its_areas_with_a_stable_id_under_the_centre():
    area = Area(name="临源二村居民区", kind=AreaKind.RESIDENTIAL)
    body = organizations.committee(area)
    assert body.name == "临源二村居民委员会"
    assert body.id == identifiers.constant(f"organization:committee:{area.uuid}")
    area.name = "临源二村"
    assert organizations.committee(area).id == body.id
    village = organizations.committee(Area(name="待泾村", kind=AreaKind.VILLAGE))
    assert village.name == "待泾村民委员会" and "村民自治组织" in str(village.description)


def test_a_station_in_a_hidden_area_or_none_belongs_to_the_centre():
    area = Area(name="东风居民区", is_published=False)
    station = ServicePoint(kind=PointKind.RESIDENTIAL, area=area)
    assert organizations.body_for_point(station) == organizations.centre()
    area.is_published = True
    assert organizations.body_for_point(station).name == "东风居民委员会"
    assert organizations.body_for_point(ServicePoint(kind=PointKind.VILLAGE)) == organizations.centre()
    assert organizations.body_for_point(ServicePoint(kind=PointKind.HEALTH, area=area)).key == "health"


def test_a_street_address_keeps_what_follows_the_district():
    assert organizations.street_address("上海市金山区朱泾镇人民路360号").address_1 == "朱泾镇人民路360号"
    assert organizations.street_address(" 朱泾镇临源街123号一楼 ").address_1 == "朱泾镇临源街123号一楼"


# What the API shows


def test_points_and_areas_are_valid_locations(api, circle):
    listed = every(api, "/api/hsds/locations")
    ids = [row["id"] for row in listed]
    points = ServicePoint.objects.published()
    areas = Area.objects.published()
    assert len(ids) == len(set(ids)) == Venue.objects.published().count() + points.count() + areas.count()
    for point in points:
        detail = api(f"/api/hsds/locations/{point.uuid}")
        schemas.validate_response(detail, "/locations/{id}")
        assert detail["location_type"] == "physical"
        assert (detail["latitude"], detail["longitude"]) == (float(point.latitude), float(point.longitude))
        assert detail["addresses"][0]["address_1"] == point.address
        assert detail["addresses"][0]["postal_code"] == "201500"
        assert detail["schedules"], point.slug
        assert detail["url"] == "http://testserver" + point.get_absolute_url()
    for area in areas:
        detail = api(f"/api/hsds/locations/{area.uuid}")
        schemas.validate_response(detail, "/locations/{id}")
        assert detail["organization_id"] == organizations.committee(area).id
        assert (detail["latitude"], detail["longitude"]) == (float(area.latitude), float(area.longitude))


def test_a_station_describes_its_area_route_and_phone(api, circle):
    station = ServicePoint.objects.get(slug="linyuan-2-station")
    detail = api(f"/api/hsds/locations/{station.uuid}")
    assert "所在：临源二村居民区" in detail["description"]
    assert "服务范围：临源二村居民区" in detail["description"]
    assert detail["transportation"] == station.route
    assert detail["accessibility"][0]["description"] == station.accessibility
    # No number of its own (sample data): the centre's line, said so.
    assert detail["phones"][0]["description"] == "中心咨询电话"
    station.phone = "021-5730 0000"
    station.save()
    assert api(f"/api/hsds/locations/{station.uuid}")["phones"][0]["description"].startswith("接听时间：")


def test_committees_are_organizations_running_their_stations(api, circle):
    listed = every(api, "/api/hsds/organizations")
    by_id = {row["id"]: row for row in listed}
    areas = list(Area.objects.published())
    assert len(listed) == len(organizations.bodies()) + len(areas)
    centre = organizations.centre().id
    for area in areas:
        committee = by_id[organizations.committee(area).id]
        assert committee["name"] == area.committee_name
        assert committee["parent_organization_id"] == centre
    for row in listed:
        schemas.validate_response(api(f"/api/hsds/organizations/{row['id']}"), "/organizations/{id}")
    station = ServicePoint.objects.get(slug="linyuan-2-station")
    assert api(f"/api/hsds/locations/{station.uuid}")["organization_id"] == organizations.committee(station.area).id
    other = ServicePoint.objects.published().exclude(kind__in=[PointKind.RESIDENTIAL, PointKind.VILLAGE]).first()
    body = organizations.body_for_point(other)
    assert not body.is_centre and api(f"/api/hsds/locations/{other.uuid}")["organization_id"] == body.id


def test_offers_are_service_at_locations_with_their_note(api, circle):
    listed = every(api, "/api/hsds/service_at_locations")
    rooms = Service.venues.through.objects.filter(service__is_published=True, venue__is_published=True).count()
    assert len(listed) == rooms + published_offers().count()
    offer = published_offers().exclude(note="").select_related("service", "point").first()
    link_id = hsds.service_at_location_id(offer.service.uuid, offer.point.uuid)
    listed_link = next(row for row in listed if row["id"] == link_id)
    assert listed_link["description"] == offer.note
    assert listed_link["location"]["id"] == str(offer.point.uuid)
    detail = api(f"/api/hsds/service_at_locations/{link_id}")
    schemas.validate_response(detail, "/service_at_locations/{id}")
    schemas.validate(detail, schemas.PUBLISHED + "compiled/service_at_location.json")
    assert detail["location"]["schedules"]
    service = api(f"/api/hsds/services/{offer.service.uuid}")
    schemas.validate_response(service, "/services/{id}")
    embedded = next(row for row in service["service_at_locations"] if row["id"] == link_id)
    assert embedded["description"] == offer.note and embedded["location"]["addresses"]


def test_every_page_of_locations_and_links_validates(api, circle):
    for url, path in (
        ("/api/hsds/locations", "/locations"),
        ("/api/hsds/service_at_locations", "/service_at_locations"),
    ):
        page, number = None, 1
        while page is None or not page["last_page"]:
            page = api(f"{url}?per_page=7&page={number}")
            schemas.validate_response(page, path)
            number += 1


def test_the_package_has_points_offers_areas_and_committees(client, circle):
    package = json.loads(client.get("/open-data/hsds.json").content)
    schemas.validate(package, schemas.TABULAR_URI)
    for location in package["location"]:
        schemas.validate(location, schemas.PUBLISHED + "location.json")
    locations = {row["id"] for row in package["location"]}
    assert {str(u) for u in ServicePoint.objects.published().values_list("uuid", flat=True)} <= locations
    assert {str(u) for u in Area.objects.published().values_list("uuid", flat=True)} <= locations
    links = {row["id"]: row for row in package["service_at_location"]}
    for service_uuid, point_uuid, note in published_offers().values_list("service__uuid", "point__uuid", "note"):
        link = links[hsds.service_at_location_id(service_uuid, point_uuid)]
        assert link.get("description", "") == note
    organization_ids = {row["id"] for row in package["organization"]}
    assert all(row["organization_id"] in organization_ids for row in package["location"])


def test_the_csv_lists_the_points_offering_each_service(client, circle):
    rows = csv.DictReader(io.StringIO(client.get("/open-data/catalogue.csv").content.decode("utf-8-sig")))
    by_uuid = {row["uuid"]: row for row in rows}
    offer = published_offers().exclude(note="").select_related("service", "point").first()
    assert f"{offer.point.name}（{offer.point.address}）：{offer.note}" in by_uuid[str(offer.service.uuid)]["服务站点"]


# Drafts


def test_unpublished_points_and_areas_never_appear(api, client, circle):
    point = ServicePoint.objects.get(slug="linyuan-2-station")
    area = point.area
    offered = list(point.offers.values_list("service__uuid", flat=True))
    point.is_published = False
    point.save()
    area.is_published = False
    area.save()
    hidden = {str(point.uuid), str(area.uuid)}
    assert not hidden & {row["id"] for row in every(api, "/api/hsds/locations")}
    assert api(f"/api/hsds/locations/{point.uuid}", status=404)["error"] == "not_found"
    assert api(f"/api/hsds/locations/{area.uuid}", status=404)["error"] == "not_found"
    assert str(point.uuid) not in {row["location_id"] for row in every(api, "/api/hsds/service_at_locations")}
    link = hsds.service_at_location_id(offered[0], point.uuid)
    assert api(f"/api/hsds/service_at_locations/{link}", status=404)["error"] == "not_found"
    service = api(f"/api/hsds/services/{offered[0]}")
    assert str(point.uuid) not in {row["location_id"] for row in service["service_at_locations"]}
    committee = organizations.committee(area).id
    assert committee not in {row["id"] for row in every(api, "/api/hsds/organizations")}
    assert api(f"/api/hsds/organizations/{committee}", status=404)["error"] == "not_found"
    package = client.get("/open-data/hsds.json").content.decode()
    assert not any(key in package for key in (*hidden, committee, point.name, area.committee_name))
    assert point.name not in client.get("/open-data/catalogue.csv").content.decode("utf-8-sig")


def test_a_points_station_in_a_hidden_area_falls_back_to_the_centre(api, circle):
    point = ServicePoint.objects.get(slug="linyuan-2-station")
    Area.objects.filter(pk=point.area_id).update(is_published=False)
    detail = api(f"/api/hsds/locations/{point.uuid}")
    assert detail["organization_id"] == organizations.centre().id
    assert "所在：" not in detail["description"] and "服务范围：" not in detail["description"]


def test_an_offer_of_a_draft_service_is_not_shown(api, circle):
    offer = published_offers().select_related("service", "point").first()
    Service.objects.filter(pk=offer.service_id).update(is_published=False)
    link = hsds.service_at_location_id(offer.service.uuid, offer.point.uuid)
    assert link not in {row["id"] for row in every(api, "/api/hsds/service_at_locations")}
    assert api(f"/api/hsds/service_at_locations/{link}", status=404)["error"] == "not_found"


# Caching


def etag(client) -> str:
    return client.get("/api/hsds/locations?per_page=5")["ETag"]


@pytest.mark.parametrize(
    "edit",
    [
        "point",
        "unpublish point",
        "delete point",
        "area",
        "offer note",
        "offer removed",
        "offer added",
        "hours",
        "attended hours",
        "special day",
        "served areas",
    ],
)
def test_every_edit_of_the_circle_changes_the_etag(client, circle, edit):
    point = ServicePoint.objects.get(slug="linyuan-2-station")
    before = etag(client)
    offer = point.offers.first()
    if edit == "point":
        point.route = "新的走法。"
        point.save()
    elif edit == "unpublish point":
        ServicePoint.objects.filter(pk=point.pk).update(is_published=False)
    elif edit == "delete point":
        ServicePoint.objects.filter(slug="linyuan-1-station").delete()
    elif edit == "area":
        point.area.neighbourhoods = "临源二村一组"
        point.area.save()
    elif edit == "offer note":
        offer.note = "只在周二上午。"
        offer.save()
    elif edit == "offer removed":
        offer.delete()
    elif edit == "offer added":
        PointService.objects.create(point=point, service=Service.objects.exclude(point_offers__point=point).first())
    elif edit == "hours":
        hours = point.opening_hours.first()
        hours.closes = dt.time(16, 30)
        hours.save()
    elif edit == "attended hours":
        point.attended_hours.create(weekday=0, opens=dt.time(9), closes=dt.time(11))
    elif edit == "special day":
        PointSpecialDay.objects.create(point=point, date=timezone.localdate() + dt.timedelta(days=3), reason="检修")
    elif edit == "served areas":
        point.areas.add(Area.objects.exclude(pk=point.area_id).first())
    assert etag(client) != before


def test_the_open_data_page_counts_points_areas_and_committees(client, circle):
    html = client.get("/open-data/").content.decode()
    points, areas = ServicePoint.objects.published().count(), Area.objects.published().count()
    assert f"15分钟服务圈的 {points} 个服务站点和 {areas} 个居民区和村" in html
    assert f"{len(organizations.bodies()) + areas} 个机构（含各居委会、村委会）" in html
