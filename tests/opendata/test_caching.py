"""ETag, Last-Modified, conditional GET (304), public caching and CORS on the API and the downloads."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.http import http_date

from opendata import queries
from services.models import Audience, Service
from tests.factories import make_special_day
from tests.opendata.helpers import newest_update
from venues.models import Venue
from zhujing_center.models import Centre

pytestmark = pytest.mark.django_db

URLS = [
    "/api/hsds/services",
    "/api/hsds/organizations",
    "/api/hsds/locations?per_page=5",
    "/api/hsds/service_at_locations",
    "/open-data/catalogue.csv",
    "/open-data/hsds.json",
]


@pytest.mark.parametrize("url", URLS)
def test_responses_carry_validators_and_a_public_lifetime(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"] == http_date(int(newest_update().timestamp()))
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", URLS)
def test_unchanged_data_is_not_sent_again(client, catalogue, url):
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_detail_answers_conditional_requests(client, catalogue):
    url = f"/api/hsds/services/{Service.objects.first().uuid}"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_edit_changes_the_etag(client, catalogue):
    etag = client.get("/api/hsds/services")["ETag"]
    service = Service.objects.first()
    service.summary = "新的简介"
    service.save()
    response = client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.parametrize(
    "change",
    [
        lambda: Service.objects.filter(slug="mianfei-liang-xueya").delete(),
        lambda: Venue.objects.filter(slug="guqin-studio").update(is_published=False),
        lambda: Audience.objects.filter(slug="elderly").update(name="长者"),
    ],
    ids=["delete", "unpublish-without-save", "rename-audience"],
)
def test_changes_without_a_newer_timestamp_change_the_etag(client, catalogue, change):
    etag = client.get("/api/hsds/services")["ETag"]
    change()
    assert client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_data_changes_at_the_midnights_a_special_day_begins_and_ends(catalogue):
    today = timezone.localdate()
    special = today + dt.timedelta(days=2)
    make_special_day(Venue.objects.get(slug="affairs-hall"), special, reason="检修")
    month_ago = timezone.now() - dt.timedelta(days=30)
    Venue.objects.update(updated_at=month_ago)
    Service.objects.update(updated_at=month_ago)
    Centre.objects.update(updated_at=month_ago)
    before, during, after, later = (
        queries.data_version(special + dt.timedelta(days=n), Centre.load()) for n in (-1, 0, 1, 2)
    )
    assert len({before.etag, during.etag, after.etag}) == 3
    assert later.etag == after.etag
    midnight = dt.time(0)
    assert timezone.localtime(before.last_modified) == timezone.localtime(month_ago)
    assert timezone.localtime(during.last_modified).date() == special
    assert timezone.localtime(during.last_modified).time() == midnight
    assert timezone.localtime(after.last_modified).date() == special + dt.timedelta(days=1)
    assert timezone.localtime(later.last_modified) == timezone.localtime(after.last_modified)


def test_api_root_and_openapi_are_cacheable(client, db):
    for url in ("/api/hsds/", "/api/hsds/openapi.json"):
        response = client.get(url)
        assert response["Cache-Control"] == "public, max-age=300"
        assert response["Access-Control-Allow-Origin"] == "*"


def test_json_is_utf8_with_readable_chinese(client, catalogue):
    body = client.get("/api/hsds/organizations").content
    assert "金山区朱泾镇社区党群服务中心".encode() in body
    assert b"\\u" not in body
