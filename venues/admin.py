from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhujing_center.admin_base import ContentAdmin, PublishingAdmin, SortableSpreadsheetMixin, VersionCheckForm
from zhujing_center.checking import mark_checked_today

from . import floorplan
from .models import AttendedHours, Floor, FloorMark, OpeningHours, SpecialDay, Venue
from .photo_admin import VenuePhotoInline
from .resources import VenueResource


class VenueForm(VersionCheckForm):
    """A room placed on its floor's diagram must not cover another room there (said by name).

    Checked where staff place rooms, here; a spreadsheet moving a room to another floor is not refused
    for it (the diagram draws the later room on top, and the next save of either one here says so)."""

    def clean(self):
        cleaned = super().clean()
        place = [cleaned.get(name) for name in floorplan.POSITION_FIELDS]
        box = floorplan.box_of(*place)
        clash = Venue.objects.overlapping(cleaned.get("floor"), box, exclude_pk=self.instance.pk)
        if clash and not self.has_error("plan_column"):
            self.add_error(
                "plan_column",
                _("在楼层图上和“%(names)s”重叠了，请换一个位置或改小一些。") % {"names": "”“".join(clash)},
            )
        return cleaned


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class AttendedHoursInline(admin.TabularInline):
    model = AttendedHours
    extra = 0


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    extra = 0
    verbose_name_plural = gettext_lazy("特殊日期（节假日闭馆或调整时间；过去的日期可以删掉）")


@admin.register(Venue)
class VenueAdmin(SortableSpreadsheetMixin, PublishingAdmin):
    form = VenueForm
    actions = (*PublishingAdmin.actions, mark_checked_today)
    resource_classes = (VenueResource,)
    list_display = ("sort_order", "name", "kind", "floor", "open_24_hours", "is_published", "updated_at", "last_editor")
    list_display_links = ("name",)
    list_filter = ("is_published", "kind", "floor", "open_24_hours")
    search_fields = ("name", "slug", "summary", "location")
    ordering = ("sort_order",)
    inlines = (OpeningHoursInline, AttendedHoursInline, SpecialDayInline, VenuePhotoInline)
    duplicate_children = ("opening_hours", "attended_hours")
    restore_children = ("opening_hours", "attended_hours", "special_days")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "floor", "location", "summary", "description")}),
        (
            gettext_lazy("怎么走"),
            {
                "fields": ("route_from_entrance", "route_from_kiosk"),
                "description": gettext_lazy("写给第一次来的居民：在几楼，电梯还是楼梯，出来往哪边走。"),
            },
        ),
        (
            gettext_lazy("楼层图上的位置"),
            {
                "fields": (("plan_column", "plan_row", "plan_width", "plan_height"),),
                "description": gettext_lazy(
                    "不用画图：每层楼按方格排，上方是北面。填左上角的列和行，再填占几格宽、几格高。"
                    "保存后到“楼层导览”页面看看画出来的样子；和别的房间重叠时会提示。"
                ),
            },
        ),
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


class FloorMarkInline(admin.TabularInline):
    model = FloorMark
    extra = 0


@admin.register(Floor)
class FloorAdmin(ContentAdmin):
    """Each floor's line of text and its marks (entrance, lifts, stairs, lobby, touch screen) on the diagram."""

    list_display = ("__str__", "summary", "last_editor")
    inlines = (FloorMarkInline,)
    restore_children = ("marks",)
