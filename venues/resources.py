from zhujing_center.spreadsheets import ChineseHeadersResource, FloorWidget, SheetField

from .models import Venue


class VenueResource(ChineseHeadersResource):
    """Rooms and stations in a spreadsheet, matched on 网址名 (slug). Opening hours are edited in the admin."""

    floor = SheetField(attribute="floor", widget=FloorWidget())

    class Meta:
        model = Venue
        import_id_fields = ("slug",)
        fields = (
            "name",
            "slug",
            "kind",
            "floor",
            "location",
            "summary",
            "description",
            "facilities",
            "accessibility",
            "route_from_entrance",
            "route_from_kiosk",
            "plan_column",
            "plan_row",
            "plan_width",
            "plan_height",
            "phone",
            "open_24_hours",
            "is_published",
            "sort_order",
            "last_checked",
        )
        export_order = fields
