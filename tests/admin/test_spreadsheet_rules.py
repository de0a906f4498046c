"""The spreadsheet rules as pure functions: values as staff write them, and files read within their limits."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from zhujing_center import spreadsheet_files as files
from zhujing_center.spreadsheets import (
    chinese_number,
    normalise_text,
    parse_date,
    parse_floor,
    parse_whole_number,
    parse_yes_no,
    same_value,
    split_names,
)

# ------------------------------------------------------------------ values


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("是", True),
        ("否", False),
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (1.0, True),
        (True, True),
        ("", None),
        ("  ", None),
        (None, None),
        (" 是 ", True),
    ],
)
def test_yes_no(value, expected):
    assert parse_yes_no(value) is expected


@pytest.mark.parametrize("value", ["也许", "2", 2, "yes please"])
def test_yes_no_refuses_anything_else_in_chinese(value):
    with pytest.raises(ValueError, match="不是“是”或“否”"):
        parse_yes_no(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01", dt.date(2024, 5, 1)),
        ("2024/5/1", dt.date(2024, 5, 1)),
        ("2024.05.01", dt.date(2024, 5, 1)),
        ("2024年5月1日", dt.date(2024, 5, 1)),
        ("2024-05-01 00:00:00", dt.date(2024, 5, 1)),
        (dt.datetime(2024, 5, 1), dt.date(2024, 5, 1)),
        (dt.date(2024, 5, 1), dt.date(2024, 5, 1)),
        ("", None),
        (None, None),
    ],
)
def test_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["明天", "2024-13-01", "2024-02-30", "5/1"])
def test_a_date_that_is_not_a_date_is_refused(value):
    with pytest.raises(ValueError, match="不是日期"):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3), (3, 3), (3.0, 3), ("1,200", 1200), ("2.0", 2), ("", None), (None, None), ("-1", -1)],
)
def test_whole_numbers(value, expected):
    assert parse_whole_number(value) == expected


@pytest.mark.parametrize("value", ["两次", "1.5", 1.5, True])
def test_whole_numbers_refuse_the_rest(value):
    with pytest.raises(ValueError, match="不是整数"):
        parse_whole_number(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1楼", 1),
        ("3层", 3),
        ("一楼", 1),
        ("十二楼", 12),
        ("3F", 3),
        ("2", 2),
        (2, 2),
        ("地下1层", -1),
        ("B2", -2),
        ("-1", -1),
        ("负一层", -1),
        ("", None),
        (None, None),
    ],
)
def test_floors(value, expected):
    assert parse_floor(value) == expected


@pytest.mark.parametrize("value", ["顶楼", "1楼半", "楼", "B"])
def test_a_floor_that_is_not_one_is_refused(value):
    with pytest.raises(ValueError, match="不是楼层"):
        parse_floor(value)


@pytest.mark.parametrize(
    ("text", "expected"), [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("百", None)]
)
def test_chinese_numbers(text, expected):
    assert chinese_number(text) == expected


def test_text_is_normalised_as_the_admin_stores_it():
    assert normalise_text(None) == ""
    assert normalise_text(57321234.0) == "57321234"
    assert normalise_text("  第一行\r\n第二行  ") == "第一行\n第二行"
    assert normalise_text(dt.datetime(2024, 5, 1)) == "2024-05-01"
    assert same_value("a\r\nb", "a\nb")
    assert not same_value("a", "b")


def test_several_names_in_one_cell():
    assert split_names("elderly  disabled、children,elderly") == ["elderly", "disabled", "children"]
    assert split_names("") == []
    assert split_names(None) == []


# ------------------------------------------------------------------ reading files


def test_rows_become_a_dataset_without_trailing_blank_rows_and_columns():
    rows = [["名称", "网址名", None], ["甲", "a", None], [None, None, None], ["乙", "b", ""], [None, None, None]]
    dataset = files.dataset_from_rows(rows)
    assert dataset.headers == ["名称", "网址名"]
    # The empty row between two rows stays, so that row numbers are Excel's.
    assert [list(row) for row in dataset] == [["甲", "a"], [None, None], ["乙", "b"]]


def test_reading_stops_at_the_first_row_past_the_limit():
    read = []

    def rows():
        yield ["名称"]
        for n in range(10**6):
            read.append(n)
            yield [f"第{n}行"]

    with pytest.raises(files.SpreadsheetError, match="超过 10 行"):
        files.dataset_from_rows(rows(), max_rows=10)
    assert len(read) == 11  # not a row more


def test_exactly_the_limit_is_accepted():
    assert len(files.dataset_from_rows([["名称"], *([f"{n}"] for n in range(10))], max_rows=10)) == 10


def test_an_empty_file_is_refused():
    with pytest.raises(files.SpreadsheetError, match="文件是空的"):
        files.dataset_from_rows([])


def test_upload_size_limit():
    files.check_upload_size(files.MAX_UPLOAD_BYTES)
    with pytest.raises(files.SpreadsheetError, match=f"最多 {files.MAX_UPLOAD_BYTES // 2**20} MB"):
        files.check_upload_size(files.MAX_UPLOAD_BYTES + 1)


def zip_bomb(unpacked: int) -> bytes:
    """A .xlsx-shaped zip whose one sheet unpacks to ``unpacked`` bytes (of zeros: it packs to almost nothing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"0" * 2**20
            for _ in range(unpacked // len(chunk)):
                sheet.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked(monkeypatch):
    bomb = zip_bomb(files.MAX_UNPACKED_BYTES + 2**20)
    assert len(bomb) < files.MAX_UPLOAD_BYTES  # small enough to be uploaded

    def never(*args, **kwargs):
        raise AssertionError("openpyxl was given the file")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(files.SpreadsheetError, match="解压后有"):
        files.read_xlsx(bomb)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello, world", "不是 Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧的 Excel"),
        (b"", "不是 Excel"),
    ],
)
def test_what_is_not_a_xlsx_is_refused(data, message):
    with pytest.raises(files.SpreadsheetError, match=message):
        files.read_xlsx(data)


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(files.SpreadsheetError, match="不是 Excel"):
        files.read_xlsx(out.getvalue())


