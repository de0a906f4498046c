from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from zhujing_center.admin_base import ContentAdmin, PublishingAdmin, SortableMixin, SortableSpreadsheetMixin
from zhujing_center.checking import mark_checked_today

from .models import Audience, Category, Service, ServiceHours, Synonym
from .resources import ServiceResource


@admin.register(Category)
class CategoryAdmin(SortableMixin, ContentAdmin):
    list_display = ("sort_order", "name", "slug", "icon", "last_editor")
    list_display_links = ("name",)
    search_fields = ("name", "summary")
    ordering = ("sort_order",)


@admin.register(Audience)
class AudienceAdmin(SortableMixin, ContentAdmin):
    list_display = ("sort_order", "name", "slug", "last_editor")
    list_display_links = ("name",)
    search_fields = ("name",)
    ordering = ("sort_order",)


class ServiceHoursInline(admin.TabularInline):
    model = ServiceHours
    extra = 0


@admin.register(Service)
class ServiceAdmin(SortableSpreadsheetMixin, PublishingAdmin):
    actions = (*PublishingAdmin.actions, mark_checked_today)
    resource_classes = (ServiceResource,)
    list_display = (
        "sort_order",
        "name",
        "category",
        "rooms",
        "status",
        "is_published",
        "is_featured",
        "updated_at",
        "last_editor",
    )
    list_display_links = ("name",)
    list_filter = ("is_published", "is_featured", "status", "category", "audiences", "venues")
    list_select_related = ("category",)
    search_fields = ("name",)
    search_help_text = _("可输入汉字、拼音或拼音首字母，例如：血压、xueya、xy")
    autocomplete_fields = ("audiences", "venues")
    ordering = ("sort_order",)
    duplicate_children = ("own_hours",)
    restore_children = ("own_hours",)
    inlines = (ServiceHoursInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "summary", "description", "audiences", "venues")}),
        (
            _("怎么办"),
            {
                "fields": (
                    ("walk_in", "by_appointment", "self_service", "online"),
                    "booking_phone",
                    "booking_desk",
                    "booking_url",
                    "conditions",
                    "materials",
                    "steps",
                )
            },
        ),
        (_("时限、费用与联系"), {"fields": ("time_limit", "visits", "is_free", "fee", "phone", "online_url")}),
        (_("常见问题与关键词"), {"fields": ("faq", "keywords"), "classes": ("collapse",)}),
        (
            _("状态与发布"),
            {"fields": ("status", "status_notice", "last_checked", "is_published", "is_featured")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("venues")

    def get_search_results(self, request, queryset, search_term):
        """The public site's search: 汉字, full pinyin or initials."""
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=Service.objects.search(search_term).values("pk")), False

    @admin.display(description=_("场所"))
    def rooms(self, obj: Service) -> str:
        return "、".join(venue.name for venue in obj.venues.all())


@admin.register(Synonym)
class SynonymAdmin(ContentAdmin):
    """Groups of words residents use for the same thing; the site's search widens a typed word to its group."""

    list_display = ("words", "try_them", "note", "updated_at", "last_editor")
    search_fields = ("words", "note")
    search_help_text = _("输入其中一个词，例如：厕所")
    fields = ("words", "note")

    @admin.display(description=_("在网站上试搜"))
    def try_them(self, obj: Synonym) -> str:
        """Each word as a link to the site's search, to see what residents find with it."""
        url = reverse("finder:search")
        return format_html_join(
            "、",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            ((f"{url}?{urlencode({'q': word})}", word) for word in obj.word_list),
        ) or format_html("")
