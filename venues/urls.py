from django.urls import path

from . import views

app_name = "venues"

urlpatterns = [
    path("", views.VenueListView.as_view(), name="list"),
    # Before the rooms' own addresses: "floors" is not a room's 网址名 (Venue.clean refuses it).
    path("floors/", views.floor_directory, name="floors"),
    path("<slug:slug>/", views.VenueDetailView.as_view(), name="detail"),
]
