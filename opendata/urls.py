from django.urls import path, re_path

from . import views

app_name = "opendata"

urlpatterns = [
    path("api/hsds/", views.api_root, name="api-root"),
    path("api/hsds/openapi.json", views.openapi, name="openapi"),
    path("api/hsds/services", views.service_list, name="service-list"),
    path("api/hsds/services/<str:hsds_id>", views.service_detail, name="service-detail"),
    path("api/hsds/organizations", views.organization_list, name="organization-list"),
    path("api/hsds/organizations/<str:hsds_id>", views.organization_detail, name="organization-detail"),
    path("api/hsds/locations", views.location_list, name="location-list"),
    path("api/hsds/locations/<str:hsds_id>", views.location_detail, name="location-detail"),
    path("api/hsds/service_at_locations", views.service_at_location_list, name="service-at-location-list"),
    path(
        "api/hsds/service_at_locations/<str:hsds_id>",
        views.service_at_location_detail,
        name="service-at-location-detail",
    ),
    path("api/hsds/taxonomies", views.taxonomy_list, name="taxonomy-list"),
    path("api/hsds/taxonomies/<str:hsds_id>", views.taxonomy_detail, name="taxonomy-detail"),
    path("api/hsds/taxonomy_terms", views.taxonomy_term_list, name="taxonomy-term-list"),
    path("api/hsds/taxonomy_terms/<str:hsds_id>", views.taxonomy_term_detail, name="taxonomy-term-detail"),
    re_path(r"^api/hsds/(?P<rest>.*)$", views.api_not_found, name="api-not-found"),
    path("open-data/", views.index, name="index"),
    path("open-data/catalogue.csv", views.catalogue_csv, name="catalogue-csv"),
    path("open-data/hsds.json", views.hsds_package, name="hsds-package"),
]
