from itertools import groupby

from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from activities import agenda
from activities.models import Activity
from services import ranking
from services.cards import cards
from zhujing_center.drafts import visible_entry

from .models import Venue, VenueKind


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
    """A room's page. Its body and head tags are fragments; ``full`` (the room with its hours, photos and
    services) and the coming activities are loaded only when those are rendered."""

    template_name = "venues/venue_detail.html"
    context_object_name = "venue"

    def get_object(self, queryset=None):
        return visible_entry(
            self.request, "venue-head", self.kwargs["slug"], lambda slug: Venue.objects.filter(slug=slug).first()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        venue = self.object
        now = timezone.now()
        context["full"] = SimpleLazyObject(
            lambda: Venue.objects.with_schedule().prefetch_related("photos").get(pk=venue.pk)
        )
        context["service_cards"] = SimpleLazyObject(
            lambda: cards(self.request, ranking.in_room(self.request, venue.pk))
        )
        context["entries"] = SimpleLazyObject(
            lambda: agenda.upcoming(Activity.objects.published().filter(venue=venue), now, days=14)[:8]
        )
        context["heritage_items"] = SimpleLazyObject(lambda: list(venue.heritage_items.filter(is_published=True)))
        context["is_heritage_hall"] = venue.kind == VenueKind.EXHIBITION
        return context
