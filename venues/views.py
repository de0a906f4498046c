from itertools import groupby

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from services.models import Service

from .models import Venue


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
    template_name = "venues/venue_detail.html"
    context_object_name = "venue"

    def get_queryset(self):
        services = Service.objects.published().for_listing()
        return (
            Venue.objects.published()
            .with_schedule()
            .prefetch_related(Prefetch("services", queryset=services, to_attr="public_services"))
        )
