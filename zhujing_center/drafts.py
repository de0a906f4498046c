"""Staff (and only staff) can preview an unpublished entry on its public page, marked as a draft."""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from . import fragments


def can_preview(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_staff)


def visible(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """``queryset.published()`` for the public; every entry for signed-in staff (drafts included)."""
    return queryset if can_preview(request) else queryset.published()


def visible_entry(request: HttpRequest, name: str, slug: str, load: Callable[[str], Model | None]) -> Model:
    """The entry ``load(slug)`` finds (cached until the next edit), or 404 — also for a draft the visitor
    may not preview. For detail pages, whose bodies are fragments: a repeat visit asks the database nothing."""
    entry = fragments.cached_value(request, name, lambda: load(slug), vary=(slug,))
    if entry is None or not (entry.is_published or can_preview(request)):
        raise Http404
    return entry
