"""The circle's areas and service points in Excel, as an editor does it in Chromium.

Export from the admin list (导出), change cells as one would in Excel (openpyxl), upload through 导入,
read the preview and 确认导入; then the change shows on the site. Nothing is posted from Python.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from circle.models import Area, ServicePoint
from tests.browser.conftest import signed_in_editor
from zhujing_center.roles import ensure_editor_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "zhujing-correct-horse-2024"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def editor_page(browser, live_server, committed_sample):
    """A browser signed in as an editor through the login page, with the browser's console watched."""
    yield from signed_in_editor(browser, live_server, PASSWORD)


def open_list(page, live_server, model: str) -> None:
    """From the admin's index, the model's list (居民区和村 or 服务站点)."""
    page.goto(f"{live_server.url}/admin/")
    with page.expect_navigation():
        page.locator(f'#content-main a[href="/admin/circle/{model}/"]').first.click()
    assert page.url == f"{live_server.url}/admin/circle/{model}/"


def export(page, live_server, model: str, fmt: str) -> bytes:
    open_list(page, live_server, model)
    with page.expect_navigation():
        page.get_by_role("link", name="导出").click()
    assert page.get_by_label("全选").is_checked() and page.get_by_label("网址名").is_checked()
    page.select_option("#id_format", label=fmt)
    with page.expect_download() as download:
        page.get_by_role("button", name="导出").click()
    assert download.value.suggested_filename.endswith(f".{fmt}")
    return download.value.path().read_bytes()


def upload(page, live_server, model: str, name: str, content: bytes, mime: str) -> str:
    open_list(page, live_server, model)
    with page.expect_navigation():
        page.get_by_role("link", name="导入").click()
    page.set_input_files("#id_import_file", files=[{"name": name, "mimeType": mime, "buffer": content}])
    assert page.locator("#id_format option:checked").inner_text() == name.rsplit(".", 1)[1]
    with page.expect_navigation():
        page.get_by_role("button", name="提交").click()
    return page.locator("#content").inner_text()


