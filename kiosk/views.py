"""The kiosk's pages. Every link they render, and every redirect they send, stays inside /kiosk/."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.generic import TemplateView

from activities.models import Activity
from services.models import Category, Service
from venues.models import Venue
from zhujing_center.pagination import CountingPaginator

from . import letters as letter_pad
from . import panels, qr
from .config import config_for

# Services per page on the category and letter pages: two columns that fit a portrait screen.
PAGE_SIZE = 12
# Other services of the same category offered at the foot of a service page.
RELATED_SHOWN = 4


def kiosk_context(request: HttpRequest, page: str) -> dict:
    """What the kiosk base template needs: timings, the page's name and the time it was rendered."""
    return {"kiosk": config_for(request), "page": page, "rendered_at": timezone.now()}


class KioskPage(TemplateView):
    """A kiosk page: fresh on every request (the service worker keeps copies), 404s stay in the kiosk."""

    page = ""

    def dispatch(self, request, *args, **kwargs):
        try:
            response = super().dispatch(request, *args, **kwargs)
        except Http404:
            response = not_found(request)
        add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | kiosk_context(self.request, self.page)


class AttractLoopView(KioskPage):
    template_name = "kiosk/loop.html"
    page = "loop"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | panels.attract_context(timezone.now())


class HomeView(KioskPage):
    template_name = "kiosk/home.html"
    page = "home"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "categories": Category.objects.with_service_counts(),
            "open_room_count": len(panels.open_rooms(timezone.now())),
        }


def paginate(request: HttpRequest, queryset):
    """The requested page; ``page=abc`` gives the first, ``page=99999`` the last — never an error."""
    return CountingPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


class CategoryView(KioskPage):
    template_name = "kiosk/category.html"
    page = "category"

    def get_context_data(self, **kwargs):
        categories = list(Category.objects.with_service_counts())
        category = next((c for c in categories if c.slug == self.kwargs["slug"]), None)
        if category is None:
            raise Http404
        services = Service.objects.published().filter(category=category).for_cards()
        return super().get_context_data(**kwargs) | {
            "categories": categories,
            "category": category,
            "page_obj": paginate(self.request, services),
            "page_url": reverse("kiosk:category", kwargs={"slug": category.slug}),
        }


class ServiceView(KioskPage):
    template_name = "kiosk/service.html"
    page = "service"

    def get_context_data(self, **kwargs):
        service = get_object_or_404(Service.objects.published().for_detail(), slug=self.kwargs["slug"])
        related = (
            Service.objects.published()
            .filter(category_id=service.category_id)
            .exclude(pk=service.pk)
            .only("name", "slug", "summary")[:RELATED_SHOWN]
        )
        return (
            super().get_context_data(**kwargs)
            | qr.handoff(self.request, service)
            | {
                "service": service,
                "related": related,
            }
        )


class VenueListView(KioskPage):
    template_name = "kiosk/venue_list.html"
    page = "venues"

    def get_context_data(self, **kwargs):
        floors: dict[int | None, list[Venue]] = {}
        for venue in Venue.objects.published().with_schedule():
            floors.setdefault(venue.floor, []).append(venue)
        return super().get_context_data(**kwargs) | {
            "floors": [(venues[0].floor_label, venues) for venues in floors.values()]
        }


class VenueView(KioskPage):
    template_name = "kiosk/venue.html"
    page = "venue"

    def get_context_data(self, **kwargs):
        services = Service.objects.published().for_cards()
        venues = (
            Venue.objects.published()
            .with_schedule()
            .prefetch_related(Prefetch("services", queryset=services, to_attr="public_services"))
        )
        venue = get_object_or_404(venues, slug=self.kwargs["slug"])
        return super().get_context_data(**kwargs) | qr.handoff(self.request, venue) | {"venue": venue}


class ActivityView(KioskPage):
    template_name = "kiosk/activity.html"
    page = "activity"

    def get_context_data(self, **kwargs):
        activity = get_object_or_404(Activity.objects.published().select_related("venue"), slug=self.kwargs["slug"])
        coming = activity.coming(timezone.now(), days=35, limit=5)
        return (
            super().get_context_data(**kwargs)
            | qr.handoff(self.request, activity)
            | {
                "activity": activity,
                "coming": coming,
            }
        )


class LettersView(KioskPage):
    """/kiosk/letters/ and /kiosk/letters/xy/: services whose pinyin initials contain the tapped letters."""

    template_name = "kiosk/letters.html"
    page = "letters"

    def get(self, request, *args, **kwargs):
        typed = kwargs.get("letters", "")
        letters = letter_pad.normalize(typed)
        if letters != typed:  # "XY", "x1y", "血压": show the clean form (or the empty pad)
            return redirect(letter_pad.letters_url(letters))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        letters = kwargs.get("letters", "")
        context = {
            "letters": letters,
            "keys": letter_pad.pad(letters),
            "back_url": letter_pad.letters_url(letters[:-1]) if letters else None,
            "clear_url": letter_pad.letters_url(""),
            "page_url": letter_pad.letters_url(letters),
            "page_obj": None,
        }
        if letters:
            found = Service.objects.published().search(letters).for_cards()
            context["page_obj"] = paginate(self.request, found)
        return super().get_context_data(**kwargs) | context


def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """A 404 that looks like the kiosk and leads back into it (never to the public site)."""
    response = render(request, "kiosk/404.html", kiosk_context(request, "not-found"), status=404)
    add_never_cache_headers(response)
    return response


def service_worker(request: HttpRequest) -> HttpResponse:
    """static/kiosk/sw.js, served from /kiosk/ so that its scope covers every kiosk page.

    A first line hands it the URLs it needs; its version changes whenever the worker
    or the kiosk's own assets change, so a new deployment replaces the old caches.
    """
    scope = reverse("kiosk:loop")
    sources = [Path(finders.find(name)).read_bytes() for name in ("kiosk/sw.js", "kiosk/kiosk.js", "kiosk/kiosk.css")]
    config = {
        "version": hashlib.sha256(b"\0".join(sources)).hexdigest()[:12],
        "scope": scope,
        "pages": [scope, reverse("kiosk:home")],
        "fallback": reverse("kiosk:home"),
        "assets": [static("kiosk/kiosk.css"), static("kiosk/kiosk.js"), static("icons/favicon.svg")],
        "staticPrefix": settings.STATIC_URL,
    }
    body = f"self.KIOSK_SW = {json.dumps(config)};\n".encode() + sources[0]
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = scope
    patch_cache_control(response, no_cache=True, max_age=0)
    return response
