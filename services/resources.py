from venues.models import Venue
from zhujing_center.spreadsheets import ChineseHeadersResource, SheetField, SlugForeignKeyWidget, SlugManyToManyWidget

from .models import Audience, Category, Service


class ServiceResource(ChineseHeadersResource):
    """Services in a spreadsheet; rows are matched on 网址名 (slug), category, rooms and audiences by their slugs."""

    # An empty 服务类别 keeps the service's category (a new service without one is refused: it is required).
    category = SheetField(
        attribute="category", widget=SlugForeignKeyWidget(Category, field="slug"), saves_null_values=False
    )
    audiences = SheetField(attribute="audiences", widget=SlugManyToManyWidget(Audience, field="slug", separator=" "))
    venues = SheetField(attribute="venues", widget=SlugManyToManyWidget(Venue, field="slug", separator=" "))

    export_select_related = ("category",)
    export_prefetch_related = ("audiences", "venues")

    class Meta:
        model = Service
        import_id_fields = ("slug",)
        fields = (
            "name",
            "slug",
            "category",
            "summary",
            "description",
            "audiences",
            "venues",
            "walk_in",
            "by_appointment",
            "booking_phone",
            "booking_desk",
            "booking_url",
            "self_service",
            "online",
            "conditions",
            "materials",
            "steps",
            "time_limit",
            "visits",
            "is_free",
            "fee",
            "phone",
            "online_url",
            "faq",
            "keywords",
            "status",
            "status_notice",
            "last_checked",
            "is_published",
            "is_featured",
            "sort_order",
        )
        export_order = fields
