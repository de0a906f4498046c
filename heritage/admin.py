from django.contrib import admin

from .models import HeritageItem


@admin.register(HeritageItem)
class HeritageItemAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "studio", "is_published", "sort_order")
    list_editable = ("sort_order",)
    list_filter = ("is_published", "level")
    search_fields = ("name", "summary")
    autocomplete_fields = ("studio",)
