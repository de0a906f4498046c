from django.urls import path, re_path

from . import views

app_name = "kiosk"

urlpatterns = [
    path("", views.AttractLoopView.as_view(), name="loop"),
    path("home/", views.HomeView.as_view(), name="home"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("services/<slug:slug>/", views.ServiceView.as_view(), name="service"),
    path("venues/", views.VenueListView.as_view(), name="venues"),
    path("venues/<slug:slug>/", views.VenueView.as_view(), name="venue"),
    path("circle/", views.CircleView.as_view(), name="circle"),
    path("circle/points/<slug:slug>/", views.CirclePointView.as_view(), name="circle_point"),
    path("circle/<slug:slug>/", views.CircleAreaView.as_view(), name="circle_area"),
    path("activities/", views.ActivityListView.as_view(), name="activities"),
    path("activities/<slug:slug>/", views.ActivityView.as_view(), name="activity"),
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("heritage/", views.HeritageListView.as_view(), name="heritage"),
    path("heritage/<slug:slug>/", views.HeritageView.as_view(), name="heritage_item"),
    path("letters/", views.LettersView.as_view(), name="letters"),
    path("letters/<str:letters>/", views.LettersView.as_view(), name="letters"),
    path("sw.js", views.service_worker, name="service_worker"),
    # Anything else ending in a slash gets the kiosk's own 404 (APPEND_SLASH sends the rest here).
    re_path(r"^.*/$", views.not_found, name="not_found"),
]
