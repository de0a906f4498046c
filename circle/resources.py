"""Areas and service points in a spreadsheet, matched on 网址名 (slug).

A point's served areas and home area are written as the areas' 网址名. Hours, special days and the
services offered are edited in the admin (as for rooms)."""

from zhujing_center.spreadsheets import ChineseHeadersResource, SheetField, SlugForeignKeyWidget, SlugManyToManyWidget

from .models import Area, ServicePoint


class AreaResource(ChineseHeadersResource):
    class Meta:
        model = Area
        import_id_fields = ("slug",)
        fields = (
            "name",
            "slug",
            "kind",
            "committee",
            "neighbourhoods",
            "latitude",
            "longitude",
            "is_sample",
            "is_published",
            "sort_order",
        )
        export_order = fields


class ServicePointResource(ChineseHeadersResource):
    area = SheetField(attribute="area", widget=SlugForeignKeyWidget(Area, field="slug"))
    areas = SheetField(attribute="areas", widget=SlugManyToManyWidget(Area, field="slug", separator=" "))

    export_select_related = ("area",)
    export_prefetch_related = ("areas",)

    class Meta:
        model = ServicePoint
        import_id_fields = ("slug",)
        fields = (
            "name",
            "slug",
            "kind",
            "area",
            "areas",
            "address",
            "latitude",
            "longitude",
            "summary",
            "description",
            "route",
            "accessibility",
            "phone",
            "open_24_hours",
            "is_sample",
            "is_published",
            "sort_order",
            "last_checked",
        )
        export_order = fields
