import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404, QueryDict
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView

from zhujing_center.drafts import visible_entry
from zhujing_center.pagination import ForgivingPaginationMixin

from . import search
from .filters import ServiceFilter
from .models import Category, SearchGram, Service

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
        return Service.objects.published().for_cards()

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
            chips=self.chips(filterset, params),
            ignored=[str(filterset.form.fields[name].label) for name in filterset.errors],
            query_string=params.urlencode(),
        )
        if q and not context["paginator"].count:
            context["nearest"] = nearest_matches(q)
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


def nearest_matches(query: str) -> list[Service]:
    """Services (for their cards) sharing the most characters with a query that matched nothing (a typo, a rare word).

    Chinese characters are counted through the gram table; letters are tried as
    ever shorter prefixes (xueyaa → xueya → xuey …). A bounded number of queries.
    """
    chars = [ch for ch in query if search.is_cjk(ch)]
    if chars:
        ranked = (
            SearchGram.objects.filter(gram__in=set(chars), service__is_published=True)
            .values("service_id")
            .annotate(shared=Count("id"))
            .order_by("-shared", "service_id")[:NEAREST]
        )
        return cards_of([row["service_id"] for row in ranked])
    letters = "".join(query.split())
    for cut in range(1, 4):
        prefix = letters[:-cut]
        if len(prefix) < 2:
            break
        found = list(Service.objects.published().search(prefix).values_list("pk", flat=True)[:NEAREST])
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
