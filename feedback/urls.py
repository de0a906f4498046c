from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("service/<slug:slug>/", views.feedback_form, {"about": "service"}, name="service"),
    path("service/<slug:slug>/thanks/", views.thanks, {"about": "service"}, name="service_thanks"),
    path("venue/<slug:slug>/", views.feedback_form, {"about": "venue"}, name="venue"),
    path("venue/<slug:slug>/thanks/", views.thanks, {"about": "venue"}, name="venue_thanks"),
]
