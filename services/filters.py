"""The catalogue's search box and filters: one FilterSet behind /services/ and the category pages."""

import django_filters
from django import forms
from django.db import models
from django.db.models import Value, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from venues.models import Venue, floor_label
from zhujing_center import search

from .models import Audience, Category, Service, Synonym


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


def in_order(model) -> Window:
    """Each row's place in ``model``'s own order (its ``Meta.ordering``), as a column."""
    return Window(RowNumber(), order_by=model._meta.ordering)


def filter_options(categories) -> tuple[dict[str, list[tuple[str, str]]], list[tuple[str, ...]]]:
    """Every drop-down's (value, label) choices, validated against and shown: the page's categories, and
    the rooms (with their floors) and audiences — and, for the search box, the synonym groups — in one query."""
    no_floor = Value(None, output_field=models.IntegerField())
    rooms = Venue.objects.published().values_list(Value("venue"), "slug", "name", "floor", in_order(Venue))
    audiences = Audience.objects.values_list(Value("audience"), "slug", "name", no_floor, in_order(Audience))
    synonyms = Synonym.objects.values_list(Value("synonym"), Value(""), "words", no_floor, in_order(Synonym))
    rows = sorted(
        rooms.order_by().union(audiences.order_by(), synonyms.order_by(), all=True), key=lambda row: (row[0], row[4])
    )
    floors = sorted({floor for kind, _, _, floor, _ in rows if kind == "venue" and floor is not None})
    choices = {
        "category": [(category.slug, category.name) for category in categories],
        "audience": [(slug, name) for kind, slug, name, _, _ in rows if kind == "audience"],
        "venue": [(slug, name) for kind, slug, name, _, _ in rows if kind == "venue"],
        "floor": [(str(floor), floor_label(floor)) for floor in floors],
    }
    return choices, [search.synonym_words(words) for kind, _, words, _, _ in rows if kind == "synonym"]


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

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Worked out once per page (a callable would be queried again for validation and for display).
        if categories is None:
            categories = Category.objects.all()
        options, self.synonyms = filter_options(categories)
        for name, choices in options.items():
            self.filters[name].extra["choices"] = choices
        self.terms = search.parse("")

    def filter_q(self, queryset, name, value):
        """Matching services, best first (``ServiceQuerySet.search``); the parsed query is kept for the cards'
        highlights."""
        self.terms = search.parse(value, self.synonyms)
        return queryset.search(self.terms)

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
        """Services open now, by the rule their cards' badges follow (``ServiceQuerySet.open_at``)."""
        return queryset.open_at(timezone.now()) if value else queryset
