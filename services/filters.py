"""The catalogue's search box and filters: one FilterSet behind /services/ and the category pages."""

from collections.abc import Iterable

import django_filters
from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from venues import hours, tables
from venues.models import Venue, floor_label, open_among
from zhujing_center import fragments

from .models import Audience, Category, Service, ServiceHours, ServiceStatus


class Access(models.TextChoices):
    WALK_IN = "walk-in", _("现场办理")
    APPOINTMENT = "appointment", _("需预约")
    SELF_SERVICE = "self-service", _("自助机")
    ONLINE = "online", _("网上办理")


ACCESS_FIELDS = {
    Access.WALK_IN: "walk_in",
    Access.APPOINTMENT: "by_appointment",
    Access.SELF_SERVICE: "self_service",
    Access.ONLINE: "online",
}


def floor_choices() -> list[tuple[str, str]]:
    floors = Venue.objects.published().exclude(floor=None).order_by().values_list("floor", flat=True).distinct()
    return [(str(floor), floor_label(floor)) for floor in sorted(floors)]


def filter_options() -> dict[str, list[tuple[str, str]]]:
    """Every drop-down's (slug, name) choices: validated against and shown, cached until the next edit."""
    return {
        "category": list(Category.objects.values_list("slug", "name")),
        "audience": list(Audience.objects.values_list("slug", "name")),
        "venue": list(Venue.objects.published().values_list("slug", "name")),
        "floor": floor_choices(),
    }


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("搜索"),
        method="filter_q",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("例如：血压、xueya、xy"),
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )
    # Choices by slug (set in __init__ from filter_options()): no query to check a value or show a chip.
    category = django_filters.ChoiceFilter(
        label=_("类别"), field_name="category__slug", choices=(), empty_label=_("全部类别")
    )
    audience = django_filters.ChoiceFilter(
        label=_("服务对象"), field_name="audiences__slug", choices=(), empty_label=_("所有人")
    )
    venue = django_filters.ChoiceFilter(label=_("场所"), choices=(), method="filter_venue", empty_label=_("全部场所"))
    floor = django_filters.ChoiceFilter(label=_("楼层"), choices=(), method="filter_floor", empty_label=_("全部楼层"))
    access = django_filters.ChoiceFilter(
        label=_("办理方式"), choices=Access.choices, method="filter_access", empty_label=_("不限")
    )
    free = django_filters.BooleanFilter(label=_("只看免费"), method="filter_free", widget=forms.CheckboxInput)
    open = django_filters.BooleanFilter(label=_("现在开放"), method="filter_open", widget=forms.CheckboxInput)

    class Meta:
        model = Service
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Worked out once per edit (a callable would be queried again for validation and for display).
        for name, choices in fragments.memoized(self.request, "filter-options", filter_options).items():
            self.filters[name].extra["choices"] = choices

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_venue(self, queryset, name, value):
        links = Service.venues.through.objects.filter(venue__slug=value, venue__is_published=True)
        return queryset.filter(pk__in=links.values("service_id"))

    def filter_floor(self, queryset, name, value):
        links = Service.venues.through.objects.filter(venue__floor=int(value), venue__is_published=True)
        return queryset.filter(pk__in=links.values("service_id"))

    def filter_access(self, queryset, name, value):
        return queryset.filter(**{ACCESS_FIELDS[value]: True})

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True) if value else queryset

    def filter_open(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(open_services(timezone.now(), tables.published_rooms(self.request).values()))


def open_services(now, rooms: Iterable[Venue] | None = None) -> models.Q:
    """Available services open at ``now``: by their room's hours, or their own within the room's.

    The rooms' open state comes from ``venues.hours`` (a few dozen rooms, worked out
    in Python); a service's own weekly hours are matched in SQL, so the cost does
    not grow with the catalogue. Same rule as ``Service.schedule()`` + ``open_state``:
    a range belongs to the day it opens on and runs past midnight when it closes
    at or before it opens. Tested against the pure function in tests/services/.
    """
    if rooms is None:  # the published rooms with their hours (the catalogue passes its cached table)
        rooms = Venue.objects.published().with_schedule()
    open_rooms = [venue.pk for venue in open_among(rooms, now)]
    local = timezone.localtime(now, hours.CENTRE_TZ)
    today, yesterday, clock = local.weekday(), (local.weekday() - 1) % 7, local.time()
    overnight = models.Q(closes__lte=models.F("opens"))
    in_own_hours = ServiceHours.objects.filter(
        models.Q(weekday=today, opens__lte=clock, closes__gt=clock)
        | (overnight & models.Q(weekday=today, opens__lte=clock))
        | (overnight & models.Q(weekday=yesterday, closes__gt=clock))
    )
    primary_room = Venue.objects.published().filter(services=models.OuterRef("pk")).values("pk")[:1]
    has_own_hours = models.Exists(ServiceHours.objects.filter(service=models.OuterRef("pk")))
    return models.Q(
        models.Q(pk__in=in_own_hours.values("service_id")) | ~has_own_hours,
        status=ServiceStatus.AVAILABLE,
        pk__in=Service.objects.annotate(room=models.Subquery(primary_room)).filter(room__in=open_rooms).values("pk"),
    )
