from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("朱泾镇社区党群服务中心 · 内容管理")
admin.site.site_title = _("泾彩服务管理")
admin.site.index_title = _("服务目录、场所与活动")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("services/", include("services.urls")),
    path("venues/", include("venues.urls")),
    path("activities/", include("activities.urls")),
    path("heritage/", include("heritage.urls")),
    path("about/", views.about, name="about"),
    path("admin/", admin.site.urls),
]
