"""Staff (and only staff) can preview an unpublished entry on its public page, marked as a draft."""

from django.db.models import QuerySet
from django.http import HttpRequest


def can_preview(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_staff)


def visible(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """``queryset.published()`` for the public; every entry for signed-in staff (drafts included)."""
    return queryset if can_preview(request) else queryset.published()
