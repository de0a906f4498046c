"""Keeps each service's search text and grams in step with what it is matched on.

The text depends on the service's own name, keywords, summary and description,
on its category's name and on its rooms' names, so it is rebuilt when any of
those is saved (see ``services/signals.py``) and by ``manage.py rebuild_search_index``.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from zhujing_center.search import grams

from . import search
from .models import SEARCH_COLUMNS, SearchGram, Service

BATCH = 500

# While set, saves do not refresh search text one by one (see ``deferred``).
_deferred: ContextVar[bool] = ContextVar("search_refresh_deferred", default=False)
# While set, saves add the services to refresh to this set instead (see ``collected``).
_collected: ContextVar[set | None] = ContextVar("search_refresh_collected", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Skip per-save refreshes inside the block and rebuild everything once at its end (bulk loads)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    refresh()


@contextmanager
def collected() -> Iterator[None]:
    """Refresh each service that saves inside the block touch once, at the block's end, in batches
    (a spreadsheet import: thousands of saves). Nothing is refreshed if the block fails."""
    service_ids: set[int] = set()
    token = _collected.set(service_ids)
    try:
        yield
    finally:
        _collected.reset(token)
    if service_ids:
        refresh(service_ids)


def refresh_soon(service_ids: Iterable[int]) -> None:
    """Refresh now, unless inside ``deferred()`` (which refreshes everything at its end) or
    ``collected()`` (which refreshes these at its end)."""
    if _deferred.get():
        return
    collecting = _collected.get()
    if collecting is not None:
        collecting.update(service_ids)
        return
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
                text = search.search_fields(
                    name=service.name,
                    keywords=service.keywords,
                    summary=service.summary,
                    description=service.description,
                    category=service.category.name,
                    venues=[venue.name for venue in service.venues.all()],
                )
                service.search_name, service.search_primary = text.name, text.primary
                service.search_secondary, service.search_rare = text.secondary, text.rare
            Service.objects.bulk_update(batch, SEARCH_COLUMNS)
            _store_grams(batch)
            count += len(batch)
    return count


def _store_grams(services: list[Service]) -> None:
    """Make the stored grams of ``services`` those of their search text, writing only the difference
    (an edit changes a few of a service's hundreds of grams; each deleted row costs a signal)."""
    stored: dict[int, dict[str, int]] = {service.pk: {} for service in services}
    stale: list[int] = []
    rows = SearchGram.objects.filter(service_id__in=list(stored)).values_list("pk", "service_id", "gram")
    for pk, service_id, gram in rows:
        if gram in stored[service_id]:
            stale.append(pk)  # a repeat
        else:
            stored[service_id][gram] = pk
    fresh = []
    for service in services:
        wanted = grams(service.search_primary + service.search_secondary + service.search_rare)
        have = stored[service.pk]
        stale.extend(pk for gram, pk in have.items() if gram not in wanted)
        fresh.extend(SearchGram(service_id=service.pk, gram=gram) for gram in sorted(wanted - have.keys()))
    for pks in _batches(stale, BATCH):
        SearchGram.objects.filter(pk__in=pks).delete()
    SearchGram.objects.bulk_create(fresh, batch_size=5000)


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
