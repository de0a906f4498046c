from itertools import groupby

from django.utils import timezone
from django.views.generic import DetailView, ListView

from zhujing_center.drafts import visible_entry
from zhujing_center.pagination import CountingPaginator

from .models import Venue, VenueKind

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
        rooms = Venue.objects.with_schedule().prefetch_related("photos")
        return visible_entry(self.request, rooms, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        venue = self.object
        now = timezone.now()
        # Through the rooms' reverse relations: what other apps hold about the room, without importing them.
        shown = CountingPaginator(venue.services.published().for_cards(), ROOM_CARDS).get_page(1)
        context["services"], context["service_count"] = shown.object_list, shown.paginator.count
        context["entries"] = venue.activities.published().upcoming(now, days=14)[:8]
        context["heritage_items"] = venue.heritage_items.filter(is_published=True)
        context["is_heritage_hall"] = venue.kind == VenueKind.EXHIBITION
        return context