def edited(content: bytes, slug: str, cells: dict[str, object]) -> bytes:
    """The workbook with the cells of the row whose 网址名 is ``slug`` changed, by heading."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    headings = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headings.index("网址名")].value == slug)
    for heading, value in cells.items():
        row[headings.index(heading)].value = value
    changed = io.BytesIO()
    book.save(changed)
    return changed.getvalue()


def confirm(page) -> str:
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    return page.locator(".messagelist").inner_text()


def test_an_editor_exports_the_areas_imports_them_back_and_sees_the_change(editor_page, live_server):
    page = editor_page
    count = Area.objects.count()
    content = export(page, live_server, "area", "xlsx")
    headings = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(content)).active[1]]
    assert headings[:3] == ["名称", "网址名", "类型"] and "纬度" in headings and "示例数据" in headings

    text = upload(page, live_server, "area", "居民区和村.xlsx", content, XLSX)
    assert f"共 {count} 行：新增 0 条，修改 0 条，{count} 行没有变化。" in text, text

    changed = edited(content, "dongfeng", {"名称": "东风新村居民区", "包括的小区和村民小组": "东风新村\n东风苑"})
    text = upload(page, live_server, "area", "居民区和村.xlsx", changed, XLSX)
    assert page.locator(".import-problems").count() == 0, text
    assert f"共 {count} 行：新增 0 条，修改 1 条，{count - 1} 行没有变化。" in text, text
    preview = page.locator("table.import-preview").inner_text()
    assert "东风新村居民区" in preview and "东风苑" in preview
    assert "导入完成：新增 0 条，修改 1 条" in confirm(page)

    page.goto(f"{live_server.url}/circle/?area=dongfeng")
    assert "东风新村居民区附近的服务站" in page.locator("h1").inner_text()
    assert Area.objects.get(slug="dongfeng").neighbourhood_list == ["东风新村", "东风苑"]
    assert page.console_errors == []


def test_an_editor_exports_the_points_imports_them_back_and_sees_the_change(editor_page, live_server):
    page = editor_page
    count = ServicePoint.objects.count()
    content = export(page, live_server, "servicepoint", "xlsx")
    headings = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(content)).active[1]]
    assert "所在居民区/村" in headings and "服务的居民区和村" in headings

    text = upload(page, live_server, "servicepoint", "服务站点.xlsx", content, XLSX)
    assert f"共 {count} 行：新增 0 条，修改 0 条，{count} 行没有变化。" in text, text

    summary = "临源二村、临源一村的家门口服务站：帮办代办、调解。"
    changed = edited(content, "linyuan-2-station", {"简介": summary, "服务的居民区和村": "linyuan-2 linyuan-1"})
    text = upload(page, live_server, "servicepoint", "服务站点.xlsx", changed, XLSX)
    assert page.locator(".import-problems").count() == 0, text
    assert f"共 {count} 行：新增 0 条，修改 1 条，{count - 1} 行没有变化。" in text, text
    preview = page.locator("table.import-preview").inner_text()
    assert summary in preview and "linyuan-2 linyuan-1" in preview
    assert "导入完成：新增 0 条，修改 1 条" in confirm(page)

    page.goto(f"{live_server.url}/circle/linyuan-2-station/")
    body = page.locator("main").inner_text()
    assert summary in body and "临源一村居民区" in body
    point = ServicePoint.objects.get(slug="linyuan-2-station")
    assert point.history.first().history_change_reason == "表格导入"
    assert page.console_errors == []


@pytest.mark.parametrize("model", ["area", "servicepoint"])
def test_an_editor_exports_to_csv_and_imports_it_back_unchanged(editor_page, live_server, model):
    page = editor_page
    count = (Area if model == "area" else ServicePoint).objects.count()
    content = export(page, live_server, model, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    text = upload(page, live_server, model, "导出.csv", content, "text/csv")
    assert page.locator(".import-problems").count() == 0, text
    assert f"共 {count} 行：新增 0 条，修改 0 条，{count} 行没有变化。" in text, text
    assert "导入完成：新增 0 条，修改 0 条" in confirm(page)
    assert page.console_errors == []


def test_mistakes_in_a_points_file_are_shown_in_chinese_with_row_and_column_and_nothing_is_saved(
    editor_page, live_server
):
    page = editor_page
    content = export(page, live_server, "servicepoint", "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    headings = [cell.value for cell in sheet[1]]
    slugs = [row[headings.index("网址名")].value for row in sheet.iter_rows(min_row=2)]
    rows = {slug: number for number, slug in enumerate(slugs, 2)}
    before = {p.slug: (p.area_id, p.latitude, p.open_24_hours, p.summary) for p in ServicePoint.objects.all()}

    def put(slug, heading, value):
        sheet.cell(row=rows[slug], column=headings.index(heading) + 1).value = value

    put("linyuan-2-station", "所在居民区/村", "linyuan-9")
    put("linyuan-2-station", "简介", "改过的简介")
    put("xilin-station", "纬度", "95")
    put("dongfeng-health-station", "24小时开放", "也许")
    changed = io.BytesIO()
    book.save(changed)

    text = upload(page, live_server, "servicepoint", "服务站点.xlsx", changed.getvalue(), XLSX)
    assert "文件中有错误，没有导入" in text
    problems = page.locator(".import-problems").inner_text()
    assert f"第{rows['linyuan-2-station']}行“所在居民区/村”：找不到网址名为“linyuan-9”的居民区和村。" in problems
    assert f"第{rows['xilin-station']}行“纬度”：纬度要在 3 到 54 之间" in problems
    assert "54" in problems  # what the latitude may be
    assert f"第{rows['dongfeng-health-station']}行“24小时开放”：“也许”不是“是”或“否”。" in problems
    assert "Ensure" not in problems and "valid" not in problems
    assert page.get_by_role("button", name="确认导入").count() == 0
    after = {p.slug: (p.area_id, p.latitude, p.open_24_hours, p.summary) for p in ServicePoint.objects.all()}
    assert after == before
    assert page.console_errors == []


def test_a_mistake_in_an_areas_file_is_shown_in_chinese_and_nothing_is_saved(editor_page, live_server):
    page = editor_page
    content = export(page, live_server, "area", "xlsx")
    changed = edited(content, "xilin", {"纬度": "200", "经度": "", "名称": "西林新居民区"})
    text = upload(page, live_server, "area", "居民区和村.xlsx", changed, XLSX)
    assert "文件中有错误，没有导入" in text
    problems = page.locator(".import-problems").inner_text()
    assert "行“纬度”" in problems, problems
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert Area.objects.get(slug="xilin").name == "西林居民区"


def overflowing(page) -> list[str]:
    width = page.evaluate("document.documentElement.clientWidth")
    return page.evaluate(
        """(width) => [...document.querySelectorAll('#content-main *')]
            .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
            .map(el => el.tagName + '.' + el.className + '#' + el.id)""",
        width,
    )


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_the_point_page_in_the_admin_fits_the_screen_and_is_in_chinese(
    browser, live_server, committed_sample, tmp_path, viewport
):
    import os

    user = get_user_model().objects.create_user("wangfang", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_editor_group())
    context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill('input[name="auth-username"]', "wangfang")
    page.fill('input[name="auth-password"]', PASSWORD)
    with page.expect_navigation():
        page.click('input[type="submit"]')
    point = ServicePoint.objects.get(slug="dongfeng-health-station")
    page.goto(f"{live_server.url}/admin/circle/servicepoint/{point.pk}/change/")
    folder = os.environ.get("SCREENSHOTS") or str(tmp_path)
    page.screenshot(path=f"{folder}/admin-point-{viewport['width']}.png", full_page=True)
    assert overflowing(page) == [], overflowing(page)[:10]
    text = page.locator("#content-main").inner_text()
    english = [
        word
        for word in ("Add another", "Delete", "Remove", "Choose", "Available", "Chosen", "Filter", "Hold down")
        if word in text
    ]
    assert english == [], english
    assert "服务的居民区和村：全部添加" in text and "再点中间的箭头添加" in text
    # Beside 所在居民区/村 no icon deletes the area (the box's own × clears the choice).
    assert page.locator("#delete_id_area").count() == 0 and page.locator("#add_id_area").count() == 1
    # The hours' weekday is a one-line choice, not Django's tall two-box list (a class name clash once).
    assert page.locator('[name="opening_hours-0-weekday"]').bounding_box()["height"] < 50
    context.close()


def test_an_editor_finds_points_by_area_and_filters_the_list(editor_page, live_server):
    page = editor_page
    open_list(page, live_server, "servicepoint")
    # Every column is on the screen and a point's name reads on a line or two, not one character a line.
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.locator("#result_list th.column-last_editor").bounding_box()["x"] + 20 < width
    name = page.locator("#result_list th.field-name a").first.bounding_box()
    assert name["width"] > 100 and name["height"] < 45, name

    page.fill("#searchbar", "罗星居民区")
    with page.expect_navigation():
        page.get_by_role("button", name="搜索").click()
    names = page.locator("#result_list th.field-name").all_inner_texts()
    assert sorted(names) == ["东风社区卫生服务站", "罗星居民区党群服务站"], names

    open_list(page, live_server, "servicepoint")
    with page.expect_navigation():
        page.locator("#changelist-filter a", has_text="社区卫生服务站").click()
    names = page.locator("#result_list th.field-name").all_inner_texts()
    assert sorted(names) == ["东风社区卫生服务站", "新华村卫生服务站"], names
    with page.expect_navigation():
        page.locator("#changelist-filter a", has_text="新华村").first.click()
    assert page.locator("#result_list th.field-name").all_inner_texts() == []  # none of the two stands there
    assert page.console_errors == []
