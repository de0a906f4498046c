"""The kiosk's pages. Every link they render, and every redirect they send, stays inside /kiosk/."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.generic import TemplateView

from activities.models import Activity, Notice
from circle import views as circle_views
from circle.models import Area, AreaKind
from finder import lookup
from heritage.models import HeritageItem
from services.models import Category, Service, Synonym
from venues.models import Venue
from zhujing_center import hours, search
from zhujing_center.pagination import CountingPaginator

from . import letters as letter_pad
from . import paging, panels, qr
from .config import config_for

# Services per page on a category page: two columns of three rows fill a portrait screen (1080×1920)
# without scrolling, so its page buttons are the way on (tests/browser/test_kiosk.py measures it).
PAGE_SIZE = 6
# Results per page under the letter pad, which takes the top half of the screen.
LETTERS_PAGE_SIZE = 6
# Rooms and facilities the letters find (厕所, 饮水 …), above the services on the first page: the best few.
LETTERS_ROOMS_SHOWN = 4
# Activities, notices per page: one screen each.
ACTIVITIES_PAGE_SIZE = 8
NOTICES_PAGE_SIZE = 5
# How far ahead the kiosk's activity list looks: today and the six days after it.
ACTIVITY_DAYS = 7
# Other services of the same category offered at the foot of a service page.
RELATED_SHOWN = 4
# Points shown on an area's screen after those serving it (one more when none serves it); the phone
# page its QR code opens lists them all.
CIRCLE_OTHERS_SHOWN = 3
# The kiosk's map marks are drawn larger (kiosk.css): a wider margin keeps them and the scale bar apart.
KIOSK_MAP_MARGIN = 72
# Coming dates of a heritage item's activities on its page.
HERITAGE_ENTRIES_SHOWN = 5


def kiosk_context(request: HttpRequest, page: str) -> dict:
    """What the kiosk base template needs: timings, the page's name and the time it was rendered.

    The time is whole seconds: ``datetime`` attributes take at most three digits of a second.
    """
    return {
        "kiosk": config_for(request),
        "page": page,
        "rendered_at": timezone.localtime().replace(microsecond=0),
        "kiosk_location": settings.KIOSK_LOCATION,
    }


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
    """The tiles after a touch: the six categories, then today's activities, notices, heritage, floors, letters."""

    template_name = "kiosk/home.html"
    page = "home"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(**kwargs) | {
            "categories": Category.objects.with_service_counts(),
            "open_room_count": len(panels.open_rooms(now)),
            "today_count": len(Activity.objects.published().upcoming(now, days=1)),
            "notice_count": Notice.objects.current(now).count(),
            "heritage_names": list(HeritageItem.objects.published().values_list("name", flat=True)),
        }


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE):
    """The requested page; ``page=abc`` gives the first, ``page=99999`` the last — never an error."""
    return CountingPaginator(queryset, per_page).get_page(request.GET.get("page"))


def paginate_list(request: HttpRequest, items: list, per_page: int):
    """As ``paginate``, over a list already in memory (Django's ``get_page`` forgives bad numbers too)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


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
        # Its rooms' 有人值守时间 too: a number that is its room's is answered while somebody is there.
        services = Service.objects.published().for_detail().prefetch_related("venues__attended_hours")
        service = get_object_or_404(services, slug=self.kwargs["slug"])
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
    """楼层导览: one floor at a time (``?floor=2``), chosen with a row of floor buttons."""

    template_name = "kiosk/venue_list.html"
    page = "venues"

    def get_context_data(self, **kwargs):
        floors: dict[int | None, list[Venue]] = {}
        for venue in Venue.objects.published().with_schedule():
            floors.setdefault(venue.floor, []).append(venue)
        chosen = paging.choose_floor(self.request.GET.get("floor"), list(floors))
        tabs = [
            {"key": paging.floor_key(floor), "label": venues[0].floor_label, "current": floor == chosen}
            for floor, venues in floors.items()
        ]
        return super().get_context_data(**kwargs) | {
            "tabs": tabs,
            "floor_label": floors[chosen][0].floor_label if floors else "",
            "venues": floors.get(chosen, []),
        }


class VenueView(KioskPage):
    template_name = "kiosk/venue.html"
    page = "venue"

    def get_context_data(self, **kwargs):
        services = Service.objects.published().for_cards()
        venues = (
            Venue.objects.published()
            .with_schedule()
            .prefetch_related(
                Prefetch("services", queryset=services, to_attr="public_services"), "attended_hours", "photos"
            )
        )
        venue = get_object_or_404(venues, slug=self.kwargs["slug"])
        today = hours.week_table(venue.schedule(), timezone.localdate())[0]
        return (
            super().get_context_data(**kwargs)
            | qr.handoff(self.request, venue)
            | {"venue": venue, "today_hours": today}
        )


class CircleView(KioskPage):
    """离家最近的服务站: the town's residential areas and villages as big tiles."""

    template_name = "kiosk/circle.html"
    page = "circle"

    def get_context_data(self, **kwargs):
        areas = list(Area.objects.published().only("name", "slug", "kind", "is_sample"))
        return super().get_context_data(**kwargs) | {
            "residential": [area for area in areas if area.kind == AreaKind.RESIDENTIAL],
            "villages": [area for area in areas if area.kind == AreaKind.VILLAGE],
            "has_sample": any(area.is_sample for area in areas),
        }


def kiosk_point_url(point) -> str:
    return reverse("kiosk:circle_point", kwargs={"slug": point.slug})


