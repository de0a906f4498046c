from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView
from django_filters.views import FilterView

from zhujing_center import fragments
from zhujing_center.drafts import visible_entry
from zhujing_center.pagination import ForgivingPaginationMixin

from . import ranking, search
from .cards import cards, group_by_category
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
        # Filtered, then asked only for ids (ranking.py); the cards load what they show (cards.py).
        return Service.objects.published()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        if "q" in data:
            data["q"] = search.normalize(data["q"])
        # The categories with their counts, kept until the next edit: the tiles, and the page's own category.
        self.categories = fragments.memoized(
            self.request, "categories", lambda: list(Category.objects.with_service_counts())
        )
        self.category = None
        if "slug" in self.kwargs:
            self.category = next((c for c in self.categories if c.slug == self.kwargs["slug"]), None)
            if self.category is None:
                raise Http404
            data["category"] = self.category.slug
        kwargs["data"] = data or None
        return kwargs

    def get(self, request, *args, **kwargs):
        """FilterView.get, with the filtered queryset built only when its results are not cached."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.is_bound:
            self.filterset.is_valid()  # invalid values are dropped and reported (strict = False)
        self.object_list = SimpleLazyObject(lambda: self.filterset.qs)
        return self.render_to_response(self.get_context_data(filter=self.filterset, object_list=self.object_list))

    def get_template_names(self):
        return [self.template_name]  # (the mixin's would build the lazy queryset to look at its model)

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        """Pages of the results' ids in order (ranking.py), kept in the cache per search until the next edit."""
        key = results_key(self.filterset)
        open_at = timezone.now() if self.filterset.is_bound and self.filterset.form.cleaned_data.get("open") else None
        ids = fragments.cached_value(
            self.request,
            "results",
            lambda: ranking.ranked_ids(self.request, queryset if key else None, open_at),
            vary=key,
        )
        return super().get_paginator(ids, per_page, orphans, allow_empty_first_page, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        params = self.request.GET.copy()
        params.pop("page", None)
        q = filterset.form.cleaned_data.get("q", "") if filterset.is_bound else ""
        selects = self.selects(filterset)
        page_cards = SimpleLazyObject(lambda: cards(self.request, context["object_list"], q))
        context.update(
            # Lazy: the page's body is one fragment (service_list.html); cards are made only when it is rendered.
            cards=page_cards,
            groups=SimpleLazyObject(lambda: group_by_category(page_cards, self.categories)),
            categories=self.categories,
            selects=selects,
            # What the filter drop-downs and boxes show (the search words aside): their fragment's key.
            filter_state=[select.current for select in selects]
            + [filterset.form["free"].value(), filterset.form["open"].value()],
            category=self.category,
            q=q,
            chips=self.chips(filterset, params),
            ignored=[str(filterset.form.fields[name].label) for name in filterset.errors],
            query_string=params.urlencode(),
        )
        if q and not context["paginator"].count:
            context["nearest"] = SimpleLazyObject(lambda: cards(self.request, nearest_matches(q)))
        return context

    def selects(self, filterset) -> list[Select]:
        """The filter form's drop-downs, from the filters' own (cached) choices."""
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


def results_key(filterset) -> tuple:
    """What a list of results depends on besides the content version: the valid filters, and the
    minute when "open now" is one of them."""
    if not filterset.is_bound:
        return ()
    data = filterset.form.cleaned_data
    key = tuple(sorted((name, str(value)) for name, value in data.items() if value not in (None, "", False)))
    return (*key, fragments.minute()) if data.get("open") else key


def nearest_matches(query: str) -> list[int]:
    """Ids of services sharing the most characters with a query that matched nothing (a typo, a rare word).

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
        return [row["service_id"] for row in ranked]
    letters = "".join(query.split())
    for cut in range(1, 4):
        prefix = letters[:-cut]
        if len(prefix) < 2:
            break
        found = list(Service.objects.published().search(prefix).values_list("pk", flat=True)[:NEAREST])
        if found:
            return found
    return []


class ServiceDetailView(DetailView):
    """A service's page. Only the head's few fields are queried here; the guide itself is a fragment,
    and ``full`` (the service with its rooms, hours and audiences) is loaded only when it is rendered."""

    template_name = "services/service_detail.html"
    context_object_name = "service"

    def get_object(self, queryset=None):
        return visible_entry(
            self.request,
            "service-head",
            self.kwargs["slug"],
            lambda slug: Service.objects.select_related("category").only(*HEAD_FIELDS).filter(slug=slug).first(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = self.object
        context["full"] = SimpleLazyObject(lambda: Service.objects.for_detail().get(pk=service.pk))
        context["related"] = SimpleLazyObject(
            lambda: list(
                Service.objects.published()
                .filter(category_id=service.category_id)
                .exclude(pk=service.pk)
                .only("name", "slug", "summary")[:5]
            )
        )
        return context


# What the page's head and the fragment's key need (service_detail.html, outside the fragments).
HEAD_FIELDS = ("id", "slug", "name", "summary", "is_published", "category")