def test_a_formula_cell_is_read_as_a_formula_and_text_as_text():
    book = openpyxl.Workbook()
    book.active.append(["名称", "排序"])
    book.active.append(["=1+2", 3])
    out = io.BytesIO()
    book.save(out)
    dataset = files.read_xlsx(out.getvalue())
    value = dataset[0][0]
    assert isinstance(value, files.Formula) and value == "=1+2"
    assert dataset[0][1] == 3


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_utf8_or_gbk(encoding):
    dataset = files.read_csv("名称,网址名\r\n测量血压,xueya\r\n".encode(encoding))
    assert dataset.headers == ["名称", "网址名"] and list(dataset[0]) == ["测量血压", "xueya"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("名称,网址名\r\n".encode("utf-16"), "文字编码"),
        (b"\x81\x30\xff\xfe\x00\x01", "文字编码"),
        (b"PK\x03\x04rest", "请在“格式”里选 xlsx"),
        ('名称,网址名\n"not closed,x\n'.encode() + b"x" * 200_000, "格式不对"),
    ],
)
def test_what_is_not_a_readable_csv_is_refused(data, message):
    with pytest.raises(files.SpreadsheetError, match=message):
        files.read_csv(data)


# ------------------------------------------------------------------ writing files


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-1", "-1"),
        ("+86 21 5732 1234", "'+86 21 5732 1234"),
        ("测量血压", "测量血压"),
        (3, "3"),
        (None, ""),
    ],
)
def test_csv_cells_are_never_formulas_and_come_back_unchanged(value, written):
    assert files.escape_csv(value) == written
    assert files.unescape_csv(written) == ("" if value is None else str(value))


def test_xlsx_text_is_written_as_text_even_when_it_looks_like_a_formula():
    import tablib

    dataset = tablib.Dataset(headers=["名称", "排序"])
    dataset.append(["=cmd|' /C calc'!A0", 3])
    sheet = openpyxl.load_workbook(io.BytesIO(files.write_xlsx(dataset))).active
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == "=cmd|' /C calc'!A0"
    assert sheet["B2"].value == 3 and sheet["B2"].data_type == "n"
    assert sheet.freeze_panes == "A2"
