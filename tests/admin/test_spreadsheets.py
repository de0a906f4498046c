"""Excel and CSV import and export of services and rooms through the admin's own pages.

Files are made by the admin's export (or, for new rows, by openpyxl), changed with openpyxl or the csv
module as staff would change them in Excel, and posted to the import page; what staff read is checked
on the page that comes back.
"""

import csv
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from services.models import Service
from services.resources import ServiceResource
from venues.models import Venue
from zhujing_center import spreadsheet_files, spreadsheets

pytestmark = pytest.mark.django_db

ADMIN = {"service": "services_service", "venue": "venues_venue"}
MODELS = {"service": Service, "venue": Venue}
# What must never reach a staff member's page: tracebacks, server paths, English errors.
LEAKS = re.compile(
    r"Traceback|File \"|site-packages|/work/|\.py\b|Error\b|Exception|encountered|does not exist|NOT NULL|"
    r"IntegrityError|KeyError|Line number|Column '|Select all|Non field",
)


# ------------------------------------------------------------------ helpers: what staff do in the admin


def format_index(client, url: str, fmt: str) -> str:
    form = client.get(url).context["form"]
    return next(str(value) for value, label in form.fields["format"].choices if str(label) == fmt)


def export(client, model: str, fmt: str) -> bytes:
    """The export page with every column ticked (as it opens), in ``fmt``."""
    url = reverse(f"admin:{ADMIN[model]}_export")
    form = client.get(url).context["form"]
    data = {"format": format_index(client, url, fmt), "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response.content


def upload(client, model: str, content: bytes, fmt: str, name: str = ""):
    url = reverse(f"admin:{ADMIN[model]}_import")
    file = io.BytesIO(content)
    file.name = name or f"file.{fmt}"
    return client.post(url, {"import_file": file, "format": format_index(client, url, fmt), "resource": "0"})


def confirm(client, model: str, preview):
    form = preview.context["confirm_form"]
    assert form is not None, page_text(preview)
    return client.post(reverse(f"admin:{ADMIN[model]}_process_import"), form.initial)


def page_text(response) -> str:
    """The page's main content as text, as a person reads it."""
    html = response.content.decode()
    main = html[html.find('id="content-start"') :] if 'id="content-start"' in html else html  # messages too
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def assert_readable(response):
    assert response.status_code == 200
    text = page_text(response)
    assert not LEAKS.search(text), LEAKS.search(text).group(0)
    return text


def problems(response) -> list[str]:
    report = response.context.get("report")
    form = response.context["form"]
    listed = list(report.problems + report.row_problems) if report else []
    return listed + [str(error) for error in form.errors.get("import_file", [])]


def sheet_of(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return book, book.active


def saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cell(sheet, slug: str, heading: str):
    """The cell of ``heading`` in the row whose 网址名 is ``slug`` (and that row's number, as Excel shows it)."""
    headings = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headings.index("网址名")].value == slug:
            return row[headings.index(heading)]
    raise AssertionError(slug)


def row_values(sheet, slug: str) -> dict:
    headings = [c.value for c in sheet[1]]
    target = cell(sheet, slug, "网址名")
    return {heading: c.value for heading, c in zip(headings, sheet[target.row], strict=True)}


def change_csv(content: bytes, changes: dict[tuple[str, str], str]) -> bytes:
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    headings = table[0]
    for row in table[1:]:
        for (slug, heading), value in changes.items():
            if row[headings.index("网址名")] == slug:
                row[headings.index(heading)] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(table)
    return out.getvalue().encode("utf-8-sig")


def history_size(model: str) -> int:
    return MODELS[model].history.count()


# ------------------------------------------------------------------ the round trip


@pytest.mark.parametrize("model", ["service", "venue"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_export_imports_back_unchanged_with_no_errors_and_no_changes(staff_client, sample, model, fmt):
    content = export(staff_client, model, fmt)
    before = history_size(model)
    preview = upload(staff_client, model, content, fmt)
    text = assert_readable(preview)
    report = preview.context["report"]
    count = MODELS[model].objects.count()
    assert (report.error_count, report.new, report.updated, report.unchanged) == (0, 0, 0, count)
    assert f"共 {count} 行：新增 0 条，修改 0 条，{count} 行没有变化。" in text and "没有要写入的改动" in text
    response = confirm(staff_client, model, preview)
    assert response.status_code == 302
    assert history_size(model) == before  # nothing was saved


def test_the_export_speaks_chinese(staff_client, sample):
    content = export(staff_client, "service", "xlsx")
    _book, sheet = sheet_of(content)
    headings = [c.value for c in sheet[1]]
    assert headings[:4] == ["服务名称", "网址名", "服务类别", "一句话简介"]
    assert {"现场办理", "已发布", "服务状态", "信息核对日期"} <= set(headings)
    row = row_values(sheet, "mianfei-liang-xueya")
    assert row["服务类别"] == "health"
    assert row["现场办理"] in ("是", "否") and row["已发布"] == "是"
    assert row["服务状态"] == "正常提供"
    assert set(row["服务场所"].split()) == {
        v.slug for v in Service.objects.get(slug="mianfei-liang-xueya").venues.all()
    }
    for value in row.values():
        assert value not in (True, False, "True", "False", "available")

    _book, venues = sheet_of(export(staff_client, "venue", "xlsx"))
    station = row_values(venues, "health-station")
    assert station["楼层"] == "1楼" and station["类型"] == "驿站" and station["24小时开放"] in ("是", "否")


def test_the_csv_export_opens_in_excel_with_chinese(staff_client, sample):
    content = export(staff_client, "service", "csv")
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    assert "服务名称,网址名,服务类别" in content.decode("utf-8-sig").splitlines()[0]


def test_the_column_chooser_and_the_import_page_speak_chinese(staff_client, sample):
    page = staff_client.get(reverse("admin:services_service_export"))
    html = page.content.decode()
    labels = [
        str(field.label)
        for field in page.context["form"].fields.values()
        if getattr(field, "is_selectable_field", False)
    ]
    assert labels[:3] == ["服务名称", "网址名", "服务类别"]
    assert '<option value="0" selected>xlsx</option>' in html  # .xlsx unless staff choose otherwise
    assert "全选" in html and "Select all" not in html and "Walk In" not in html and "Name" not in labels
    assert "onchange=" not in html and "style=" not in html  # the admin's CSP allows no inline script or style
    assert "js/spreadsheet-export.js" in html
    text = assert_readable(staff_client.get(reverse("admin:services_service_import")))
    assert "已发布 是 或 否" in text and "服务状态 正常提供、暂停服务" in text
    assert "服务场所 场所的网址名，多个用空格分开" in text and "最多 5 MB" in text


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_two_changed_cells_are_previewed_confirmed_and_shown_on_the_public_pages(client, staff_client, sample, fmt):
    content = export(staff_client, "service", fmt)
    changes = {
        ("mianfei-liang-xueya", "一句话简介"): "每周一到周五上午，社区医生免费量血压。",
        ("mianfei-liang-xueya", "所需材料"): "社保卡\n近期的血压记录本",
    }
    if fmt == "xlsx":
        book, sheet = sheet_of(content)
        for (slug, heading), value in changes.items():
            cell(sheet, slug, heading).value = value
        content = saved(book)
    else:
        content = change_csv(content, changes)
    preview = upload(staff_client, "service", content, fmt)
    text = assert_readable(preview)
    report = preview.context["report"]
    assert (report.error_count, report.new, report.updated) == (0, 0, 1)
    [row] = report.rows
    assert [heading for heading, _old, _new in row.diff] == ["一句话简介", "所需材料"]
    assert "每周一到周五上午，社区医生免费量血压。" in text and "免费测量血压" in text
    assert Service.objects.get(slug="mianfei-liang-xueya").summary != changes[("mianfei-liang-xueya", "一句话简介")]

    response = confirm(staff_client, "service", preview)
    assert response.status_code == 302
    page = client.get("/services/mianfei-liang-xueya/").content.decode()
    assert "每周一到周五上午，社区医生免费量血压。" in page and "近期的血压记录本" in page
    record = Service.objects.get(slug="mianfei-liang-xueya").history.first()
    assert record.history_user.username == "zhangsan" and record.history_change_reason == "表格导入"
    message = [str(m) for m in staff_client.get(response.url).context["messages"]]
    assert any("导入完成：新增 0 条，修改 1 条" in m for m in message)


def test_a_rooms_changed_floor_and_location_show_on_its_page(client, staff_client, sample):
    book, sheet = sheet_of(export(staff_client, "venue", "xlsx"))
    cell(sheet, "health-station", "楼层").value = "2楼"
    cell(sheet, "health-station", "位置说明").value = "二楼东侧，电梯出来右手边"
    preview = upload(staff_client, "venue", saved(book), "xlsx")
    assert_readable(preview)
    confirm(staff_client, "venue", preview)
    page = client.get("/venues/health-station/").content.decode()
    assert "二楼东侧，电梯出来右手边" in page and "2楼" in page
    assert Venue.objects.get(slug="health-station").floor == 2


def test_an_excel_csv_in_gbk_imports_too(staff_client, sample):
    content = export(staff_client, "service", "csv").decode("utf-8-sig").encode("gb18030")
    preview = upload(staff_client, "service", content, "csv")
    assert_readable(preview)
    assert preview.context["report"].unchanged == Service.objects.count()


# ------------------------------------------------------------------ new rows and empty cells

HEADERS = ["服务名称", "网址名", "服务类别", "一句话简介", "服务对象", "服务场所", "免费", "已发布"]


def workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    return saved(book)


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
            "免费": "是",
            "已发布": "是",
        }
        row.update((bad or {}).get(n, {}))
        rows.append([row[h] for h in HEADERS])
    return rows


def test_new_services_are_imported_after_a_preview(staff_client, staff, sample):
    before = Service.objects.count()
    preview = upload(staff_client, "service", workbook(service_rows(10)), "xlsx")
    assert_readable(preview)
    assert Service.objects.count() == before  # the preview writes nothing
    assert preview.context["report"].new == 10
    assert confirm(staff_client, "service", preview).status_code == 302
    assert Service.objects.count() == before + 10
    imported = Service.objects.get(slug="new-service-3")
    assert imported.category.slug == "health" and [v.slug for v in imported.venues.all()] == ["health-station"]
    assert imported.history.first().history_user == staff  # the import is in the history, by whom
    assert "新服务3" in staff_client.get("/services/", {"q": "新服务3"}).content.decode()  # and in search


def test_empty_cells_are_empty_text_none_or_unchanged(staff_client, sample):
    existing = Service.objects.get(slug="mianfei-liang-xueya")
    existing.is_featured = True
    existing.visits = 1
    existing.save()
    rows = [
        ["服务名称", "网址名", "服务类别", "一句话简介", "办理条件", "到现场次数", "首页推荐", "信息核对日期"],
        ["新的服务", "brand-new", "health", "一句话", None, None, None, None],
        [existing.name, existing.slug, "", existing.summary, "", "", "", ""],
    ]
    preview = upload(staff_client, "service", workbook(rows), "xlsx")
    assert_readable(preview)
    confirm(staff_client, "service", preview)
    new = Service.objects.get(slug="brand-new")
    assert new.conditions == "" and new.visits is None and new.is_featured is False and new.last_checked is None
    existing.refresh_from_db()
    assert existing.conditions == "" and existing.visits is None  # cleared
    assert existing.is_featured is True  # an empty yes-or-no cell keeps what the entry has
    assert existing.category.slug == "health"  # and so does an empty category


def test_a_new_service_needs_a_category(staff_client, sample):
    rows = [["服务名称", "网址名", "服务类别", "一句话简介"], ["新的服务", "brand-new", "", "一句话"]]
    text = assert_readable(upload(staff_client, "service", workbook(rows), "xlsx"))
    assert "第2行“服务类别”：此字段不能为空。" in text


def test_booleans_and_choices_accept_the_other_spellings(staff_client, sample):
    rows = [
        ["服务名称", "网址名", "服务类别", "一句话简介", "免费", "已发布", "首页推荐", "服务状态"],
        ["甲", "jia", "health", "甲", "true", "1", "否", "suspended"],
        ["乙", "yi", "health", "乙", "FALSE", "0", "是", "正常提供"],
    ]
    preview = upload(staff_client, "service", workbook(rows), "xlsx")
    assert_readable(preview)
    confirm(staff_client, "service", preview)
    jia, yi = Service.objects.get(slug="jia"), Service.objects.get(slug="yi")
    assert (jia.is_free, jia.is_published, jia.is_featured, jia.status) == (True, True, False, "suspended")
    assert (yi.is_free, yi.is_published, yi.is_featured, yi.status) == (False, False, True, "available")


# ------------------------------------------------------------------ errors: in Chinese, naming row and column


@pytest.mark.parametrize(
    ("heading", "value", "message"),
    [
        ("已发布", "也许", "“也许”不是“是”或“否”。"),
        ("服务类别", "no-such-category", "找不到网址名为“no-such-category”的服务类别。"),
        ("服务场所", "health-station nowhere", "找不到网址名为“nowhere”的场所。"),
        ("服务对象", "elderly ghosts", "找不到网址名为“ghosts”的服务对象。"),
        ("信息核对日期", "下周", "“下周”不是日期，请写成 2024-05-01 这样。"),
        ("服务状态", "暂停", "“暂停”不是可选的值。可以填：正常提供、暂停服务。"),
        ("到现场次数", "两次", "“两次”不是整数。"),
        ("服务名称", "", "此字段不能为空。"),
        ("网上办理链接", "not a link", "输入一个有效的 URL。"),
        ("服务名称", "长" * 61, "确保该变量包含不超过 60 字符 (目前字符数 61)。"),
    ],
)
def test_a_bad_value_is_named_by_row_and_column(staff_client, sample, heading, value, message):
    book, sheet = sheet_of(export(staff_client, "service", "xlsx"))
    target = cell(sheet, "mianfei-liang-xueya", heading)
    target.value = value
    before = history_size("service")
    preview = upload(staff_client, "service", saved(book), "xlsx")
    text = assert_readable(preview)
    assert preview.context.get("confirm_form") is None
    assert f"第{target.row}行“{heading}”：{message}" in text
    assert "文件中有错误，没有导入" in text
    assert history_size("service") == before


def test_a_room_with_a_bad_floor_is_named_by_row_and_column(staff_client, sample):
    book, sheet = sheet_of(export(staff_client, "venue", "xlsx"))
    target = cell(sheet, "health-station", "楼层")
    target.value = "顶楼"
    text = assert_readable(upload(staff_client, "venue", saved(book), "xlsx"))
    assert f"第{target.row}行“楼层”：“顶楼”不是楼层，请写成 1楼、2楼 或 地下1层。" in text


def test_several_bad_rows_are_all_listed_and_nothing_is_written(staff_client, sample):
    before = Service.objects.count()
    rows = service_rows(5, bad={1: {"服务类别": "no-such-category"}, 3: {"服务场所": "health-station nowhere"}})
    preview = upload(staff_client, "service", workbook(rows), "xlsx")
    assert_readable(preview)
    assert problems(preview) == [
        "第3行“服务类别”：找不到网址名为“no-such-category”的服务类别。",
        "第5行“服务场所”：找不到网址名为“nowhere”的场所。",
    ]
    assert Service.objects.count() == before


def test_a_formula_typed_into_a_cell_is_refused(staff_client, sample):
    book, sheet = sheet_of(export(staff_client, "service", "xlsx"))
    target = cell(sheet, "mianfei-liang-xueya", "一句话简介")
    target.value = "=SUM(1,2)"  # openpyxl, like Excel, stores this as a formula
    text = assert_readable(upload(staff_client, "service", saved(book), "xlsx"))
    assert f"第{target.row}行“一句话简介”：这个格子是公式（=SUM(1,2)）；请直接填写文字或数字。" in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda sheet: setattr(sheet["A1"], "value", "名字"), "第1行的列名“名字”不认识（第 A 列）"),
        (lambda sheet: setattr(sheet["B1"], "value", "slug"), "缺少“网址名”这一列"),
        (lambda sheet: sheet.delete_cols(2), "缺少“网址名”这一列"),
        (lambda sheet: setattr(sheet["C1"], "value", "服务名称"), "第1行的列名“服务名称”出现了两次"),
    ],
)
def test_wrong_column_names_are_explained(staff_client, sample, change, expected):
    book, sheet = sheet_of(export(staff_client, "service", "xlsx"))
    change(sheet)
    text = assert_readable(upload(staff_client, "service", saved(book), "xlsx"))
    assert expected in text
    assert "可用的列名：服务名称、网址名、服务类别" in text


