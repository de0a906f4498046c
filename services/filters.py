"""The catalogue's search box and filters: one FilterSet behind /services/ and the category pages."""

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from venues.models import Venue, floor_label
from zhujing_center import fragments

from .models import Audience, Category, Service, ServiceStatus


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
        """Services not suspended; which of them are open now is worked out from their hours with the
        results (ranking.ranked_ids, ``open_at``), by the rule their cards' badges follow."""
        return queryset.filter(status=ServiceStatus.AVAILABLE) if value else queryset
