"""Excel/CSV import and export of the catalogue (django-import-export), as staff read a spreadsheet.

- Columns are headed with the fields' Chinese names (服务名称, 网址名 …); rows are matched on 网址名.
- Values are written as staff read them and read back in the same form (and in a few others):
  是/否 for yes-or-no fields, Chinese labels for choices (the internal code is accepted too),
  "1楼" / "地下1层" for floors, 2024-05-01 for dates, related entries by their 网址名.
- An empty cell clears a text (empty text, never NULL) and an optional number or date; in a
  yes-or-no, choice, order or category column it keeps what the entry has (a new entry gets the default).
- Every problem is reported in Chinese with the spreadsheet's row number (as Excel shows it; row 1
  holds the column names) and the column's heading; a file with any problem writes nothing.
- Limits on the file (size, rows) are in ``spreadsheet_files``; staff's guide is docs/spreadsheets.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm, SelectableFieldsExportForm
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from . import bulk, spreadsheet_files
from .spreadsheet_files import Formula, SpreadsheetError
from .text import floor_label

logger = logging.getLogger(__name__)

# The preview lists at most this many changed rows and this many errors (the counts are always complete).
PREVIEW_ROWS = 500
PREVIEW_ERRORS = 200
# One import adds or changes at most this many entries. Each costs 5-10 ms to save with its history and
# search text, an unchanged row about 1 ms: in bench/spreadsheets.py a 5,000-row file with 500 changed rows
# confirms in 6-7 s on SQLite and 10-12 s on PostgreSQL (1,000 changed rows: 10.5 s and 15 s), well within
# the worker's 30 s.
MAX_CHANGED_ROWS = 500


def too_many_changes(count: int | None, limit: int) -> SpreadsheetError:
    if count is None:
        return SpreadsheetError(_("一次最多新增或修改 %(limit)s 条。请分成几个文件导入。") % {"limit": limit})
    return SpreadsheetError(
        _("这个文件会新增或修改 %(count)s 条，一次最多 %(limit)s 条。请分成几个文件导入（没有变化的行不算）。")
        % {"count": count, "limit": limit}
    )


# ------------------------------------------------------------------ values (pure functions)


def normalise_text(value) -> str:
    """A cell as text: numbers without a trailing ".0", dates as 2024-05-01, line ends as "\\n", no
    surrounding spaces (as the admin's own forms store text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def same_value(a, b) -> bool:
    """Whether an imported value equals the stored one (texts compared as ``normalise_text`` leaves them)."""
    if isinstance(a, str) and isinstance(b, str):
        return normalise_text(a) == normalise_text(b)
    return a == b


TRUE_WORDS = {"是", "true", "1", "yes", "y", "对", "√", "✓"}
FALSE_WORDS = {"否", "false", "0", "no", "n", "不", "不是", "×", "✗"}


def parse_yes_no(value) -> bool | None:
    """是/否 (also true/false, 1/0, yes/no); empty is None; anything else is a ValueError."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = normalise_text(value).lower()
    if text == "":
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("“%(value)s”不是“是”或“否”。") % {"value": normalise_text(value)})


def parse_whole_number(value) -> int | None:
    """A whole number (3, "3", 3.0, "1,200"); empty is None; anything else is a ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = normalise_text(value).replace(",", "").replace("，", "")
    if text == "":
        return None
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(text.split(".")[0])
    raise ValueError(_("“%(value)s”不是整数。") % {"value": text})


def parse_decimal(value, places: int) -> Decimal | None:
    """A number such as a coordinate (30.8967, "121.160800"), kept to ``places`` decimals; empty is None."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s”不是数字。") % {"value": value})
    text = normalise_text(value)
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s”不是数字。") % {"value": text}) from None
    if not number.is_finite():
        raise ValueError(_("“%(value)s”不是数字。") % {"value": text})
    return number.quantize(Decimal(1).scaleb(-places))


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def parse_date(value) -> dt.date | None:
    """A date cell, or 2024-05-01 (also 2024/5/1, 2024.5.1, 2024年5月1日); empty is None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = normalise_text(value)
    if text == "":
        return None
    text = re.sub(r"\s+00:00(:00)?$", "", text)  # a date that went through a date-and-time cell
    for layout in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s”不是日期，请写成 2024-05-01 这样。") % {"value": text})


CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """一 … 九十九 (floors); None when ``text`` is not one."""
    if text.isdigit():
        return int(text)
    if not text or any(char not in CHINESE_DIGITS and char != "十" for char in text) or text.count("十") > 1:
        return None
    if "十" not in text:
        return CHINESE_DIGITS[text] if len(text) == 1 else None
    tens, _sep, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[ones] if ones else 0)


