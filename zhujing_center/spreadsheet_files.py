"""Reading and writing the admin's spreadsheets (.xlsx and .csv) safely.

Every limit is checked before the work it protects: the upload's size before it is read, the sizes a
.xlsx declares in its zip directory before anything is unpacked (a "zip bomb" is refused), and the
number of rows while they are read (reading stops at the first row past the limit). Whatever is wrong
with a file is a ``SpreadsheetError`` whose text is written for staff, in Chinese.

Cells typed as formulas in a .xlsx are kept as ``Formula`` values (the row is then refused, naming the
cell); nothing this module writes is ever a formula: .xlsx text cells are written as text, and CSV
cells that a spreadsheet program would take for a formula are prefixed with an apostrophe (taken off
again on import).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

# Limits (docs/spreadsheets.md), from bench/spreadsheets.py: a 5,000-service export with every field filled
# as in the sample is 0.7 MB as .xlsx (10 MB unpacked) and 4.1 MB as .csv; reading, checking and
# comparing 5,000 rows takes 4-7 s of the worker's 30.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_COLUMNS = 100

# What Excel, LibreOffice and WPS take as the start of a formula when a CSV cell begins with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_ESCAPE = "'"


class SpreadsheetError(Exception):
    """A file that cannot be imported; the message is for staff."""


class Formula(str):
    """The text of a .xlsx cell typed as a formula (e.g. ``=A1+1``); never imported as a value."""


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def check_upload_size(size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(
            _("文件太大（%(size)s MB），最多 %(limit)s MB。请分成几个文件导入。")
            % {"size": f"{size / (1024 * 1024):.1f}", "limit": megabytes(MAX_UPLOAD_BYTES)}
        )


def too_many_rows(limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("文件的数据超过 %(limit)s 行（不算第1行的列名）。请分成几个文件导入，每个最多 %(limit)s 行。")
        % {"limit": limit}
    )


# ------------------------------------------------------------------ reading


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def dataset_from_rows(rows: Iterable[list], max_rows: int | None = None) -> tablib.Dataset:
    """The first row as column names, the rest as data: trailing empty rows and columns dropped, reading
    stopped (with an error) as soon as there are more than ``max_rows`` data rows.

    Empty rows between data rows are kept, so that row numbers stay those staff see in Excel.
    """
    max_rows = max_rows or MAX_ROWS
    iterator = iter(rows)
    try:
        headers = [header_text(value) for value in next(iterator)]
    except StopIteration:
        raise SpreadsheetError(_("文件是空的：第1行应是列名，下面每行一条。")) from None
    data: list[list] = []
    blank_run = 0  # empty rows read since the last row with something in it (dropped if nothing follows)
    for values in iterator:
        values = list(values)
        if all(is_blank(value) for value in values):
            blank_run += 1
            if blank_run > max_rows:  # only empty rows from here on, probably to the sheet's end
                break
            continue
        if len(data) + blank_run >= max_rows:
            raise too_many_rows(max_rows)
        data.extend([[]] * blank_run)
        blank_run = 0
        data.append(values)
    width = len(headers)
    while width and not headers[width - 1] and all(len(row) < width or is_blank(row[width - 1]) for row in data):
        width -= 1
    if width > MAX_COLUMNS:
        raise SpreadsheetError(_("文件的列太多（%(count)s 列）。") % {"count": width})
    dataset = tablib.Dataset(headers=headers[:width])
    for row in data:
        row = row[:width]
        dataset.append(row + [None] * (width - len(row)))
    return dataset


def xlsx_rows(data: bytes) -> Iterator[list]:
    """The first sheet's rows as lists of values, read as a stream (``read_only``); a formula cell
    is a ``Formula``. Call ``check_xlsx_archive`` first."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows():
            yield [cell_value(cell) for cell in row]
    finally:
        book.close()


def cell_value(cell):
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f" and value is not None:
        return Formula(getattr(value, "text", None) or value)  # an array formula keeps its text in .text
    return value


