"""Excel import and export of services and rooms through the admin."""

import io

import openpyxl
import pytest
from django.urls import reverse

from services.models import Service
from services.resources import ServiceResource
from venues.models import Venue

pytestmark = pytest.mark.django_db


def workbook(rows: list[list]) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "services.xlsx"
    return data


def xlsx_format_index(client, url: str) -> str:
    form = client.get(url).context["form"]
    return next(str(value) for value, label in form.fields["format"].choices if "xlsx" in str(label).lower())


HEADERS = ["服务名称", "网址名", "服务类别", "一句话简介", "服务对象", "服务场所", "免费", "已发布"]


def service_rows(count: int, bad: dict[int, dict] | None = None) -> list[list]:
    rows = [HEADERS]
    for n in range(count):
        row = {
            "服务名称": f"新服务{n}",
            "网址名": f"new-service-{n}",
            "服务类别": "health",
            "一句话简介": f"第{n}项",
            "服务对象": "elderly",
            "服务场所": "health-station",
            "免费": 1,
            "已发布": 1,
        }
        row.update((bad or {}).get(n, {}))
        rows.append([row[h] for h in HEADERS])
    return rows


def import_file(client, rows) -> object:
    url = reverse("admin:services_service_import")
    return client.post(url, {"import_file": workbook(rows), "format": xlsx_format_index(client, url), "resource": "0"})


def test_ten_services_are_imported_after_a_preview(staff_client, staff, sample):
    before = Service.objects.count()
    preview = import_file(staff_client, service_rows(10))
    assert preview.status_code == 200
    assert Service.objects.count() == before  # the preview writes nothing
    confirm = preview.context["confirm_form"]
    assert confirm is not None
    response = staff_client.post(reverse("admin:services_service_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Service.objects.count() == before + 10
    imported = Service.objects.get(slug="new-service-3")
    assert imported.category.slug == "health" and [v.slug for v in imported.venues.all()] == ["health-station"]
    record = imported.history.first()
    assert record.history_user == staff  # the import is in the history, by whom
    assert "新服务3" in staff_client.get("/services/", {"q": "新服务3"}).content.decode()


def test_an_import_with_bad_rows_writes_nothing_and_names_each_row(staff_client, sample):
    before = Service.objects.count()
    rows = service_rows(5, bad={1: {"服务类别": "no-such-category"}, 3: {"服务场所": "health-station nowhere"}})
    preview = import_file(staff_client, rows)
    html = preview.content.decode()
    assert "confirm_form" not in preview.context  # nothing to confirm
    assert Service.objects.count() == before
    assert "行" in html  # row-level report
    result = preview.context["result"]
    failing = sorted(row.number for row in result.invalid_rows) + sorted(number for number, _ in result.row_errors())
    assert set(failing) == {2, 4}  # spreadsheet rows 2 and 4 (after the header row)
    assert "找不到网址名为“no-such-category”的服务类别" in html
    assert "does not exist" not in html


def test_import_updates_existing_rows_by_slug(staff_client, sample):
    rows = [
        HEADERS,
        ["免费测量血压（改）", "mianfei-liang-xueya", "health", "改过的简介", "elderly", "health-station", 1, 1],
    ]
    preview = import_file(staff_client, rows)
    staff_client.post(reverse("admin:services_service_process_import"), preview.context["confirm_form"].initial)
    assert Service.objects.get(slug="mianfei-liang-xueya").summary == "改过的简介"


@pytest.mark.parametrize(
    ("model", "fmt"), [("service", "xlsx"), ("service", "csv"), ("venue", "xlsx"), ("venue", "csv")]
)
def test_export_gives_a_spreadsheet_with_chinese_headers(staff_client, sample, model, fmt):
    url = reverse(f"admin:{'services' if model == 'service' else 'venues'}_{model}_export")
    form = staff_client.get(url).context["form"]
    index = next(str(value) for value, label in form.fields["format"].choices if fmt in str(label).lower())
    data = {"format": index, "resource": "0", "export_items": []}
    # Export every field the form offers.
    for name in form.fields:
        if name.endswith("_export_fields") or "__" in name or name.startswith(("servicere", "venuere")):
            data[name] = "on"
    response = staff_client.post(url, data)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        assert "网址名" in text
        expected = Service.objects.count() if model == "service" else Venue.objects.count()
        assert text.count("\n") >= expected
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        headers = [cell.value for cell in sheet[1]]
        assert "网址名" in headers and ("名称" in headers or "服务名称" in headers)


def test_resource_round_trips_the_catalogue(sample):
    dataset = ServiceResource().export()
    assert len(dataset) == Service.objects.count()
    result = ServiceResource().import_data(dataset, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}  # nothing changed
