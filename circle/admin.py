from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
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
        """An area a point stands in is not deleted: each such point is named once, with a link to it
        and what to do (instead of the admin's bare "服务站点: …" line)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        home_points = ServicePoint.objects.filter(area__in=objs).select_related("area")
        if not home_points:
            return deleted, counts, perms_needed, protected
        bare = {
            format_html('{}: <a href="{}">{}</a>', capfirst(ServicePoint._meta.verbose_name), point_url(p), p)
            for p in home_points
        } | {f"{capfirst(ServicePoint._meta.verbose_name)}: {p}" for p in home_points}
        protected = [entry for entry in protected if str(entry) not in bare]
        protected += [
            format_html(
                _("服务站点“{}”在“{}”里"),
                format_html('<a href="{}">{}</a>', point_url(point), point),
                point.area,
            )
            for point in home_points
        ]
        return deleted, counts, perms_needed, protected

    @transaction.atomic
    def restore(self, record):
        """A deleted area comes back served again by the points that served it when it was deleted."""
        area = super().restore(record)
        for point in ServicePoint.objects.filter(pk__in=points_serving_when_deleted(record)):
            point.areas.add(area)
        return area


def point_url(point: ServicePoint) -> str:
    return reverse("admin:circle_servicepoint_change", args=[point.pk])


def points_serving_when_deleted(record) -> set[int]:
    """The ids of the points whose newest version, when the area was deleted, lists it among those served.

    Deleting an area removes its links to the points serving it without a new version of those points,
    so their newest versions still hold the links."""
    versions = ServicePoint.history.filter(history_date__lte=record.history_date)
    newest = versions.values("id").annotate(newest=Max("history_id")).values("newest")
    return set(
        versions.filter(history_id__in=newest, historicalservicepoint_areas__area_id=record.id)
        .exclude(history_type="-")
        .values_list("id", flat=True)
    )


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
    list_display = ("sort_order", "name", "kind", "area", "is_sample", "is_published", "last_editor")
    list_display_links = ("name",)
    list_filter = ("is_published", "is_sample", "kind", "area")
    list_select_related = ("area",)
    search_fields = ("name", "slug", "address", "summary", "area__name", "areas__name")
    search_help_text = gettext_lazy("可输入站点名称、地址，或所在、服务的居民区和村的名称")
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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """No "delete" icon beside 所在居民区/村: it deletes the area (refused while points stand in it), it
        does not clear the choice (the box's own × does)."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "area" and isinstance(getattr(field, "widget", None), RelatedFieldWidgetWrapper):
            field.widget.can_delete_related = False
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """The areas' two lists say how to use them (djangojs.po); not the admin's "hold down Control"."""
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in self.filter_horizontal:
            field.help_text = db_field.help_text
        return field

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
