from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "朱泾镇社区党群服务中心 · 内容管理"
admin.site.site_title = "泾彩服务管理"
admin.site.index_title = "服务目录与场所"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("services/", include("services.urls")),
    path("venues/", include("venues.urls")),
    path("admin/", admin.site.urls),
]
