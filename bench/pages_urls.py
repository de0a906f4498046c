"""The site's URLs plus bench/pages.py's plain-Django reference page (ROOT_URLCONF while that benchmark runs)."""

from importlib import import_module

from django.conf import settings
from django.urls import include, path

from bench.pages import REFERENCE_PATH, ReferenceView

# The site's own root URLconf, kept by bench/pages.py before it points ROOT_URLCONF here.
site = import_module(getattr(settings, "BENCH_SITE_URLCONF", "config.urls"))

urlpatterns = [
    path(REFERENCE_PATH.strip("/") + "/", ReferenceView.as_view(), name="bench-reference"),
    path("", include(site)),
]

handler400 = getattr(site, "handler400", None)
handler403 = getattr(site, "handler403", None)
handler404 = getattr(site, "handler404", None)
handler500 = getattr(site, "handler500", None)
