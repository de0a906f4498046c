from dataclasses import dataclass
from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import DetailView, ListView

from zhujing_center.drafts import visible_entry
from zhujing_center.pagination import CountingPaginator
from zhujing_center.text import floor_label

from . import floorplan, status
from .models import Floor, Venue, VenueKind

# Service cards on a room's page; the rest are a link away (the catalogue filtered by the room).
ROOM_CARDS = 12


class VenueListView(ListView):
    template_name = "venues/venue_list.html"
    context_object_name = "venues"

    def get_queryset(self):
        return Venue.objects.published().with_schedule()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["floors"] = [
            (venues[0].floor_label, venues)
            for venues in (list(group) for _, group in groupby(context["venues"], key=lambda venue: venue.floor))
        ]
        return context


class VenueDetailView(DetailView):
    """A room's page: its hours, photos, the services offered there, coming activities and heritage items."""

    template_name = "venues/venue_detail.html"
    context_object_name = "venue"

    def get_object(self, queryset=None):
        rooms = Venue.objects.with_schedule().prefetch_related("photos", "attended_hours")
        return visible_entry(self.request, rooms, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        venue = self.object
        now = timezone.now()
        # Through the rooms' reverse relations: what other apps hold about the room, without importing them.
        shown = CountingPaginator(venue.services.published().for_cards(), ROOM_CARDS).get_page(1)
        context["services"], context["service_count"] = shown.object_list, shown.paginator.count
        context["entries"] = venue.activities.published().listed(now, days=14)[:8]
        context["heritage_items"] = venue.heritage_items.filter(is_published=True)
        context["is_heritage_hall"] = venue.kind == VenueKind.EXHIBITION
        attended = venue.attended_schedule() if venue.is_attended_part_time else None
        context["room_now"] = status.room_now(venue.schedule(), now, attended)
        context["on_floor_plan"] = venue.is_published and venue.plan_box is not None
        return context


@dataclass(frozen=True)
class FloorSection:
    """One floor of 楼层导览: its rooms in order (numbered as on the diagram) and the diagram."""

    anchor: str
    label: str
    summary: str
    rooms: list[tuple[int, Venue]]
    plan: floorplan.Plan | None


def floor_sections(venues: list[Venue], floors: dict[int, Floor], highlighted: str = "") -> list[FloorSection]:
    """Every floor with rooms or marks, in order, then the rooms of no known floor (without a diagram)."""
    sections = []
    by_floor = {number: list(group) for number, group in groupby(venues, key=lambda venue: venue.floor)}
    numbers = sorted({number for number in by_floor if number is not None} | set(floors))
    for number in numbers:
        rooms = list(enumerate(by_floor.get(number, []), 1))
        floor = floors.get(number)
        marks = [
            floorplan.PlanMark(mark.kind, mark.name, mark.plan_box)
            for mark in (floor.marks.all() if floor else ())
            if mark.plan_box is not None
        ]
        plan_rooms = [
            floorplan.PlanRoom(
                index, venue.name, venue.get_absolute_url(), venue.plan_box, venue.kind, venue.slug == highlighted
            )
            for index, venue in rooms
        ]
        plan = floorplan.draw(plan_rooms, marks)
        sections.append(
            FloorSection(
                f"floor-{number}",
                floor_label(number),
                floor.summary if floor else "",
                rooms,
                None if plan.is_empty else plan,
            )
        )
    if None in by_floor:
        sections.append(FloorSection("floor-other", "", "", list(enumerate(by_floor[None], 1)), None))
    return sections


def floor_directory(request: HttpRequest) -> HttpResponse:
    """楼层导览: each floor's rooms in order with a diagram; ``?room=<slug>`` marks one room on it."""
    venues = list(Venue.objects.published().for_floor_plans())
    floors = {floor.number: floor for floor in Floor.objects.prefetch_related("marks")}
    wanted = request.GET.get("room", "")
    found = next((venue for venue in venues if venue.slug == wanted), None)
    return render(
        request,
        "venues/floor_list.html",
        {"sections": floor_sections(venues, floors, found.slug if found else ""), "found": found},
    )