FLOOR_PATTERN = re.compile(
    r"(?P<below>地下|负|-|B)?(?P<number>\d+|[一二两三四五六七八九十]+)(?:楼|层|F)?", re.IGNORECASE
)


def parse_floor(value) -> int | None:
    """Floors above ground: "1楼", "3层", "一楼", "1", "3F"; below: "地下1层", "B1", "-1"; empty is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_whole_number(value)
    text = normalise_text(value).replace(" ", "")
    match = FLOOR_PATTERN.fullmatch(text)
    number = chinese_number(match.group("number")) if match else None
    if number is None:
        raise ValueError(_("“%(value)s”不是楼层，请写成 1楼、2楼 或 地下1层。") % {"value": text})
    return -number if match.group("below") else number


def split_names(value) -> list[str]:
    """Several 网址名 in one cell, separated by spaces (or 、 , ， ;)."""
    names = re.split(r"[\s、,，;；]+", normalise_text(value))
    return list(dict.fromkeys(name for name in names if name))


# ------------------------------------------------------------------ widgets


class TextWidget(widgets.Widget):
    """Text: an empty cell is empty text (never NULL)."""

    def clean(self, value, row=None, **kwargs):
        return normalise_text(value)


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_yes_no(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return _("是") if value else _("否")


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_whole_number(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class DecimalWidget(widgets.Widget):
    def __init__(self, places: int):
        super().__init__()
        self.places = places

    def clean(self, value, row=None, **kwargs):
        return parse_decimal(value, self.places)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if isinstance(value, dt.date) else ""


class FloorWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_floor(value)

    def render(self, value, obj=None, **kwargs):
        return floor_label(value)


class ChoiceWidget(widgets.Widget):
    """A choice by its Chinese label (正常提供), or by its internal code (available)."""

    def __init__(self, choices):
        super().__init__()
        self.choices = list(choices)

    def clean(self, value, row=None, **kwargs):
        text = normalise_text(value)
        if text == "":
            return None
        for code, label in self.choices:
            if text == str(label) or text.lower() == str(code).lower():
                return code
        raise ValueError(
            _("“%(value)s”不是可选的值。可以填：%(choices)s。")
            % {"value": text, "choices": "、".join(str(label) for _code, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return next((str(label) for code, label in self.choices if code == value), "" if value is None else value)


class UnknownReferenceError(ValueError):
    """A row names a category, room or audience that does not exist (a row error, listed with the others)."""


def unknown_reference(model: type[models.Model], names: list[str]) -> UnknownReferenceError:
    return UnknownReferenceError(
        _("找不到网址名为“%(value)s”的%(model)s。") % {"value": "、".join(names), "model": model._meta.verbose_name}
    )


class SlugLookupMixin:
    """Related rows looked up by 网址名 from one query per import (the tables are small)."""

    def lookup(self) -> dict[str, models.Model]:
        if getattr(self, "_by_slug", None) is None:
            self._by_slug = {str(getattr(obj, self.field)): obj for obj in self.model._default_manager.all()}
        return self._by_slug

    def forget(self) -> None:
        self._by_slug = None


class SlugForeignKeyWidget(SlugLookupMixin, widgets.ForeignKeyWidget):
    """A related row named by its 网址名; an unknown one is a row error staff can read."""

    def clean(self, value, row=None, **kwargs):
        name = normalise_text(value)
        if not name:
            return None
        try:
            return self.lookup()[name]
        except KeyError:
            raise unknown_reference(self.model, [name]) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class SlugManyToManyWidget(SlugLookupMixin, widgets.ManyToManyWidget):
    """Several related rows named by their 网址名, separated by spaces; unknown ones are row errors."""

    def clean(self, value, row=None, **kwargs):
        names = split_names(value)
        known = self.lookup()
        missing = [name for name in names if name not in known]
        if missing:
            raise unknown_reference(self.model, missing)
        return [known[name] for name in names]


# ------------------------------------------------------------------ fields and the resource


class SheetField(fields.Field):
    """A column; a cell typed as a formula is refused, whatever the column."""

    def clean(self, row, **kwargs):
        value = row.get(self.column_name)
        if isinstance(value, Formula):
            raise ValueError(_("这个格子是公式（%(formula)s）；请直接填写文字或数字。") % {"formula": value})
        return super().clean(row, **kwargs)


TEXT_FIELDS = (models.CharField, models.TextField)


def widget_for(django_field: models.Field) -> tuple[widgets.Widget, bool]:
    """The widget for a model field, and whether an empty cell keeps the stored value."""
    if django_field.choices:
        return ChoiceWidget(django_field.flatchoices), True
    if isinstance(django_field, models.BooleanField):
        return YesNoWidget(), True
    if isinstance(django_field, TEXT_FIELDS):
        return TextWidget(), False
    if isinstance(django_field, models.DateField) and not isinstance(django_field, models.DateTimeField):
        return DateWidget(), not django_field.null
    if isinstance(django_field, models.IntegerField):
        return WholeNumberWidget(), not django_field.null
    if isinstance(django_field, models.DecimalField):
        return DecimalWidget(django_field.decimal_places), not django_field.null
    raise TypeError(f"no spreadsheet widget for {django_field!r}")  # a programming error, found by the tests


class Linked(NamedTuple):
    """A related row (a room, an audience) as a spreadsheet row names it: by its key (网址名)."""

    pk: int
    key: str


def linked(objects, key_field: str) -> list[Linked]:
    return [Linked(obj.pk, str(getattr(obj, key_field))) for obj in objects]


def export_value(field, instance):
    """A cell as exported. Many-to-many cells come from what the row asks for (a preview writes nothing),
    else from what the entry had when it was loaded (``after_init_instance``), never from a new query."""
    if isinstance(field.widget, widgets.ManyToManyWidget):
        for attribute in ("_sheet_m2m", "_sheet_stored_m2m"):
            related = getattr(instance, attribute, {}).get(field.attribute)
            if related is not None:
                return " ".join(link.key for link in related)
        if instance.pk is None:
            return ""
    return field.export(instance)


class ChangedColumns:
    """What an imported row changes, column by column (the preview lists only these).

    Worked out only when the preview shows the row: for thousands of unchanged rows, never.
    """

    def __init__(self, resource, instance, new):
        self.fields = [field for field in resource.get_import_fields() if field.column_name]
        self.original = None if new else instance
        self.instance = None
        self._changes: list[tuple[str, str, str]] | None = None

    def compare_with(self, resource, instance):
        self.instance = instance

    def as_html(self):
        return self

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        if self._changes is None:
            self._changes = []
            for field in self.fields:
                old = "" if self.original is None else normalise_text(export_value(field, self.original))
                new = "" if self.instance is None else normalise_text(export_value(field, self.instance))
                if old != new:
                    self._changes.append((str(field.column_name), old, new))
        return self._changes

    def __iter__(self):
        return iter(self.changes)

    def __len__(self):
        return len(self.changes)


class ChineseHeadersResource(resources.ModelResource):
    """Columns headed with the fields' Chinese names, for export and for import (see the module's notes).

    Imports run in one transaction and validate every row with the model's own rules;
    a file with any bad row writes nothing (the preview lists each row's errors).
    """

    # What the export reads with each row (one query per relation instead of one per row).
    export_select_related: tuple[str, ...] = ()
    export_prefetch_related: tuple[str, ...] = ()

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        widget, keeps_stored_value = widget_for(django_field)
        return SheetField(
            attribute=field_name,
            column_name=field_name,
            widget=widget,
            readonly=readonly,
            saves_null_values=not keeps_stored_value,
        )

    @classmethod
    def get_diff_class(cls):
        return ChangedColumns

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model = self._meta.model
        for name, field in self.fields.items():
            field.column_name = str(model._meta.get_field(field.attribute or name).verbose_name)

    # ------------------------------------------------------------- export
    def get_queryset(self):
        return (
            self._meta.model._default_manager.select_related(*self.export_select_related)
            .prefetch_related(*self.export_prefetch_related)
            .order_by()
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*self.export_select_related).prefetch_related(*self.export_prefetch_related)

    def column_guide(self) -> list[tuple[str, str]]:
        """Each column's heading and what it takes (the import page shows it)."""
        guide = []
        for field in self.get_import_fields():
            widget = field.widget
            model_field = self._meta.model._meta.get_field(field.attribute)
            if isinstance(widget, YesNoWidget):
                text = _("是 或 否")
            elif isinstance(widget, ChoiceWidget):
                text = "、".join(str(label) for _code, label in widget.choices)
            elif isinstance(widget, FloorWidget):
                text = _("1楼、2楼 …，地下1层；不清楚可留空")
            elif isinstance(widget, DateWidget):
                text = _("日期，例如 2024-05-01")
            elif isinstance(widget, SlugManyToManyWidget):
                text = _("%(model)s的网址名，多个用空格分开") % {"model": widget.model._meta.verbose_name}
            elif isinstance(widget, SlugForeignKeyWidget):
                text = _("%(model)s的网址名") % {"model": widget.model._meta.verbose_name}
            elif isinstance(widget, WholeNumberWidget):
                text = _("整数")
            else:
                text = _("文字")
            if field.attribute in self.get_import_id_fields():
                text += _("（必填，用来找到已有的条目；找不到就新增）")
            elif not model_field.blank and not isinstance(widget, (YesNoWidget, ChoiceWidget, WholeNumberWidget)):
                text += _("（新增条目时必填）")
            guide.append((str(field.column_name), text))
        return guide

    # ------------------------------------------------------------- import: the file as a whole
    def header_problems(self, headers: list[str]) -> list[str]:
        columns = [str(field.column_name) for field in self.get_import_fields()]
        known = set(columns)
        problems = []
        seen: set[str] = set()
        for index, header in enumerate(headers, 1):
            if not header:
                problems.append(_("第1行第 %(column)s 列没有列名。") % {"column": column_letter(index)})
            elif header in seen:
                problems.append(_("第1行的列名“%(header)s”出现了两次。") % {"header": header})
            elif header not in known:
                problems.append(
                    _("第1行的列名“%(header)s”不认识（第 %(column)s 列）。请使用导出文件里的列名，或删除这一列。")
                    % {"header": header, "column": column_letter(index)}
                )
            seen.add(header)
        for name in self.get_import_id_fields():
            heading = str(self.fields[name].column_name)
            if heading not in headers:
                problems.append(
                    _("缺少“%(header)s”这一列：每行要靠它找到对应的条目（找不到就新增）。") % {"header": heading}
                )
        if problems:
            problems.append(_("可用的列名：%(headers)s。") % {"headers": "、".join(columns)})
        return problems

    def key_problems(self, dataset) -> list[str]:
        """Formulas and repeats in the matching column (网址名)."""
        problems = []
        for name in self.get_import_id_fields():
            heading = str(self.fields[name].column_name)
            if heading not in dataset.headers:
                continue
            first_row: dict[str, int] = {}
            for number, value in enumerate(dataset.get_col(dataset.headers.index(heading)), 2):
                if isinstance(value, Formula):
                    problems.append(
                        _("第%(row)s行“%(header)s”：这个格子是公式；请直接填写。") % {"row": number, "header": heading}
                    )
                    continue
                key = normalise_text(value)
                if key and key in first_row:
                    problems.append(
                        _("第%(row)s行“%(header)s”：“%(value)s”与第%(first)s行重复。")
                        % {"row": number, "header": heading, "value": key, "first": first_row[key]}
                    )
                first_row.setdefault(key, number)
        return problems

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        problems = self.header_problems(list(dataset.headers or []))
        if not problems:
            problems = self.key_problems(dataset)
        if problems:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(self.get_error_result_class()(SpreadsheetError(problem)))
            return result
        for field in self.fields.values():
            if isinstance(field.widget, SlugLookupMixin):
                field.widget.forget()
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run, raise_errors, use_transactions=True, **kwargs)

    def import_data_inner(self, dataset, dry_run, *args, **kwargs):
        """A confirmed import is a bulk write (bulk.py: the search text of the services it touched is
        refreshed once, at its end), inside its transaction (the library calls this within
        ``import_data``'s atomic block)."""
        with contextlib.nullcontext() if dry_run else bulk.writes():
            return super().import_data_inner(dataset, dry_run, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.changed_rows = 0

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.changed_rows > MAX_CHANGED_ROWS:  # a base error: the whole import is rolled back
            dry_run = self._is_dry_run(kwargs)
            error = too_many_changes(self.changed_rows if dry_run else None, MAX_CHANGED_ROWS)
            result.append_base_error(self.get_error_result_class()(error))

    # ------------------------------------------------------------- import: one row
    def import_row(self, row, instance_loader, **kwargs):
        over_limit = self.changed_rows > MAX_CHANGED_ROWS and not self._is_dry_run(kwargs)
        if over_limit or all(spreadsheet_files.is_blank(value) for value in row.values()):
            row_result = self.get_row_result_class()()  # past the limit a confirmed import writes no more
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
        else:
            row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            self.changed_rows += 1
        row_result.number = kwargs.get("row_number", 0) + 1  # as Excel numbers it (row 1: the headings)
        if row_result.errors:  # an unexpected failure: logged for the administrators, told plainly to staff
            for error in row_result.errors:
                logger.error("spreadsheet row %s failed", row_result.number, exc_info=error.error)
        return row_result

    def after_init_instance(self, instance, new, row, **kwargs):
        """Note an entry's related rows as loaded (prefetched), as plain keys: the library deep-copies
        every row's entry, and copying the prefetched rooms and audiences themselves was most of a
        preview's time."""
        if not new:
            instance._sheet_stored_m2m = {
                field.attribute: linked(getattr(instance, field.attribute).all(), field.widget.field)
                for field in self.get_import_fields()
                if isinstance(field.widget, widgets.ManyToManyWidget)
            }
            instance.__dict__.pop("_prefetched_objects_cache", None)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        instance._sheet_m2m = {}
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget) or field.column_name not in row:
                continue
            try:
                instance._sheet_m2m[field.attribute] = linked(field.clean(row), field.widget.field)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or not self._meta.skip_unchanged or original is None or original.pk is None:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                wanted = {related.pk for related in instance._sheet_m2m.get(field.attribute, [])}
                if wanted != {related.pk for related in original._sheet_stored_m2m[field.attribute]}:
                    return False
            elif not same_value(field.get_value(instance), field.get_value(original)):
                return False
        return True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, with errors keyed by column heading.

        Uniqueness is not asked of the database again for the matching column (网址名): a row either
        found its entry by it or names a new one, and a file naming one twice is refused before any row
        is read; nor for the fields no spreadsheet sets (the open-data id). That is two queries a row.
        """
        errors = dict(import_validation_errors or {})
        model = self._meta.model
        not_set = {field.name for field in model._meta.concrete_fields if not field.editable}
        try:
            instance.full_clean(exclude=set(errors) | not_set, validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if validate_unique:
            try:
                instance.validate_unique(exclude=set(errors) | not_set | set(self.get_import_id_fields()))
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(self.errors_by_heading(ValidationError(errors)))

    def errors_by_heading(self, error: ValidationError) -> dict[str, list[str]]:
        """The row's errors keyed by column heading (a field the file lacks: by its Chinese name).

        Django says a missing required relation "不能为 null"; staff read "此字段不能为空" as for text.
        """
        headings = {field.attribute: str(field.column_name) for field in self.fields.values()}
        model = self._meta.model
        result: dict[str, list[str]] = {}
        for name, errors in error.error_dict.items():
            messages_ = [
                _("此字段不能为空。") if getattr(each, "code", None) == "null" else message
                for each in errors
                for message in each.messages
            ]
            if name == NON_FIELD_ERRORS:
                key = NON_FIELD_ERRORS
            elif name in headings:
                key = headings[name]
            else:
                try:
                    key = str(model._meta.get_field(name).verbose_name)
                except Exception:
                    key = NON_FIELD_ERRORS
            result.setdefault(key, []).extend(messages_)
        return result

    def save_instance(self, instance, is_create, row, **kwargs):
        """A preview (dry run) validates every row, unique checks included, and writes nothing."""
        if not self._is_dry_run(kwargs):
            super().save_instance(instance, is_create, row, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = _("表格导入")

    def save_m2m(self, instance, row, **kwargs):
        if self._is_dry_run(kwargs):
            return
        stored = getattr(instance, "_sheet_stored_m2m", {})
        for attribute, related in getattr(instance, "_sheet_m2m", {}).items():
            wanted = [link.pk for link in related]
            if attribute not in stored or set(wanted) != {link.pk for link in stored[attribute]}:
                getattr(instance, attribute).set(wanted)

    class Meta:
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = False


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


# ------------------------------------------------------------------ admin


class SheetImportForm(ImportForm):
    """The upload's size is checked before anything reads it."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].widget.attrs["accept"] = ".xlsx,.csv"
        self.fields["import_file"].help_text = _("最多 %(size)s MB、%(rows)s 行。") % {
            "size": spreadsheet_files.megabytes(spreadsheet_files.MAX_UPLOAD_BYTES),
            "rows": spreadsheet_files.MAX_ROWS,
        }

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            spreadsheet_files.check_upload_size(upload.size)
        except SpreadsheetError as error:
            raise ValidationError(str(error)) from None
        return upload


