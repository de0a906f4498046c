"""Areas and service points in a spreadsheet, matched on 网址名 (slug).

A point's served areas and home area are written as the areas' 网址名. Hours, special days and the
services offered are edited in the admin (as for rooms)."""

from django.utils.translation import gettext as _

from zhujing_center.spreadsheets import ChineseHeadersResource, SheetField, SlugForeignKeyWidget, SlugManyToManyWidget

from .models import Area, ServicePoint


class CoordinatesGuideMixin:
    """The import page says what the coordinate columns take: WGS-84, not what 高德地图 shows."""

    def column_guide(self) -> list[tuple[str, str]]:
        examples = {
            str(self._meta.model._meta.get_field("latitude").verbose_name): "30.896700",
            str(self._meta.model._meta.get_field("longitude").verbose_name): "121.160800",
        }
        return [
            (
                heading,
                _(
                    "数字，例如 %(example)s：GPS 坐标（WGS-84）。从高德地图查到的坐标不能直接填，"
                    "请在后台的“从高德地图复制的坐标”一栏粘贴；纬度、经度要一起填，或都留空"
                )
                % {"example": examples[heading]}
                if heading in examples
                else text,
            )
            for heading, text in super().column_guide()
        ]


class AreaResource(CoordinatesGuideMixin, ChineseHeadersResource):
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


class ServicePointResource(CoordinatesGuideMixin, ChineseHeadersResource):
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
