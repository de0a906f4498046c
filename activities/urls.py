from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("feed.ics", views.activity_feed, name="feed"),
    path("at/<slug:slug>.ics", views.point_feed, name="point_feed"),
    path("<slug:slug>/", views.activity_detail, name="detail"),
    path("<slug:slug>.ics", views.activity_ics, name="ics"),
]
