from django.contrib import admin

from .admin_base import ContentAdmin
from .models import Centre, CentreBody


class CentreBodyInline(admin.TabularInline):
    model = CentreBody
    extra = 0


@admin.register(Centre)
class CentreAdmin(ContentAdmin):
    """One record: staff edit it, but cannot add a second one or delete it."""

    list_display = ("name", "phone", "address", "updated_at", "last_editor")
    inlines = (CentreBodyInline,)
    restore_children = ("bodies",)

    def has_add_permission(self, request) -> bool:
        return not Centre.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
