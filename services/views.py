import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import Http404, QueryDict
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView

from zhujing_center import search
from zhujing_center.drafts import visible_entry
from zhujing_center.pagination import ForgivingPaginationMixin

from .filters import ServiceFilter
from .models import Category, Service

# How many near matches to offer when a search finds nothing.
NEAREST = 5


@dataclass(frozen=True)
class Chip:
    """One active filter, shown as a removable chip."""

    label: str
    value: str
    remove_url: str


@dataclass(frozen=True)
class Select:
    """One drop-down of the filter form."""

    name: str
    label: str
    empty_label: str
    choices: list[tuple[str, str]]
    current: str


class CatalogueView(ForgivingPaginationMixin, FilterView):
    """/services/ and /services/category/<slug>/: one page, one form, every filter in the URL."""

    filterset_class = ServiceFilter
    template_name = "services/service_list.html"
    context_object_name = "services"
    paginate_by = 20
    strict = False  # an unknown filter value is dropped (and reported), not an empty page

    def get_queryset(self):
        services = Service.objects.published()
        # A search's cards say why each matched (keywords, rooms, category, description: for_result_cards).
        return services.for_result_cards() if search.normalize(self.request.GET.get("q", "")) else services.for_cards()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        if "q" in data:
            data["q"] = search.normalize(data["q"])
        # The categories with their counts: the tiles, the drop-down's choices and the page's own category.
        self.categories = list(Category.objects.with_service_counts())
        kwargs["categories"] = self.categories
        self.category = None
        if "slug" in self.kwargs:
            self.category = next((c for c in self.categories if c.slug == self.kwargs["slug"]), None)
            if self.category is None:
                raise Http404
            data["category"] = self.category.slug
        kwargs["data"] = data or None
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        params = self.request.GET.copy()
        params.pop("page", None)
        q = filterset.form.cleaned_data.get("q", "") if filterset.is_bound else ""
        context.update(
            groups=group_by_category(context["services"], self.categories),
            categories=self.categories,
            selects=self.selects(filterset),
            category=self.category,
            q=q,
            terms=filterset.terms,
            chips=self.chips(filterset, params),
            ignored=[str(filterset.form.fields[name].label) for name in filterset.errors],
            query_string=params.urlencode(),
        )
        if q and not context["paginator"].count:
            context["nearest"] = nearest_matches(q, filterset.synonyms)
        return context

    def selects(self, filterset) -> list[Select]:
        """The filter form's drop-downs, from the filters' own choices (filters.filter_options)."""
        data = filterset.data if filterset.is_bound else {}
        return [
            Select(
                name,
                str(filterset.filters[name].label),
                str(filterset.filters[name].extra["empty_label"]),
                list(filterset.filters[name].extra["choices"]),
                str(data.get(name, "")),
            )
            for name in ("category", "audience", "venue", "floor", "access")
        ]

    def chips(self, filterset, params: QueryDict) -> list[Chip]:
        if not filterset.is_bound:
            return []
        chips = []
        for name, value in filterset.form.cleaned_data.items():
            if value in (None, "", False):
                continue
            field = filterset.form.fields[name]
            if name == "category" and self.category is not None:
                rest = params.copy()
                remove_url = reverse("services:list") + (f"?{rest.urlencode()}" if rest else "")
            else:
                rest = params.copy()
                rest.pop(name, None)
                remove_url = self.request.path + (f"?{rest.urlencode()}" if rest else "")
            shown = "" if value is True else dict(getattr(field, "choices", ())).get(value, value)
            chips.append(Chip(str(field.label), str(shown), remove_url))
        return chips


def group_by_category(services: Sequence[Service], categories: Sequence[Category]) -> list[tuple[Category, list]]:
    """Consecutive services of one category under it (the catalogue's order keeps a category together)."""
    by_id = {category.pk: category for category in categories}
    return [
        (by_id[category_id], list(group))
        for category_id, group in itertools.groupby(services, key=lambda service: service.category_id)
        if category_id in by_id
    ]


def nearest_matches(query: str, synonyms=()) -> list[Service]:
    """Services (for their cards) a query that matched nothing may have meant: the query spelt another way
    (``search.respellings``: 血亚 → xueya finds 血压; xueyaa → xueya) found in a service's name or keywords.
    Nothing found that way, nothing is offered: a service sharing only a character or two with the query
    (厕所 → 党员组织关系转接) is no answer. One query per spelling tried, at most three.
    """
    for spelling in search.respellings(query)[:3]:
        terms = search.parse(spelling, synonyms)
        found = list(
            Service.objects.published()
            .search(terms)
            .filter(search_rank__lte=search.Tier.KEYWORD)
            .values_list("pk", flat=True)[:NEAREST]
        )
        if found:
            return cards_of(found)
    return []


def cards_of(ids: Sequence[int]) -> list[Service]:
    """The published services ``ids``, loaded for their cards, in that order."""
    found = Service.objects.published().for_cards().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class ServiceDetailView(DetailView):
    """A service's page: the guide, with its rooms, hours, audiences and related services."""

    template_name = "services/service_detail.html"
    context_object_name = "service"

    def get_object(self, queryset=None):
        return visible_entry(self.request, Service.objects.for_detail(), self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = self.object
        context["related"] = (
            Service.objects.published()
            .filter(category_id=service.category_id)
            .exclude(pk=service.pk)
            .only("name", "slug", "summary")[:5]
        )
        return context
