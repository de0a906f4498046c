from django.contrib import admin
from django.utils.translation import gettext_lazy

from .admin_base import ContentAdmin
from .coordinate_form import CoordinatesForm
from .models import Centre, CentreBody, CentrePhoneHours


class CentreBodyInline(admin.TabularInline):
    model = CentreBody
    extra = 0


class CentrePhoneHoursInline(admin.TabularInline):
    model = CentrePhoneHours
    extra = 0


@admin.register(Centre)
class CentreAdmin(ContentAdmin):
    """One record: staff edit it, but cannot add a second one or delete it."""

    form = CoordinatesForm
    list_display = ("name", "phone", "address", "updated_at", "last_editor")
    inlines = (CentrePhoneHoursInline, CentreBodyInline)
    restore_children = ("bodies", "phone_hours")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "address", "hours", "introduction")}),
        (
            gettext_lazy("咨询电话"),
            {
                "fields": ("phone", "after_hours_help"),
                "description": gettext_lazy(
                    "电话什么时候有人接，在页面下方的“咨询电话接听时间”里按星期填写；不在这些时间，"
                    "网页会告诉居民现在没人接、什么时候再打，以及“无人接听时”这里写的办法。"
                ),
            },
        ),
        (
            gettext_lazy("怎么来"),
            {
                "fields": ("amap_position", ("latitude", "longitude"), "bus_stops", "parking"),
                "description": gettext_lazy(
                    "显示在“关于中心”页面。填了经纬度，地图按钮会直接在中心的位置插上标记；没填时按地址搜索。"
                ),
            },
        ),
    )

    def has_add_permission(self, request) -> bool:
        return not Centre.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