def test_a_repeated_slug_is_refused_naming_both_rows(staff_client, sample):
    rows = service_rows(3, bad={2: {"网址名": "new-service-0"}})
    text = assert_readable(upload(staff_client, "service", workbook(rows), "xlsx"))
    assert "第4行“网址名”：“new-service-0”与第2行重复。" in text


@pytest.mark.parametrize(
    ("content", "fmt", "name", "expected"),
    [
        (b"just some text, not a workbook", "xlsx", "services.xlsx", "这不是 Excel（.xlsx）文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "xlsx", "services.xls", "这是旧的 Excel（.xls）文件"),
        (
            "服务名称,网址名\r\n血压,xueya\r\n".encode("utf-16"),
            "csv",
            "services.csv",
            "无法读取这个 CSV 文件的文字编码",
        ),
        (b"\xff\xd8\xff\xe0 a photo", "csv", "photo.csv", "无法读取这个 CSV 文件的文字编码"),
        (b"", "csv", "empty.csv", "所提交的是空文件。"),
        ("服务名称,网址名\r\n".encode(), "csv", "headings.csv", "文件里没有数据：第1行应是列名，下面每行一条。"),
    ],
)
def test_a_malformed_file_is_explained(staff_client, sample, content, fmt, name, expected):
    text = assert_readable(upload(staff_client, "service", content, fmt, name))
    assert expected in text


def test_an_xlsx_uploaded_as_csv_is_explained(staff_client, sample):
    text = assert_readable(upload(staff_client, "service", export(staff_client, "service", "xlsx"), "csv"))
    assert "这是 Excel（.xlsx）文件，不是 CSV。请在“格式”里选 xlsx。" in text


# ------------------------------------------------------------------ limits


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(staff_client, sample, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(spreadsheet_files, "read_csv", never)
    monkeypatch.setattr(spreadsheet_files, "read_xlsx", never)
    big = ("服务名称,网址名\r\n" + "血压,xueya\r\n" * (spreadsheet_files.MAX_UPLOAD_BYTES // 10)).encode()
    assert len(big) > spreadsheet_files.MAX_UPLOAD_BYTES
    text = assert_readable(upload(staff_client, "service", big, "csv"))
    assert "文件太大" in text and "最多 5 MB" in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_over_the_row_limit_is_refused(staff_client, sample, fmt):
    rows = [["服务名称", "网址名"]] + [[f"服务{n}", f"s-{n}"] for n in range(spreadsheet_files.MAX_ROWS + 1)]
    if fmt == "csv":
        out = io.StringIO(newline="")
        csv.writer(out).writerows(rows)
        content = out.getvalue().encode()
    else:
        content = workbook(rows)
    text = assert_readable(upload(staff_client, "service", content, fmt))
    assert "文件的数据超过 5000 行" in text


def test_a_zip_bomb_is_refused(staff_client, sample):
    from tests.admin.test_spreadsheet_rules import zip_bomb

    text = assert_readable(
        upload(staff_client, "service", zip_bomb(spreadsheet_files.MAX_UNPACKED_BYTES + 2**20), "xlsx")
    )
    assert "解压后有" in text and "MB 的上限" in text


def test_more_changed_rows_than_one_import_may_write_are_refused(staff_client, sample, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_CHANGED_ROWS", 3)
    preview = upload(staff_client, "service", workbook(service_rows(4)), "xlsx")
    text = assert_readable(preview)
    assert "这个文件会新增或修改 4 条，一次最多 3 条。" in text
    assert preview.context.get("confirm_form") is None


def test_a_confirm_over_the_limit_writes_nothing(staff_client, sample, monkeypatch):
    preview = upload(staff_client, "service", workbook(service_rows(4)), "xlsx")
    monkeypatch.setattr(spreadsheets, "MAX_CHANGED_ROWS", 2)  # as if the database changed after the preview
    before = Service.objects.count()
    response = confirm(staff_client, "service", preview)
    assert response.status_code == 302 and response.url == reverse("admin:services_service_import")
    assert Service.objects.count() == before
    assert "没有导入" in page_text(staff_client.get(response.url))


def test_a_confirm_whose_file_is_gone_says_so(staff_client, sample):
    preview = upload(staff_client, "service", workbook(service_rows(2)), "xlsx")
    data = {**preview.context["confirm_form"].initial, "import_file_name": "no-such-file"}
    response = staff_client.post(reverse("admin:services_service_process_import"), data)
    assert response.status_code == 302
    assert "找不到刚才预览的文件" in page_text(staff_client.get(response.url))


# ------------------------------------------------------------------ formulas


def test_formulas_are_never_exported_live_and_come_back_as_they_were(staff_client, sample):
    attack = "=cmd|' /C calc'!A0"
    service = Service.objects.get(slug="mianfei-liang-xueya")
    service.description = attack
    service.fee = "+1 元/次"
    service.save()
    _book, sheet = sheet_of(export(staff_client, "service", "xlsx"))
    target = cell(sheet, "mianfei-liang-xueya", "服务内容")
    assert target.data_type == "s" and target.value == attack  # text, not a formula
    content = export(staff_client, "service", "csv")
    assert "'=cmd|' /C calc'!A0" in content.decode("utf-8-sig") and "'+1 元/次" in content.decode("utf-8-sig")
    for fmt, data in (("csv", content), ("xlsx", export(staff_client, "service", "xlsx"))):
        preview = upload(staff_client, "service", data, fmt)
        assert_readable(preview)
        assert preview.context["report"].updated == 0, fmt  # the escape is taken off again on import


# ------------------------------------------------------------------ who may


def test_who_may_only_view_may_export_but_not_import(db, sample, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="correct horse battery", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_service"))
    client = Client()
    client.force_login(viewer)
    assert client.get(reverse("admin:services_service_export")).status_code == 200
    assert client.get(reverse("admin:services_service_import")).status_code == 403


# ------------------------------------------------------------------ the resource on its own


def test_resource_round_trips_the_catalogue(sample):
    dataset = ServiceResource().export()
    assert len(dataset) == Service.objects.count()
    result = ServiceResource().import_data(dataset, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == Service.objects.count() and result.rows == []  # nothing changed


def test_an_unexpected_failure_in_a_row_is_told_plainly_and_logged(staff_client, sample, monkeypatch, caplog):
    def fail(self, row, **kwargs):
        if row.get("网址名") == "new-service-1":
            raise RuntimeError("/srv/zhujing/something.py went wrong")

    monkeypatch.setattr(ServiceResource, "before_import_row", fail)
    preview = upload(staff_client, "service", workbook(service_rows(3)), "xlsx")
    text = assert_readable(preview)
    assert "第3行：保存时出错，这一行没有导入。" in text and "/srv/" not in text
    assert preview.context.get("confirm_form") is None
    assert "spreadsheet row 3 failed" in caplog.text


def test_a_confirm_that_fails_to_save_writes_nothing(staff_client, sample, monkeypatch):
    from django.db import IntegrityError

    preview = upload(staff_client, "service", workbook(service_rows(3)), "xlsx")
    original = ServiceResource.do_instance_save

    def save(self, instance, is_create):
        if instance.slug == "new-service-2":
            raise IntegrityError("UNIQUE constraint failed: services_service.slug")
        original(self, instance, is_create)

    monkeypatch.setattr(ServiceResource, "do_instance_save", save)
    before = Service.objects.count()
    response = confirm(staff_client, "service", preview)
    assert response.status_code == 302 and Service.objects.count() == before  # rows 2 and 3 were undone too
    text = page_text(staff_client.get(response.url))
    assert "没有导入" in text and "UNIQUE" not in text
