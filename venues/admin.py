from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import OpeningHours, SpecialDay, Venue


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    extra = 0


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "floor", "open_24_hours", "is_published", "sort_order", "updated_at")
    list_editable = ("sort_order",)
    list_filter = ("is_published", "kind", "floor", "open_24_hours")
    search_fields = ("name", "slug", "summary", "location")
    inlines = (OpeningHoursInline, SpecialDayInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "floor", "location", "summary", "description")}),
        (_("照片"), {"fields": ("photo", "photo_alt")}),
        (_("设施与联系"), {"fields": ("facilities", "accessibility", "phone", "open_24_hours")}),
        (_("发布"), {"fields": ("is_published", "sort_order", "last_checked")}),
    )


@admin.register(SpecialDay)
class SpecialDayAdmin(admin.ModelAdmin):
    list_display = ("date", "venue", "closed", "opens", "closes", "reason")
    list_filter = ("closed", "venue")
    date_hierarchy = "date"
    autocomplete_fields = ("venue",)
