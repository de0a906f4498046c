"""Staff (and only staff) can preview an unpublished entry on its public page, marked as a draft.

Only staff whose session has passed the second factor: a password alone (an administrator who has not
set up two-factor yet, or a stolen password of an editor without an app) shows the public pages."""

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest


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


def visible_entry(request: HttpRequest, queryset: QuerySet, slug: str) -> Model:
    """The entry of ``queryset`` with this slug, or 404 — also for a draft the visitor may not preview."""
    entry = queryset.filter(slug=slug).first()
    if entry is None or not (entry.is_published or can_preview(request)):
        raise Http404
    return entry
