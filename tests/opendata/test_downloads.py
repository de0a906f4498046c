"""The CSV and the HSDS JSON package round-trip the published catalogue; the open-data page explains them."""

import csv
import io
import json
import re

import pytest
from django.utils import timezone

from opendata import organizations
from services.models import Service
from tests.opendata.helpers import newest_update
from venues.models import Venue
from zhujing_center.models import Centre

pytestmark = pytest.mark.django_db

FILENAME = re.compile(r'attachment; filename="zhujing-(services|hsds)-\d{4}-\d{2}-\d{2}\.(csv|json)"')


def csv_rows(client) -> list[dict]:
    response = client.get("/open-data/catalogue.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the BOM
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def published_services():
    return (
        Service.objects.published()
        .select_related("category")
        .prefetch_related("audiences", "venues")
        .order_by("category__sort_order", "sort_order", "name")
    )


def test_csv_has_one_row_per_published_service_in_catalogue_order(client, catalogue):
    rows = csv_rows(client)
    assert [row["uuid"] for row in rows] == [str(service.uuid) for service in published_services()]


def test_csv_round_trips_the_catalogue(client, catalogue):
    rows = {row["uuid"]: row for row in csv_rows(client)}
    for service in published_services():
        row = rows[str(service.uuid)]
        assert row["名称"] == service.name
        assert row["类别"] == service.category.name
        assert row["服务对象"] == "、".join(audience.name for audience in service.audiences.all())
        assert row["简介"] == service.summary
        assert row["服务内容"] == service.description
        assert row["所需材料"].splitlines() == service.material_list
        assert row["办理流程"].splitlines() == service.step_list
        assert row["办理条件"] == service.conditions
        assert row["咨询电话"] == (service.phone or Centre.load().phone)
        assert row["免费"] == ("是" if service.is_free else "否")
        assert row["收费说明"] == ("" if service.is_free else service.fee)
        assert row["网上办理链接"] == service.online_url
        assert row["信息核对日期"] == service.last_checked.isoformat()
        assert row["页面链接"] == "http://testserver" + service.get_absolute_url()
        rooms = row["服务场所"].splitlines()
        assert [room.split("（")[0] for room in rooms] == [venue.name for venue in service.venues.all()]
        assert row["提供机构"] == organizations.body_for_category(service.category).name


def test_csv_gives_hours_and_suspension_notices(client, catalogue):
    rows = {row["名称"]: row for row in csv_rows(client)}
    assert "爱心接力站：24小时开放" in rows["爱心接力站歇脚休息"]["开放时间"]
    assert "社区事务受理大厅：周一至" in rows["居住证办理"]["开放时间"]
    suspended = rows["中医体质辨识"]
    assert suspended["服务状态"] == "暂停服务"
    assert "校准" in suspended["状态说明"]


def test_csv_cells_never_start_a_spreadsheet_formula(client, catalogue):
    service = Service.objects.get(slug="mianfei-liang-xueya")
    service.materials = '=HYPERLINK("http://example.com")\n身份证'
    service.save()
    row = next(row for row in csv_rows(client) if row["uuid"] == str(service.uuid))
    assert row["所需材料"].splitlines() == ['\'=HYPERLINK("http://example.com")', "身份证"]


def test_downloads_are_attachments_named_for_the_data_date(client, catalogue):
    for url in ("/open-data/catalogue.csv", "/open-data/hsds.json"):
        response = client.get(url)
        assert FILENAME.fullmatch(response["Content-Disposition"]), url
        assert response["Access-Control-Allow-Origin"] == "*"
    latest = timezone.localtime(newest_update()).date()
    assert latest.isoformat() in client.get("/open-data/hsds.json")["Content-Disposition"]


def test_package_round_trips_the_catalogue(client, catalogue):
    package = json.loads(client.get("/open-data/hsds.json").content)
    assert set(package) == {"organization", "service", "location", "service_at_location", "taxonomy", "taxonomy_term"}
    terms = {term["id"]: term for term in package["taxonomy_term"]}
    services = {row["id"]: row for row in package["service"]}
    assert list(services) == [str(service.uuid) for service in published_services()]
    for service in published_services():
        data = services[str(service.uuid)]
        assert data["name"] == service.name
        assert data["status"] == ("inactive" if service.is_suspended else "active")
        assert data["assured_date"] == service.last_checked.isoformat()
        assert [doc["document"] for doc in data["required_documents"]] == service.material_list
        names = [terms[attribute["taxonomy_term_id"]]["name"] for attribute in data["attributes"]]
        assert names == [service.category.name] + [audience.name for audience in service.audiences.all()]
        assert [link["location_id"] for link in data["service_at_locations"]] == [
            str(venue.uuid) for venue in service.venues.all()
        ]
        assert data["phones"][0]["number"] == (service.phone or Centre.load().phone)
    assert {row["id"] for row in package["location"]} == {
        str(key) for key in Venue.objects.values_list("uuid", flat=True)
    }
    pairs = {(link["service_id"], link["location_id"]) for link in package["service_at_location"]}
    assert pairs == {
        (str(s), str(v)) for s, v in Service.venues.through.objects.values_list("service__uuid", "venue__uuid")
    }
    assert [row["id"] for row in package["organization"]] == [body.id for body in organizations.bodies()]


def test_package_carries_only_terms_in_use(client, catalogue):
    package = json.loads(client.get("/open-data/hsds.json").content)
    used = {a["taxonomy_term_id"] for service in package["service"] for a in service["attributes"]}
    assert {term["id"] for term in package["taxonomy_term"]} == used
    assert len(package["taxonomy"]) == 2


def test_open_data_page_explains_the_data_and_the_licence(client, catalogue):
    response = client.get("/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>开放数据</h1>" in html
    assert "CC BY 4.0" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.zh-hans"' in html
    assert 'href="/open-data/catalogue.csv"' in html
    assert 'href="/open-data/hsds.json"' in html
    assert 'href="/api/hsds/services"' in html
    latest = timezone.localtime(newest_update())
    assert f"{latest.year}年{latest.month}月{latest.day}日" in html
    assert f"{Service.objects.published().count()} 项服务事项" in html
    assert 'class="site-header"' in html  # the site's own layout