class CircleAreaView(KioskPage):
    """One area's screen: the points serving it, then the nearest others, and the town map; its QR code
    opens the same list on the phone (``/circle/?area=…``)."""

    template_name = "kiosk/circle_area.html"
    page = "circle-area"

    def get_context_data(self, **kwargs):
        context = circle_views.area_context(
            self.kwargs["slug"], url_of=kiosk_point_url, centre_url=reverse("kiosk:venues")
        )
        if context["area"] is None:
            raise Http404
        area, serving = context["area"], context["serving_entries"]
        others = context["other_entries"][: CIRCLE_OTHERS_SHOWN + max(0, 1 - len(serving))]
        # The map of the points listed alone, drawn around them: big enough to tap, numbered as the list.
        town_map = circle_views.map_of(
            serving + others,
            context["centre"],
            area.latlng,
            area.name,
            kiosk_point_url,
            reverse("kiosk:venues"),
            margin=KIOSK_MAP_MARGIN,
        )
        return (
            super().get_context_data(**kwargs)
            | context
            | qr.handoff_path(self.request, reverse("circle:index") + "?area=" + area.slug)
            | {"other_entries": others, "town_map": town_map}
        )


class CirclePointView(KioskPage):
    """A service point on the kiosk, like a room: open now, today, where, phone, hours and its services."""

    template_name = "kiosk/circle_point.html"
    page = "circle-point"

    def get_context_data(self, **kwargs):
        point = get_object_or_404(circle_views.points_in_full().published(), slug=self.kwargs["slug"])
        now = timezone.now()
        context = circle_views.point_context(point, now)
        # Back to the list of the area it stands in, else of the first it serves.
        back_area = next(
            (area for area in (point.area, *context["served_areas"]) if area is not None and area.is_published), None
        )
        return (
            super().get_context_data(**kwargs)
            | qr.handoff(self.request, point)
            | context
            | {"today_hours": hours.week_table(point.schedule(), timezone.localdate(now))[0], "back_area": back_area}
        )


class ActivityListView(KioskPage):
    """今天的活动: what is on today and the six days after, day by day, one screen a page."""

    template_name = "kiosk/activity_list.html"
    page = "activities"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        entries = Activity.objects.published().upcoming(now, days=ACTIVITY_DAYS)
        page_obj = paginate_list(self.request, entries, ACTIVITIES_PAGE_SIZE)
        today = timezone.localdate(now)
        return super().get_context_data(**kwargs) | {
            "page_obj": page_obj,
            "days": paging.by_day(page_obj.object_list, today),
            "today_count": sum(entry.date == today for entry in entries),
            "page_url": reverse("kiosk:activities"),
        }


class ActivityView(KioskPage):
    template_name = "kiosk/activity.html"
    page = "activity"

    def get_context_data(self, **kwargs):
        activity = get_object_or_404(
            Activity.objects.published().select_related("venue", "point", "heritage"), slug=self.kwargs["slug"]
        )
        coming = activity.coming(timezone.now(), days=35, limit=5)
        return (
            super().get_context_data(**kwargs)
            | qr.handoff(self.request, activity)
            | {
                "activity": activity,
                "coming": coming,
            }
        )


class NoticeListView(KioskPage):
    """通知公告: the notices showing now, the important first."""

    template_name = "kiosk/notice_list.html"
    page = "notices"

    def get_context_data(self, **kwargs):
        notices = Notice.objects.current(timezone.now())
        return super().get_context_data(**kwargs) | {
            "page_obj": paginate(self.request, notices, NOTICES_PAGE_SIZE),
            "page_url": reverse("kiosk:notices"),
        }


class HeritageListView(KioskPage):
    """非遗: the heritage collection shown in the heritage hall, each with its studio."""

    template_name = "kiosk/heritage_list.html"
    page = "heritage"

    def get_context_data(self, **kwargs):
        items = HeritageItem.objects.published().select_related("studio")
        return super().get_context_data(**kwargs) | {"items": list(items)}


class HeritageView(KioskPage):
    template_name = "kiosk/heritage.html"
    page = "heritage-item"

    def get_context_data(self, **kwargs):
        items = HeritageItem.objects.published().select_related("studio").prefetch_related("photos")
        item = get_object_or_404(items, slug=self.kwargs["slug"])
        # Through the reverse relation, as the public page does: activities name their heritage item. Each
        # activity once, with how often it repeats and its next date.
        entries = item.activities.published().listed(timezone.now())[:HERITAGE_ENTRIES_SHOWN]
        return super().get_context_data(**kwargs) | qr.handoff(self.request, item) | {"item": item, "entries": entries}


class LettersView(KioskPage):
    """/kiosk/letters/ and /kiosk/letters/xy/: services whose pinyin initials contain the tapped letters,
    and (on the first page) the rooms and facilities they find, as the site's search does (``finder``):
    "cs" finds 厕所 and, through the staff's synonyms, the rooms listing 卫生间."""

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
            terms = search.parse(letters, Synonym.objects.groups())
            found = Service.objects.published().search(terms).for_result_cards()
            context["terms"] = terms
            context["page_obj"] = page_obj = paginate(self.request, found, LETTERS_PAGE_SIZE)
            if page_obj.number == 1:
                rooms = Venue.objects.published().with_schedule()
                hits = lookup.best_first(lookup.room_hit(room, terms) for room in rooms)
                context["room_hits"] = hits[:LETTERS_ROOMS_SHOWN]
                context["more_rooms"] = max(0, len(hits) - LETTERS_ROOMS_SHOWN)
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
