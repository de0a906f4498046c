"""Pagination that never fails on a bad ``page`` parameter."""

from collections.abc import Hashable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import fragments


class ForgivingPaginationMixin:
    """For ListView-style views: ``page=abc`` gives page 1, ``page=99999`` the last page; never 404 or 500."""

    paginate_by = 30

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple[Paginator, Page, list, bool]:
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class CachedResults:
    """A queryset's count and page slices for a Paginator, kept in the fragment cache until the next edit.

    ``key`` names what the queryset depends on besides the content (the filters; the minute for "open
    now"). A repeated search then asks the database nothing; a new one asks the usual two queries.
    """

    def __init__(self, request: HttpRequest, queryset: QuerySet, key: tuple[Hashable, ...]):
        self.request = request
        self.queryset = queryset
        self.key = key

    def count(self) -> int:
        return fragments.cached_value(self.request, "results-count", lambda: self.queryset.count(), vary=self.key)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        """A page's results, read only when used (not at all when the page's body is a cached fragment)."""
        if not isinstance(index, slice):
            raise TypeError("CachedResults is read a page (a slice) at a time")
        vary = (*self.key, index.start, index.stop)
        return SimpleLazyObject(
            lambda: fragments.cached_value(self.request, "results-page", lambda: list(self.queryset[index]), vary=vary)
        )
