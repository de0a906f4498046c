"""Staff (and only staff) can preview an unpublished entry on its public page, marked as a draft.

Only staff whose session has passed the second factor: a password alone (an administrator who has not
set up two-factor yet, or a stolen password of an editor without an app) shows the public pages."""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from . import fragments


def can_preview(request: HttpRequest) -> bool:
    return may_preview(getattr(request, "user", None))


def may_preview(user) -> bool:
    """Active staff signed in with their one-time code (django_otp's ``is_verified()``, added by its middleware)."""
    if user is None or not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def visible(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """``queryset.published()`` for the public; every entry for verified staff (drafts included)."""
    return queryset if can_preview(request) else queryset.published()


def visible_entry(request: HttpRequest, name: str, slug: str, load: Callable[[str], Model | None]) -> Model:
    """The entry ``load(slug)`` finds (cached until the next edit), or 404 — also for a draft the visitor
    may not preview. For detail pages, whose bodies are fragments: a repeat visit asks the database nothing."""
    entry = fragments.cached_value(request, name, lambda: load(slug), vary=(slug,))
    if entry is None or not (entry.is_published or can_preview(request)):
        raise Http404
    return entry
