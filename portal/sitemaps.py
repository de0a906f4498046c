"""/sitemap.xml (every public page and no draft: each section uses its model's ``published()``)
and /robots.txt."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from activities.models import Activity
from circle.models import ServicePoint
from heritage.models import HeritageItem
from services.models import Category, Service
from venues.models import Venue


class ListPageSitemap(Sitemap):
    """The home page and the list pages."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "services:list",
            "venues:list",
            "venues:floors",
            "activities:list",
            "heritage:collection",
            "circle:index",
            "about",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    def priority(self, item: str) -> float:
        return 1.0 if item == "home" else 0.8


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Category.objects.order_by("sort_order", "pk")


class ServiceSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.9

    def items(self):
        return Service.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, service: Service):
        return service.updated_at


class VenueSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Venue.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, venue: Venue):
        return venue.updated_at


class ActivitySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Activity.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, activity: Activity):
        return activity.updated_at


class HeritageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return HeritageItem.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: HeritageItem):
        return item.updated_at


class ServicePointSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return ServicePoint.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, point: ServicePoint):
        return point.updated_at


SITEMAPS = {
    "pages": ListPageSitemap,
    "categories": CategorySitemap,
    "services": ServiceSitemap,
    "venues": VenueSitemap,
    "activities": ActivitySitemap,
    "heritage": HeritageSitemap,
    "points": ServicePointSitemap,
}


# Not for search engines: the staff admin (at its default address; a custom ADMIN_URL is kept out
# of this public file on purpose, since naming it would tell everybody where it is), the lobby
# kiosk (a copy of the public pages for the touch screen), the feedback forms and the 长辈模式 switch.
ROBOTS_DISALLOW = ("/admin/", "/kiosk/", "/feedback/", "/display/")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
