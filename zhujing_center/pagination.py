"""Pagination that never fails on a bad ``page`` parameter."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class ForgivingPaginationMixin:
    """For ListView-style views: ``page=abc`` gives page 1, ``page=99999`` the last page; never 404 or 500."""

    paginate_by = 30

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple[Paginator, Page, list, bool]:
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
