from django.contrib import admin

from .models import Centre, CentreBody


class CentreBodyInline(admin.TabularInline):
    model = CentreBody
    extra = 0


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    """One record: staff edit it, but cannot add a second one or delete it."""

    list_display = ("name", "phone", "address", "updated_at")
    inlines = (CentreBodyInline,)

    def has_add_permission(self, request) -> bool:
        return not Centre.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