class SheetExportForm(SelectableFieldsExportForm):
    """The column chooser lists the columns by their headings; the format is .xlsx unless changed."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].initial = next(
            (value for value, label in self.fields["format"].choices if label == "xlsx"), None
        )

    def _create_boolean_fields(self, resource, index):
        self._headings = {name: str(field.column_name) for name, field in resource().fields.items()}
        return super()._create_boolean_fields(resource, index)

    def _get_field_label(self, resource, field_name):
        return self._headings.get(field_name, field_name)

    @property
    def media(self):
        return super().media + forms.Media(js=("js/spreadsheet-export.js",))


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import and export through the checked formats, forms and pages of this module."""

    formats = spreadsheet_files.FORMATS
    import_form_class = SheetImportForm
    export_form_class = SheetExportForm
    import_template_name = "admin/import_export/checked_import.html"
    export_template_name = "admin/import_export/checked_export.html"

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
            return
        logger.warning("spreadsheet could not be read", exc_info=e)
        form.add_error("import_file", _("无法读取这个文件。请确认它是 .xlsx 或 .csv 文件，并在“格式”里选对。"))

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        resource = self.get_import_resource_classes(None)[0]()
        context.update(
            column_guide=resource.column_guide(),
            limits={
                "size": spreadsheet_files.megabytes(spreadsheet_files.MAX_UPLOAD_BYTES),
                "rows": spreadsheet_files.MAX_ROWS,
            },
        )
        return context

    def import_action(self, request, **kwargs):
        """The upload and its preview; the page reads the dry run's result through an ``ImportReport``."""
        response = super().import_action(request, **kwargs)
        result = response.context_data.get("result")
        if result is not None:
            response.context_data["report"] = ImportReport(result)
        return response

    def process_import(self, request, **kwargs):
        """The confirmed import; a file gone from the server, or rows that no longer pass, write nothing."""
        try:
            return super().process_import(request, **kwargs)
        except (OSError, SpreadsheetError, ValueError, IndexError):
            messages.error(request, _("没有导入：找不到刚才预览的文件（可能已经导入过，或等待太久）。请重新上传。"))
            return HttpResponseRedirect(self.import_url())

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request, _("没有导入：预览之后数据有了变化，文件中有几行现在不能导入。请重新上传，查看预览。")
            )
            return HttpResponseRedirect(self.import_url())
        return super().process_result(result, request)

    def import_url(self) -> str:
        app_label, model_name = self.get_model_info()
        return reverse(f"admin:{app_label}_{model_name}_import", current_app=self.admin_site.name)


