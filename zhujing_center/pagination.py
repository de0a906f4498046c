"""Pagination that never fails on a bad ``page`` parameter, and counts with the page's own query."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "paginator_total"
# A larger page number is taken as this one (past the end either way; SQL offsets must fit 64 bits).
LAST_PAGE_ASKED = 1_000_000


class CountingPaginator(Paginator):
    """A paginator over a queryset whose page query also counts the results (``COUNT(*) OVER ()``), so a
    page costs one query instead of a COUNT and a SELECT. ``get_page`` never fails: a page number that is
    not a number gives page 1, one past the end the last page."""

    def get_page(self, number) -> Page:
        try:
            number = min(max(int(number), 1), LAST_PAGE_ASKED)
        except (TypeError, ValueError):
            number = 1
        start = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(**{TOTAL: Window(Count("*"))})[start : start + self.per_page])
        if rows:
            self.__dict__["count"] = getattr(rows[0], TOTAL)
            return self._get_page(rows, number, self)
        if number == 1:
            self.__dict__["count"] = 0
            return self._get_page(rows, number, self)
        try:  # past the end: count, then the last page
            return self.page(self.num_pages)
        except InvalidPage:
            return self.page(1)


class ForgivingPaginationMixin:
    """For ListView-style views: ``page=abc`` gives page 1, ``page=99999`` the last page; never 404 or 500."""

    paginate_by = 30

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple[Paginator, Page, list, bool]:
        paginator = CountingPaginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
