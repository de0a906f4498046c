from zhujing_center.spreadsheets import ChineseHeadersResource

from .models import Venue


class VenueResource(ChineseHeadersResource):
    """Rooms and stations in a spreadsheet, matched on 网址名 (slug). Opening hours are edited in the admin."""

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
            "phone",
            "open_24_hours",
            "is_published",
            "sort_order",
            "last_checked",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
