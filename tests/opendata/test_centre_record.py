"""The centre's record is the one home of its help line and address: HSDS, the CSV and .ics follow an edit."""

import csv
import io
import json

import pytest

from venues.models import Venue
from zhujing_center.models import Centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(sample):
    centre = Centre.load()
    centre.phone = "021-6666 8888"
    centre.address = "上海市金山区朱泾镇人民路361号"
    centre.save()
    return centre


def test_the_api_shows_the_edited_phone_and_street(client, edited):
    package = json.loads(client.get("/open-data/hsds.json").content)
    centre = package["organization"][0]
    assert [phone["number"] for phone in centre["phones"]] == ["021-6666 8888"]
    rooms = {str(uuid) for uuid in Venue.objects.values_list("uuid", flat=True)}
    addresses = {
        address["address_1"]
        for location in package["location"]
        if location["id"] in rooms
        for address in location["addresses"]
    }
    assert addresses == {"朱泾镇人民路361号"}
    without_own_phone = [s for s in package["service"] if s["phones"][0]["description"] == "中心咨询电话"]
    assert without_own_phone and all(s["phones"][0]["number"] == "021-6666 8888" for s in without_own_phone)


def test_the_csv_falls_back_to_the_edited_phone(client, edited):
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/catalogue.csv").content.decode("utf-8-sig"))))
    assert "021-6666 8888" in {row["咨询电话"] for row in rows}


def test_the_calendar_names_the_edited_address(client, edited):
    feed = client.get("/activities/feed.ics").content.decode()
    assert "人民路361号" in feed.replace("\r\n ", "") and "人民路360号" not in feed.replace("\r\n ", "")


def test_the_centres_organization_is_named_and_described_by_its_record(api, edited):
    edited.name = "金山区朱泾镇社区党群服务中心（改名）"
    edited.introduction = "工作人员写的中心简介。"
    edited.save()
    listed = api("/api/hsds/organizations")["contents"][0]
    assert (listed["name"], listed["description"]) == ("金山区朱泾镇社区党群服务中心（改名）", "工作人员写的中心简介。")
    assert api(f"/api/hsds/organizations/{listed['id']}")["name"] == "金山区朱泾镇社区党群服务中心（改名）"


def test_an_edit_of_the_centre_changes_the_etag(client, sample):
    before = client.get("/api/hsds/organizations")["ETag"]
    centre = Centre.load()
    centre.phone = "021-6666 8888"
    centre.save()
    assert client.get("/api/hsds/organizations")["ETag"] != before
