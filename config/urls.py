"""The site's addresses: each app's own under its prefix, the front pages, the admin and the error pages."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.static import serve
from two_factor.urls import urlpatterns as two_factor_urls

from portal import views
from portal.sitemaps import SITEMAPS, robots_txt
from zhujing_center import display, health

admin.site.site_header = _("朱泾镇社区党群服务中心 · 内容管理")
admin.site.site_title = _("泾彩服务管理")
admin.site.index_title = _("服务目录、场所与活动")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.live, name="live"),
    path("services/", include("services.urls")),
    path("venues/", include("venues.urls")),
    path("kiosk/", include("kiosk.urls")),
    path("activities/", include("activities.urls")),
    path("heritage/", include("heritage.urls")),
    path("circle/", include("circle.urls")),
    path("search/", include("finder.urls")),
    path("about/", views.about, name="about"),
    path("display/large/", display.switch, {"mode": display.LARGE}, name="display-large"),
    path("display/standard/", display.switch, {"mode": display.STANDARD}, name="display-standard"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    # Browsers ask for /favicon.ico by themselves (error pages, downloads); pages name icons/favicon.svg. The same
    # design as an .ico (16, 32, 48 px, drawn once with Pillow), kept for a year: it changes hardly ever.
    path(
        "favicon.ico",
        cache_control(public=True, max_age=365 * 24 * 60 * 60)(serve),
        {"path": "favicon.ico", "document_root": settings.BASE_DIR / "static" / "icons"},
        name="favicon",
    ),
    path("feedback/", include("feedback.urls")),
    path("", include("opendata.urls")),
    # Login (password, then the one-time code), two-factor setup and backup codes: <ADMIN_URL>account/…
    path(settings.ADMIN_URL, include(two_factor_urls)),
    path(settings.ADMIN_URL, admin.site.urls),
]

# Chinese error pages that never read the request's body and never fail themselves (errors.py).
handler400 = "zhujing_center.errors.bad_request"
handler403 = "zhujing_center.errors.permission_denied"
handler404 = "zhujing_center.errors.page_not_found"
handler500 = "zhujing_center.errors.server_error"
