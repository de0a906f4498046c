from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhujing_center.admin_base import PublishingAdmin

from .models import Activity, Notice


@admin.register(Activity)
class ActivityAdmin(PublishingAdmin):
    list_display = (
        "title",
        "place",
        "starts_at",
        "repeat",
        "repeat_until",
        "is_published",
        "updated_at",
        "last_editor",
    )
    list_filter = ("is_published", "repeat", "venue", "point", "audiences", "booking")
    list_select_related = ("venue", "point")
    search_fields = ("title", "summary", "description")
    autocomplete_fields = ("venue", "point", "audiences")
    date_hierarchy = "starts_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "description", "venue", "point", "heritage", "audiences")}),
        (_("时间（每周的课只要填一次）"), {"fields": (("starts_at", "ends_at"), ("repeat", "repeat_until"))}),
        (_("报名与费用"), {"fields": ("booking", "booking_phone", "capacity", "is_free", "fee")}),
        (_("照片与发布"), {"fields": ("photo", "photo_alt", "is_published")}),
    )

    @admin.display(description=_("地点"), ordering="venue__name")
    def place(self, activity: Activity) -> str:
        return activity.place_label


@admin.register(Notice)
class NoticeAdmin(PublishingAdmin):
    list_display = ("title", "level", "starts_at", "ends_at", "is_current", "is_published", "last_editor")
    list_filter = ("is_published", "level")
    search_fields = ("title", "body")

    @admin.display(description=_("正在显示"), boolean=True)
    def is_current(self, obj: Notice) -> bool:
        return obj.is_current()

    def view_on_site(self, obj: Notice) -> str | None:
        """The admin's "在站点上查看" link: only while residents see the notice on the home page, else none."""
        return obj.get_absolute_url() if obj.is_current() else None