def check_xlsx_archive(data: bytes) -> None:
    """Refuse what is not a .xlsx, and a .xlsx whose parts would unpack to more than the limit, from
    the sizes its zip directory declares (Python's zipfile never unpacks more than a part declares)."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SpreadsheetError(_("这是旧的 Excel（.xls）文件。请在 Excel 里“另存为”.xlsx 格式后再导入。"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SpreadsheetError(not_xlsx()) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise SpreadsheetError(not_xlsx())
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names or not any(name.startswith("xl/worksheets/") for name in names):
            raise SpreadsheetError(not_xlsx())
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise SpreadsheetError(
                _("这个 .xlsx 文件解压后有 %(size)s MB，超过 %(limit)s MB 的上限。请分成几个文件导入。")
                % {"size": megabytes(unpacked), "limit": megabytes(MAX_UNPACKED_BYTES)}
            )


def not_xlsx() -> str:
    return _("这不是 Excel（.xlsx）文件，或者文件已损坏。请上传从 Excel 保存的 .xlsx 文件，或在“格式”里选 csv。")


def read_xlsx(data: bytes) -> tablib.Dataset:
    check_upload_size(len(data))
    check_xlsx_archive(data)
    try:
        return dataset_from_rows(xlsx_rows(data))
    except SpreadsheetError:
        raise
    except Exception:  # openpyxl's many ways of meeting a broken part: all mean the same to staff
        raise SpreadsheetError(not_xlsx()) from None


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), else GB18030 (what "CSV" means in a Chinese Excel)."""
    if data[:4] == b"PK\x03\x04":
        raise SpreadsheetError(_("这是 Excel（.xlsx）文件，不是 CSV。请在“格式”里选 xlsx。"))
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in data[:4096]:
        raise SpreadsheetError(wrong_encoding())
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(wrong_encoding())


def wrong_encoding() -> str:
    return _(
        "无法读取这个 CSV 文件的文字编码（只支持 UTF-8 和 GBK）。请在 Excel 里“另存为”“CSV UTF-8（逗号分隔）”后再导入，"
        "或者直接导入 .xlsx 文件。"
    )


def csv_rows(text: str) -> Iterator[list]:
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:  # an unclosed quote, a cell over csv's 128 K characters
            raise SpreadsheetError(
                _("CSV 文件第 %(row)s 行的格式不对（例如引号没有配对，或一个格子太长）。") % {"row": reader.line_num}
            ) from None
        yield [unescape_csv(value) for value in row]


def read_csv(data: bytes) -> tablib.Dataset:
    check_upload_size(len(data))
    return dataset_from_rows(csv_rows(decode_csv(data)))


def unescape_csv(value: str) -> str:
    """Take off the apostrophe ``escape_csv`` puts before a formula-like cell."""
    if len(value) > 1 and value[0] == CSV_ESCAPE and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


# ------------------------------------------------------------------ writing


def escape_csv(value) -> str:
    """A CSV cell that no spreadsheet program runs as a formula (OWASP's CSV injection advice)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not is_number(text):
        return CSV_ESCAPE + text
    return text


def is_number(text: str) -> bool:
    """A plain number ("-1", "+3": a floor, say) is no formula and stays as it is."""
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower() not in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity")


def write_csv(dataset: tablib.Dataset) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape_csv(header) for header in dataset.headers or []])
    for row in dataset:
        writer.writerow([escape_csv(value) for value in row])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def write_xlsx(dataset: tablib.Dataset, title: str = "") -> bytes:
    """A .xlsx with a bold, frozen first row; text is always written as text (never as a formula), numbers
    as numbers, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=(title or "Sheet1")[:31])
    headers = list(dataset.headers or [])
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width(dataset, index - 1, header)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def cell(value, **style):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
        elif isinstance(value, dt.datetime):
            value = value.replace(tzinfo=None)
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            made.data_type = "s"  # text, even when it starts with "="
            if "\n" in value:
                made.alignment = wrap
        for name, setting in style.items():
            setattr(made, name, setting)
        return made

    sheet.append([cell(header, font=bold) for header in headers])
    for row in dataset:
        sheet.append([cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def column_width(dataset: tablib.Dataset, index: int, header: str) -> float:
    sample = [header, *(row[index] for row in dataset[:50])]
    longest = max(len(str(value or "").split("\n")[0]) for value in sample)
    return float(min(max(longest * 2 + 2, 8), 50))  # Chinese characters are about two columns wide


# ------------------------------------------------------------------ django-import-export formats


class XLSX(base_formats.XLSX):
    """Excel (.xlsx), read and written by the functions above."""

    def get_title(self):
        return "xlsx"

    def create_dataset(self, in_stream):
        return read_xlsx(in_stream)

    def export_data(self, dataset, **kwargs):
        return write_xlsx(dataset, title=dataset.title or "")


class CSV(base_formats.CSV):
    """CSV: read as bytes (UTF-8 or GB18030), written as UTF-8 with a BOM so that Excel shows Chinese."""

    def get_title(self):
        return "csv"

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return read_csv(in_stream)

    def export_data(self, dataset, **kwargs):
        return write_csv(dataset)


FORMATS = (XLSX, CSV)
