"""An editor's Excel round trip in Chromium: export from the service list, import back, see the change.

Everything goes through the pages the server renders: the editor signs in on the login page, clicks
导出 and 导入, picks the format, downloads and uploads files; the only thing done outside the browser is
what the editor would do in Excel (two cells changed with openpyxl).
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command

from services import search_index
from tests.browser.conftest import signed_in_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "zhujing-correct-horse-2024"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW_SUMMARY = "每周一到周五上午，社区医生免费量血压。"
NEW_MATERIALS = "社保卡\n近期的血压记录本"


@pytest.fixture
def catalogue(transactional_db):
    with search_index.deferred():
        call_command("loaddata", "catalogue", verbosity=0)


@pytest.fixture
def editor_page(browser, live_server, catalogue):
    """A browser signed in as an editor through the login page, with the browser's console watched."""
    yield from signed_in_editor(browser, live_server, PASSWORD)


def open_service_list(page, live_server) -> None:
    page.goto(f"{live_server.url}/admin/")
    with page.expect_navigation():  # the model's row in the admin index (the app is called 服务事项 too)
        page.locator('#content-main a[href="/admin/services/service/"]').first.click()
    assert page.url == f"{live_server.url}/admin/services/service/"


def export(page, live_server, fmt: str) -> tuple[str, bytes]:
    """导出 on the service list, every column (as the page opens), in ``fmt``: the downloaded file."""
    open_service_list(page, live_server)
    with page.expect_navigation():
        page.get_by_role("link", name="导出").click()
    assert page.get_by_label("全选").is_checked()
    assert page.get_by_label("服务名称", exact=True).is_checked() and page.get_by_label("网址名").is_checked()
    # "全选" clears and ticks every column (a script of the site's own; the page allows no inline script).
    page.get_by_label("全选").uncheck()
    assert not page.get_by_label("网址名").is_checked()
    page.get_by_label("全选").check()
    assert page.get_by_label("网址名").is_checked()
    page.select_option("#id_format", label=fmt)
    with page.expect_download() as download:
        page.get_by_role("button", name="导出").click()
    file = download.value
    return file.suggested_filename, file.path().read_bytes()


def upload(page, live_server, name: str, content: bytes, mime: str) -> str:
    """导入 on the service list: choose the file (the page picks its format from the name), 提交."""
    open_service_list(page, live_server)
    with page.expect_navigation():
        page.get_by_role("link", name="导入").click()
    page.set_input_files("#id_import_file", files=[{"name": name, "mimeType": mime, "buffer": content}])
    assert page.locator("#id_format option:checked").inner_text() == name.rsplit(".", 1)[1]
    with page.expect_navigation():
        page.get_by_role("button", name="提交").click()
    return page.locator("#content").inner_text()


def assert_no_errors_and_no_changes(page, text: str) -> None:
    assert page.locator(".import-problems").count() == 0, text
    assert "共 80 行：新增 0 条，修改 0 条，80 行没有变化。" in text
    assert "没有要写入的改动" in text
    assert page.get_by_role("button", name="确认导入").count() == 1


def test_an_editor_exports_to_excel_imports_it_back_and_sees_the_change(editor_page, live_server):
    page = editor_page
    name, content = export(page, live_server, "xlsx")
    assert name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["服务名称", "网址名", "服务类别"]

    text = upload(page, live_server, "服务事项.xlsx", content, XLSX)
    assert_no_errors_and_no_changes(page, text)

    # In Excel: two cells of the blood-pressure service.
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    headings = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headings.index("网址名")].value == "mianfei-liang-xueya")
    row[headings.index("一句话简介")].value = NEW_SUMMARY
    row[headings.index("所需材料")].value = NEW_MATERIALS
    changed = io.BytesIO()
    book.save(changed)

    text = upload(page, live_server, "服务事项.xlsx", changed.getvalue(), XLSX)
    assert page.locator(".import-problems").count() == 0, text
    assert "共 80 行：新增 0 条，修改 1 条，79 行没有变化。" in text
    preview = page.locator("table.import-preview")
    assert preview.locator("tbody tr").count() == 2  # one row per changed column
    assert "一句话简介" in preview.inner_text() and NEW_SUMMARY in preview.inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    assert "导入完成：新增 0 条，修改 1 条" in page.locator(".messagelist").inner_text()

    page.goto(f"{live_server.url}/services/mianfei-liang-xueya/")
    body = page.locator("main").inner_text()
    assert NEW_SUMMARY in body and "近期的血压记录本" in body
    assert page.console_errors == []


def test_an_editor_exports_to_csv_and_imports_it_back_unchanged(editor_page, live_server):
    page = editor_page
    name, content = export(page, live_server, "csv")
    assert name.endswith(".csv") and content.startswith(b"\xef\xbb\xbf")
    text = upload(page, live_server, "服务事项.csv", content, "text/csv")
    assert_no_errors_and_no_changes(page, text)
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    assert "导入完成：新增 0 条，修改 0 条" in page.locator(".messagelist").inner_text()
    assert page.console_errors == []


def test_a_mistake_in_the_file_is_shown_in_chinese_with_its_row_and_column(editor_page, live_server):
    page = editor_page
    _name, content = export(page, live_server, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    headings = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=headings.index("已发布") + 1).value = "也许"
    changed = io.BytesIO()
    book.save(changed)
    text = upload(page, live_server, "服务事项.xlsx", changed.getvalue(), XLSX)
    assert "文件中有错误，没有导入" in text
    assert "第3行“已发布”：“也许”不是“是”或“否”。" in page.locator(".import-problems").inner_text()
    assert page.get_by_role("button", name="确认导入").count() == 0
