"""The feedback inbox, and the "due for review" list of services and rooms (``review/``)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhujing_center.checking import mark_checked

from . import review
from .models import OPEN_FIRST, Feedback, FeedbackStatus

EXCERPT_LENGTH = 40
ENTRY_LABELS = {"service": gettext_lazy("服务事项"), "venue": gettext_lazy("场所")}


class FeedbackActionForm(ActionForm):
    """The list's action bar, with a note that "标记为已处理" saves on every selected row."""

    reply = forms.CharField(
        label=gettext_lazy("处理说明（选填）"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 30, "placeholder": gettext_lazy("例如：已更正电话号码")}),
    )


def shorten(text: str, limit: int = EXCERPT_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def about_of(feedback: Feedback) -> str:
    return "service" if feedback.service_id else "venue"


def admin_change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def inbox_url(**filters) -> str:
    url = reverse("admin:feedback_feedback_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("about", "kind", "excerpt", "phone", "status", "reply_excerpt", "created_at")
    list_display_links = ("excerpt",)
    list_filter = ("status", "kind")
    list_select_related = ("service", "venue")
    search_fields = ("message", "phone", "service__name", "venue__name")
    ordering = (OPEN_FIRST, "-created_at", "-pk")
    actions = ("mark_done",)
    action_form = FeedbackActionForm
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("about", "kind", "message", "phone", "created_at")}),
        (gettext_lazy("处理"), {"fields": ("status", "reply", "handled_at", "handled_by")}),
    )
    readonly_fields = ("about", "kind", "message", "phone", "created_at", "handled_at", "handled_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # feedback comes from residents, through the public form

    # ------------------------------------------------------------- columns
    @admin.display(description=gettext_lazy("关于"))
    def about(self, obj: Feedback) -> str:
        entry = obj.entry
        if entry is None:
            return "—"
        return format_html(
            '{}：<a href="{}">{}</a> · <a href="{}" target="_blank" rel="noopener">{}</a>',
            ENTRY_LABELS[about_of(obj)],
            admin_change_url(entry),
            entry.name,
            entry.get_absolute_url(),
            _("查看页面"),
        )

    @admin.display(description=gettext_lazy("内容"))
    def excerpt(self, obj: Feedback) -> str:
        return shorten(obj.message)

    @admin.display(description=gettext_lazy("处理说明"))
    def reply_excerpt(self, obj: Feedback) -> str:
        return shorten(obj.reply) or "—"

    # ------------------------------------------------------------- handling
    @admin.action(description=gettext_lazy("标记为已处理"), permissions=["change"])
    def mark_done(self, request: HttpRequest, queryset) -> None:
        reply = (request.POST.get("reply") or "").strip()[:500]
        count = 0
        for feedback in queryset.open():
            feedback.mark_done(request.user, reply)
            count += 1
        self.message_user(request, _("已将 %(count)d 条反馈标记为已处理。") % {"count": count}, messages.SUCCESS)

    def save_model(self, request, obj: Feedback, form, change) -> None:
        if "status" in form.changed_data:
            if obj.status == FeedbackStatus.DONE:
                obj.handled_at, obj.handled_by = timezone.now(), request.user
            else:
                obj.handled_at = obj.handled_by = None
        super().save_model(request, obj, form, change)

    # ------------------------------------------------------------- due for review
    def get_urls(self):
        extra = [
            path("review/", self.admin_site.admin_view(self.review_view), name="feedback_feedback_review"),
            path("review/check/", self.admin_site.admin_view(self.check_view), name="feedback_feedback_review_check"),
        ]
        return extra + super().get_urls()

    def review_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = []
        for row in review.due_entries():
            opts = row.obj._meta
            rows.append(
                {
                    "entry": row,
                    "label": ENTRY_LABELS[row.about],
                    "change_url": admin_change_url(row.obj),
                    "public_url": row.obj.get_absolute_url(),
                    "feedback_url": inbox_url(**{f"{row.about}__exact": row.obj.pk, "status__exact": "open"}),
                    "can_change": request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("需要核对的条目"),
            "rows": rows,
            "review_days": review.REVIEW_AFTER.days,
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "admin/feedback/review.html", context)

    def check_view(self, request: HttpRequest) -> HttpResponse:
        """The review list's "今天已核对" button (POST): one entry's ``last_checked`` becomes today."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        model = review.CHECKED_MODELS.get(request.POST.get("about", ""))
        pk = request.POST.get("pk", "")
        if model is None or not pk.isdigit():
            raise Http404
        if not request.user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
            raise PermissionDenied
        obj = get_object_or_404(model, pk=pk)
        mark_checked(obj)
        self.message_user(
            request,
            _("“%(name)s”已标记为 %(date)s 核对。") % {"name": obj, "date": obj.last_checked.isoformat()},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:feedback_feedback_review"))
