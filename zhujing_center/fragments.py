"""Parts of public pages cached until staff change something (or, for parts that follow the clock,
until the minute turns).

A fragment's key holds the code release and the content version (versioning.py), the language, the fragment's name and
what it varies on. An edit anywhere bumps the version, so no fragment outlives an edit; keys of old
versions simply expire. Pages then cost the queries that depend on the request (which service, which
search) plus a cache read or two, instead of rendering every card, drop-down and tile again.

Fragments are stored in the shared cache (Redis: every app server benefits from one render) and in
the worker's own memory (the ``fragments`` cache), which saves the trip to Redis for fragments the
worker has served lately. Only the content version itself is read from Redis on every request.

``FRAGMENT_CACHE_SECONDS = 0`` turns fragment caching off (the tests do, except those about it).
When the cache cannot be reached, fragments are rendered as if it were off: a page never fails
because Redis did.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .versioning import release, version_for

logger = logging.getLogger(__name__)
Item = TypeVar("Item")
Key = TypeVar("Key")


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0


def minute(now: dt.datetime | None = None) -> str:
    """The current minute in the centre's time zone: the vary-on of fragments showing "open now"."""
    return timezone.localtime(now).strftime("%Y%m%d%H%M")


def fragment_key(name: str, version: int, vary: Iterable[object]) -> str:
    text = "\x1f".join(str(part) for part in vary)
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"frag:{release()}:{version}:{get_language()}:{name}:{digest}"


def _version(request: HttpRequest | None) -> int | None:
    try:
        return version_for(request)
    except Exception:  # the shared cache is unreachable: render everything, cache nothing
        logger.warning("fragment cache unavailable", exc_info=True)
        return None


def local():
    return caches["fragments"]


def _lookup(keys: list[str]) -> dict[str, object] | None:
    """What is stored under ``keys``: this worker's copies first, then the shared cache (copied here).
    None when the shared cache is unreachable (callers then render without caching)."""
    found = local().get_many(keys)
    if len(found) < len(keys):
        try:
            shared = cache.get_many([key for key in keys if key not in found])
        except Exception:
            logger.warning("fragment cache unavailable", exc_info=True)
            return None
        local().set_many(shared, settings.FRAGMENT_CACHE_SECONDS)
        found.update(shared)
    return found


def _store(values: dict[str, object]) -> None:
    try:
        cache.set_many(values, settings.FRAGMENT_CACHE_SECONDS)
    except Exception:  # kept in this worker only; the next request tries the shared cache again
        logger.warning("fragment cache unavailable", exc_info=True)
    local().set_many(values, settings.FRAGMENT_CACHE_SECONDS)


def _get_or_make(request: HttpRequest | None, name: str, vary: Iterable[object], make: Callable[[], Item]) -> Item:
    version = _version(request) if enabled() else None
    if version is None:
        return make()
    key = fragment_key(name, version, vary)
    found = _lookup([key])
    if found is None:
        return make()
    if found.get(key) is None:
        found[key] = make()
        if found[key] is not None:  # nothing found (a 404) is not kept
            _store({key: found[key]})
    return found[key]


def cached(request: HttpRequest | None, name: str, vary: Iterable[object], render: Callable[[], str]) -> SafeString:
    """One fragment: from the cache, or rendered by ``render()`` and stored."""
    # Safe: what is stored is only ever the output of our own templates, which escape their input.
    return mark_safe(_get_or_make(request, name, vary, lambda: str(render())))


def cached_value(request: HttpRequest | None, name: str, make: Callable[[], Item], vary: Iterable[object] = ()) -> Item:
    """A small picklable value pages need (the centre's record, the filter options, a page of results),
    made once per content version (and per ``vary``)."""
    return _get_or_make(request, name, vary, make)


# Python objects made once per content version in this worker (see memoized()); never pickled.
_memo: dict[tuple, object] = {}


def memoized(request: HttpRequest | None, name: str, make: Callable[[], Item], vary: Iterable[object] = ()) -> Item:
    """A read-only lookup table (e.g. which rooms each service is in) made once per content version and
    worker, kept as live objects: reading it costs nothing, not even unpickling. Callers must not change it.
    Tables of older versions are dropped when a newer one is made. With caching off (or the shared cache
    unreachable), a table is made once per request instead."""
    version = _version(request) if enabled() else None
    if version is None:
        if request is None:
            return make()
        tables = request.__dict__.setdefault("_memoized_tables", {})
        key = (name, tuple(vary))
        if key not in tables:
            tables[key] = make()
        return tables[key]
    key = (name, version, tuple(vary))
    try:
        return _memo[key]
    except KeyError:
        pass
    value = make()
    for old in [old for old in list(_memo) if old[0] == name and old[1:] != key[1:]]:
        _memo.pop(old, None)
    _memo[key] = value
    return value


def cached_many(
    request: HttpRequest | None,
    name: str,
    items: Sequence[Key],
    vary: Callable[[Key], Iterable[object]],
    make_missing: Callable[[list[Key]], list[Item]],
) -> list[Item]:
    """Many values of one kind (the cards of a list) in one cache round trip.

    ``make_missing`` gets the items whose value was not cached and returns their values in the same
    order, so it can load what they need for all of them at once (a constant number of queries).
    """
    version = _version(request) if enabled() and items else None
    if version is None:
        return make_missing(list(items))
    keys = [fragment_key(name, version, vary(item)) for item in items]
    found = _lookup(keys)
    if found is None:
        return make_missing(list(items))
    missing = [(key, item) for key, item in zip(keys, items, strict=True) if key not in found]
    if missing:
        made = dict(zip((key for key, _ in missing), make_missing([item for _, item in missing]), strict=True))
        _store(made)
        found.update(made)
    return [found[key] for key in keys]
