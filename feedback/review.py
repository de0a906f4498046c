"""Content that stays true: which services and rooms are due for a check, and marking one checked.

An entry is due when staff have never checked it, last checked it ``REVIEW_AFTER`` or longer ago,
or residents have open feedback about it. Only published entries: drafts are not in front of
residents. Resolving feedback does not change ``last_checked``; checking does (``mark_checked``).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from services.models import Service
from venues.models import Venue

from .models import Feedback

REVIEW_AFTER = dt.timedelta(days=180)
# The models that carry ``last_checked``, by the name of their foreign key on Feedback.
CHECKED_MODELS: dict[str, type[models.Model]] = {"service": Service, "venue": Venue}


@dataclass(frozen=True)
class DueEntry:
    """One row of the review list."""

    about: str  # "service" or "venue"
    obj: Service | Venue
    open_feedback: int
    days_since_check: int | None  # None: never checked

    @property
    def never_checked(self) -> bool:
        return self.days_since_check is None


def due(about: str, today: dt.date) -> models.QuerySet:
    """Published entries of one kind that are due, annotated with ``open_feedback`` (a count)."""
    model = CHECKED_MODELS[about]
    open_count = (
        Feedback.objects.open()
        .filter(**{about: models.OuterRef("pk")})
        .order_by()
        .values(about)
        .annotate(n=models.Count("*"))
        .values("n")
    )
    return (
        model.objects.published()
        .annotate(open_feedback=Coalesce(models.Subquery(open_count), 0))
        .filter(
            models.Q(last_checked__isnull=True)
            | models.Q(last_checked__lte=today - REVIEW_AFTER)
            | models.Q(open_feedback__gt=0)
        )
    )


def due_entries(today: dt.date | None = None) -> list[DueEntry]:
    """Services and rooms due for a check: never checked first, then the longest ago. Two queries."""
    today = today or timezone.localdate()
    rows = []
    for about in CHECKED_MODELS:
        for obj in due(about, today).only("pk", "name", "slug", "last_checked", "is_published"):
            days = (today - obj.last_checked).days if obj.last_checked else None
            rows.append(DueEntry(about, obj, obj.open_feedback, days))
    rows.sort(key=lambda row: (row.obj.last_checked is not None, row.obj.last_checked or today, row.obj.name))
    return rows


def due_count(today: dt.date | None = None) -> int:
    """How many services and rooms are due, in one query."""
    today = today or timezone.localdate()
    services, venues = (due(about, today).order_by().values("pk") for about in CHECKED_MODELS)
    return services.union(venues, all=True).count()
