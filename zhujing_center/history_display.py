"""Field values as staff read them, for the history page and the stale-save message.

A history record's raw values are Python objects: ``True``, ``None``, choice codes, lists of
link rows. Staff should read 是/否, the choice's label, names joined with 、 and "（空）".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper

LIMIT = 60


def shorten(text: str, limit: int = LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_value(field: models.Field, value, limit: int = LIMIT) -> str:
    """``value`` of ``field`` (as a history record holds it) in words."""
    if isinstance(field, models.ManyToManyField):
        return _join(_m2m_names(field, value)) or _("（无）")
    if value is None or value == "":
        return _("（空）")
    if isinstance(field, models.BooleanField) or isinstance(value, bool):
        return _("是") if value else _("否")
    if field.choices:
        labels = dict(field.flatchoices)
        return shorten(str(labels.get(value, value)), limit)
    if isinstance(field, models.ForeignKey) and not isinstance(value, models.Model):
        found = field.related_model._default_manager.filter(pk=value).first()
        return shorten(str(found), limit) if found else _("（已删除，编号 %(pk)s）") % {"pk": value}
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, models.fields.files.FieldFile):
        return value.name.rsplit("/", 1)[-1] if value.name else _("（空）")
    return shorten(str(value), limit)


def _m2m_names(field: models.ManyToManyField, rows) -> list[str]:
    """Names of the linked rows; a history record holds them as dicts of the through table's ids."""
    if not rows:
        return []
    target = field.m2m_reverse_field_name()
    ids, names = [], []
    for row in rows:
        if isinstance(row, dict):
            linked = row.get(target)
            if isinstance(linked, models.Model):
                names.append(str(linked))
            else:
                ids.append(linked)
        elif isinstance(row, models.Model):
            names.append(str(row))
        else:
            ids.append(row)
    if ids:
        found = field.related_model._default_manager.in_bulk(ids)
        names += [str(found[pk]) if pk in found else _("（已删除）") for pk in ids]
    return names


def _join(names: Iterable[str]) -> str:
    return "、".join(names)


def describe_change(model: type[models.Model], change) -> str:
    """One ``ModelChange`` as "字段：旧 → 新"."""
    field = model._meta.get_field(change.field)
    return f"{field.verbose_name}：{display_value(field, change.old, 40)} → {display_value(field, change.new, 40)}"


class HistoryContextHelper(HistoricalRecordContextHelper):
    """simple-history's history page, with each change as staff read it (see ``display_value``)."""

    def format_delta_change(self, change):
        field = self.model._meta.get_field(change.field)
        return dataclasses.replace(
            change,
            field=str(field.verbose_name),
            old=display_value(field, change.old),
            new=display_value(field, change.new),
        )
