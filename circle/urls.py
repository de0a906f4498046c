from django.urls import path

from . import views

app_name = "circle"

urlpatterns = [
    path("", views.circle, name="index"),
    path("map.svg", views.town_map, name="map"),
    path("<slug:slug>/", views.point_detail, name="point"),
]
