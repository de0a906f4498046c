from import_export import fields

from venues.models import Venue
from zhujing_center.spreadsheets import ChineseHeadersResource, SlugForeignKeyWidget, SlugManyToManyWidget

from .models import Audience, Category, Service


class ServiceResource(ChineseHeadersResource):
    """Services in a spreadsheet; rows are matched on 网址名 (slug), rooms and audiences by their slugs."""

    category = fields.Field(
        attribute="category", column_name="category", widget=SlugForeignKeyWidget(Category, field="slug")
    )
    audiences = fields.Field(
        attribute="audiences",
        column_name="audiences",
        widget=SlugManyToManyWidget(Audience, field="slug", separator=" "),
    )
    venues = fields.Field(
        attribute="venues", column_name="venues", widget=SlugManyToManyWidget(Venue, field="slug", separator=" ")
    )

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
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
