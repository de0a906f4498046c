from django.contrib import admin

from zhujing_center.admin_base import PublishingAdmin, SortableMixin

from .models import HeritageItem
from .photo_admin import HeritagePhotoInline


@admin.register(HeritageItem)
class HeritageItemAdmin(SortableMixin, PublishingAdmin):
    list_display = ("sort_order", "name", "level", "studio", "is_published", "updated_at", "last_editor")
    list_display_links = ("name",)
    list_filter = ("is_published", "level")
    search_fields = ("name", "summary")
    autocomplete_fields = ("studio",)
    ordering = ("sort_order",)
    inlines = (HeritagePhotoInline,)
