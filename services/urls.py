from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="list"),
    path("category/<slug:slug>/", views.CatalogueView.as_view(), name="category"),
    path("<slug:slug>/", views.ServiceDetailView.as_view(), name="detail"),
]
