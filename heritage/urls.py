from django.urls import path

from . import views

app_name = "heritage"

urlpatterns = [
    path("", views.collection, name="collection"),
    path("<slug:slug>/", views.item_detail, name="detail"),
]
