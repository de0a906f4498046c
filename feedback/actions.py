"""Admin actions shared with the services and venues admins."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .review import mark_checked


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