class ImportReport:
    """What the import page says about a dry run: problems in sentences, and the changes row by row."""

    def __init__(self, result):
        self.result = result
        self.problems: list[str] = []
        for error in result.base_errors:
            if isinstance(error.error, SpreadsheetError):
                self.problems.append(str(error.error))
            else:  # the library's own (English, maybe with paths): logged for the administrators
                logger.error("spreadsheet import failed", exc_info=error.error)
                self.problems.append(_("导入时出错，没有写入任何内容。请检查文件，或联系管理员。"))
        self.row_problems: list[str] = []
        for row in result.invalid_rows:
            number = row.number + 1
            for heading, errors in row.error_dict.items():
                for message in errors:
                    if heading == NON_FIELD_ERRORS:
                        self.row_problems.append(_("第%(row)s行：%(message)s") % {"row": number, "message": message})
                    else:
                        self.row_problems.append(
                            _("第%(row)s行“%(header)s”：%(message)s")
                            % {"row": number, "header": heading, "message": message}
                        )
        for error_row in result.error_rows:  # an unexpected failure (logged by import_row)
            self.row_problems.append(
                _("第%(row)s行：保存时出错，这一行没有导入。请检查这一行，或联系管理员。")
                % {"row": error_row.number + 1}
            )
        self.rows = result.valid_rows()  # new and updated rows (unchanged ones are not reported: report_skipped)
        self.totals = result.totals
        self.total_rows = result.total_rows

    @property
    def error_count(self) -> int:
        return len(self.problems) + len(self.row_problems)

    @property
    def shown_row_problems(self) -> list[str]:
        return self.row_problems[:PREVIEW_ERRORS]

    @property
    def hidden_row_problems(self) -> int:
        return max(0, len(self.row_problems) - PREVIEW_ERRORS)

    @property
    def shown_rows(self):
        return self.rows[:PREVIEW_ROWS]

    @property
    def hidden_rows(self) -> int:
        return max(0, len(self.rows) - PREVIEW_ROWS)

    @property
    def new(self) -> int:
        return self.totals[RowResult.IMPORT_TYPE_NEW]

    @property
    def updated(self) -> int:
        return self.totals[RowResult.IMPORT_TYPE_UPDATE]

    @property
    def unchanged(self) -> int:
        return self.totals[RowResult.IMPORT_TYPE_SKIP]
