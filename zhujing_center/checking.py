"""Entries staff check against reality (services and rooms carry ``last_checked``): marking them checked."""

import datetime as dt

from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def mark_checked(obj: models.Model, day: dt.date | None = None) -> None:
    """Set ``last_checked`` through the model's own save(): it lands in the history and signals run."""
    obj.last_checked = day or timezone.localdate()
    obj._change_reason = _("标记为今天已核对")
    obj.save()


@admin.action(description=gettext_lazy("标记为今天已核对"), permissions=["change"])
def mark_checked_today(modeladmin, request, queryset) -> None:
    """``last_checked = today`` on each selected entry, saved one by one (history, signals)."""
    today = timezone.localdate()
    count = 0
    for obj in queryset:
        mark_checked(obj, today)
        count += 1
    modeladmin.message_user(
        request,
        _("已将 %(count)d 条标记为 %(date)s 已核对。") % {"count": count, "date": today.isoformat()},
        messages.SUCCESS,
    )
