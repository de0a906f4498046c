from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhujing_center.admin_base import ContentAdmin, PublishingAdmin, SortableSpreadsheetMixin
from zhujing_center.checking import mark_checked_today

from .models import OpeningHours, SpecialDay, Venue
from .photo_admin import VenuePhotoInline
from .resources import VenueResource


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    extra = 0
    verbose_name_plural = gettext_lazy("特殊日期（节假日闭馆或调整时间；过去的日期可以删掉）")


@admin.register(Venue)
class VenueAdmin(SortableSpreadsheetMixin, PublishingAdmin):
    actions = (*PublishingAdmin.actions, mark_checked_today)
    resource_classes = (VenueResource,)
    list_display = ("sort_order", "name", "kind", "floor", "open_24_hours", "is_published", "updated_at", "last_editor")
    list_display_links = ("name",)
    list_filter = ("is_published", "kind", "floor", "open_24_hours")
    search_fields = ("name", "slug", "summary", "location")
    ordering = ("sort_order",)
    inlines = (OpeningHoursInline, SpecialDayInline, VenuePhotoInline)
    duplicate_children = ("opening_hours",)
    restore_children = ("opening_hours", "special_days")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "floor", "location", "summary", "description")}),
        (gettext_lazy("设施与联系"), {"fields": ("facilities", "accessibility", "phone", "open_24_hours")}),
        (gettext_lazy("发布"), {"fields": ("is_published", "last_checked")}),
    )

    def get_deleted_objects(self, objs, request):
        """A room that still has services or activities is not deleted: say which, instead of a cascade."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for venue in objs:
            for service in venue.services.all():
                protected.append(_("服务事项“%(service)s”在“%(venue)s”提供") % {"service": service, "venue": venue})
        return deleted, counts, perms_needed, protected


@admin.register(SpecialDay)
class SpecialDayAdmin(ContentAdmin):
    list_display = ("date", "venue", "closed", "opens", "closes", "reason", "last_editor")
    list_filter = ("closed", "venue")
    date_hierarchy = "date"
    autocomplete_fields = ("venue",)
