from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from circle.models import ServicePoint
from services.models import Audience
from venues.models import Venue
from zhujing_center.drafts import visible

from . import agenda, calendar
from .models import Activity

# How far ahead an activity's page lists its dates.
COMING_DAYS = 70


def activity_list(request: HttpRequest) -> HttpResponse:
    """/activities/: each activity once — what is on today, the weekly ones, the others — by audience and room."""
    now = timezone.now()
    start, end = agenda.window(now)
    activities = Activity.objects.published().for_listing(start, end)
    audiences = list(Audience.objects.all())
    venues = list(Venue.objects.published().filter(activities__isnull=False).distinct().order_by("floor", "sort_order"))
    chosen, ignored = {}, []
    for name, options, field in (("audience", audiences, "audiences"), ("venue", venues, "venue")):
        value = request.GET.get(name, "")
        if not value:
            continue
        match = next((option for option in options if option.slug == value), None)
        if match is None:
            ignored.append(_("适合人群") if name == "audience" else _("场所"))
            continue
        chosen[name] = match
        activities = activities.filter(**{field: match})
    # Each activity once, at its next occurrence: a weekly class is one entry, not one card a week.
    sections = agenda.listing_sections(agenda.listings(activities, start, end, now), now)
    return render(
        request,
        "activities/activity_list.html",
        {
            "sections": sections,
            "has_listings": any(section.entries for section in sections),
            "audiences": audiences,
            "venues": venues,
            "chosen": chosen,
            "ignored": ignored,
        },
    )


def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    start, end = agenda.window(now, COMING_DAYS)
    activities = Activity.objects.select_related("venue", "point", "heritage").with_closures(start, end)
    activity = get_object_or_404(visible(request, activities), slug=slug)
    coming = activity.coming(now, days=COMING_DAYS, limit=8)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "coming": coming,
            "listing": activity.listing(now, days=COMING_DAYS),
            "audiences": activity.audiences.all(),
        },
    )


def activity_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """One activity (with its repeats) as an iCalendar file for the phone's calendar."""
    activity = get_object_or_404(Activity.objects.published().select_related("venue", "point"), slug=slug)
    return calendar.response([activity], request, filename=f"{activity.slug}.ics")


def coming_in_a_year(activities) -> list[Activity]:
    """Of ``activities`` (a queryset), those with an occurrence from now to a year ahead."""
    now = timezone.now()
    start, end = agenda.window(now, days=366)
    return [activity for activity in activities.for_listing(start, end) if activity.occurrences(now, end)]


def activity_feed(request: HttpRequest) -> HttpResponse:
    """Every coming activity as one iCalendar feed to subscribe to."""
    activities = coming_in_a_year(Activity.objects.published())
    return calendar.response(activities, request, filename="zhujing-activities.ics")


def point_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The coming activities held at one of the town's service points, as an iCalendar feed."""
    point = get_object_or_404(ServicePoint.objects.published(), slug=slug)
    activities = coming_in_a_year(Activity.objects.published().filter(point=point))
    return calendar.response(activities, request, filename=f"{point.slug}-activities.ics")
