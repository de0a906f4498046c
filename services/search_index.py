"""Keeps each service's search text and grams in step with what it is matched on.

The text depends on the service's own name, keywords, summary and description,
on its category's name and on its rooms' names, so it is rebuilt when any of
those is saved (see ``services/signals.py``) and by ``manage.py rebuild_search_index``.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from . import search
from .models import SearchGram, Service

BATCH = 500

# While set, saves do not refresh search text one by one (see ``deferred``).
_deferred: ContextVar[bool] = ContextVar("search_refresh_deferred", default=False)


@contextmanager
def deferred() -> Iterator[None]:
    """Skip per-save refreshes inside the block and rebuild everything once at its end (bulk loads)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    refresh()


def refresh_soon(service_ids: Iterable[int]) -> None:
    """Refresh now, unless inside ``deferred()`` (which refreshes everything at its end)."""
    if not _deferred.get():
        refresh(service_ids)


def refresh(service_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search text of the given services (all when None); returns how many."""
    services = Service.objects.select_related("category").prefetch_related("venues").order_by("pk")
    if service_ids is not None:
        services = services.filter(pk__in=list(service_ids))
    count = 0
    with transaction.atomic():
        for batch in _batches(services.iterator(chunk_size=BATCH), BATCH):
            for service in batch:
                service.search_primary, service.search_secondary = search.search_fields(
                    name=service.name,
                    keywords=service.keywords,
                    summary=service.summary,
                    description=service.description,
                    category=service.category.name,
                    venues=[venue.name for venue in service.venues.all()],
                )
            Service.objects.bulk_update(batch, ["search_primary", "search_secondary"])
            ids = [service.pk for service in batch]
            SearchGram.objects.filter(service_id__in=ids).delete()
            SearchGram.objects.bulk_create(
                (
                    SearchGram(service_id=service.pk, gram=gram)
                    for service in batch
                    for gram in sorted(search.grams(service.search_primary + service.search_secondary))
                ),
                batch_size=5000,
            )
            count += len(batch)
    return count


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
