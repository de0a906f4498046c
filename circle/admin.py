from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhujing_center.admin_base import PublishingAdmin, SortableSpreadsheetMixin
from zhujing_center.checking import mark_checked_today
from zhujing_center.coordinate_form import CoordinatesForm

from .models import Area, PointAttendedHours, PointOpeningHours, PointService, PointSpecialDay, ServicePoint
from .photo_admin import PointPhotoInline
from .resources import AreaResource, ServicePointResource

SAMPLE_DESCRIPTION = gettext_lazy(
    "勾选“示例数据”的条目是为了演示网站编的，名称和位置都不是真的；只要还有已发布的示例数据，公开页面就会注明。"
    "请用“导入”把真实名单（Excel）导进来，再取消勾选或删除示例条目。"
)


@admin.register(Area)
class AreaAdmin(SortableSpreadsheetMixin, PublishingAdmin):
    form = CoordinatesForm
    resource_classes = (AreaResource,)
    list_display = ("sort_order", "name", "kind", "committee_name", "is_sample", "is_published", "last_editor")
    list_display_links = ("name",)
    list_filter = ("kind", "is_sample", "is_published")
    search_fields = ("name", "slug", "committee", "neighbourhoods")
    ordering = ("sort_order",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "committee", "neighbourhoods")}),
        (
            gettext_lazy("位置"),
            {
                "fields": ("amap_position", ("latitude", "longitude")),
                "description": gettext_lazy("用来给居民算到各服务站点的步行距离：填这个居民区或村的大致中心。"),
            },
        ),
        (gettext_lazy("发布"), {"fields": ("is_sample", "is_published"), "description": SAMPLE_DESCRIPTION}),
    )

    @admin.display(description=gettext_lazy("居委会/村委会"))
    def committee_name(self, area: Area) -> str:
        return area.committee_name

    def get_deleted_objects(self, objs, request):
        """An area a point stands in is not deleted: say which point, instead of a database error."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for area in objs:
            for point in area.home_points.all():
                protected.append(_("服务站点“%(point)s”在“%(area)s”") % {"point": point, "area": area})
        return deleted, counts, perms_needed, protected


class PointOpeningHoursInline(admin.TabularInline):
    model = PointOpeningHours
    extra = 0


class PointAttendedHoursInline(admin.TabularInline):
    model = PointAttendedHours
    extra = 0


class PointSpecialDayInline(admin.TabularInline):
    model = PointSpecialDay
    extra = 0
    verbose_name_plural = gettext_lazy("特殊日期（节假日闭馆或调整时间；过去的日期可以删掉）")


class PointServiceInline(admin.TabularInline):
    model = PointService
    extra = 0
    autocomplete_fields = ("service",)


@admin.register(ServicePoint)
class ServicePointAdmin(SortableSpreadsheetMixin, PublishingAdmin):
    form = CoordinatesForm
    actions = (*PublishingAdmin.actions, mark_checked_today)
    resource_classes = (ServicePointResource,)
    list_display = ("sort_order", "name", "kind", "area", "is_sample", "is_published", "updated_at", "last_editor")
    list_display_links = ("name",)
    list_filter = ("is_published", "is_sample", "kind", "area")
    list_select_related = ("area",)
    search_fields = ("name", "slug", "address", "summary")
    ordering = ("sort_order",)
    autocomplete_fields = ("area",)
    filter_horizontal = ("areas",)
    inlines = (
        PointOpeningHoursInline,
        PointAttendedHoursInline,
        PointSpecialDayInline,
        PointServiceInline,
        PointPhotoInline,
    )
    duplicate_children = ("opening_hours", "attended_hours", "offers")
    restore_children = ("opening_hours", "attended_hours", "special_days", "offers")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "area", "areas", "summary", "description")}),
        (
            gettext_lazy("地址和位置"),
            {
                "fields": ("address", "route", "amap_position", ("latitude", "longitude")),
                "description": gettext_lazy(
                    "填了经纬度，站点才会出现在服务圈地图上，居民也能看到走过去要多久，地图按钮会直接插上标记。"
                ),
            },
        ),
        (gettext_lazy("设施与联系"), {"fields": ("accessibility", "phone", "open_24_hours")}),
        (
            gettext_lazy("发布"),
            {"fields": ("is_sample", "is_published", "last_checked"), "description": SAMPLE_DESCRIPTION},
        ),
    )
