from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Audience, Category, Service, ServiceHours


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "icon", "sort_order")
    list_editable = ("sort_order",)
    search_fields = ("name", "summary")


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "sort_order")
    list_editable = ("sort_order",)
    search_fields = ("name",)


class ServiceHoursInline(admin.TabularInline):
    model = ServiceHours
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "rooms", "status", "is_published", "is_featured", "sort_order", "updated_at")
    list_editable = ("sort_order",)
    list_filter = ("is_published", "is_featured", "status", "category", "audiences", "venues")
    list_select_related = ("category",)
    search_fields = ("name", "summary", "keywords", "description")
    autocomplete_fields = ("audiences", "venues")
    inlines = (ServiceHoursInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "category", "summary", "description", "audiences", "venues")}),
        (
            _("怎么办"),
            {"fields": (("walk_in", "by_appointment", "self_service", "online"), "conditions", "materials", "steps")},
        ),
        (_("时限、费用与联系"), {"fields": ("time_limit", "visits", "is_free", "fee", "phone", "online_url")}),
        (_("常见问题与关键词"), {"fields": ("faq", "keywords")}),
        (
            _("状态与发布"),
            {"fields": ("status", "status_notice", "last_checked", "is_published", "is_featured", "sort_order")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("venues")

    @admin.display(description=_("场所"))
    def rooms(self, obj: Service) -> str:
        return "、".join(venue.name for venue in obj.venues.all())
