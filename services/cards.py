"""Service cards of list pages (the catalogue, the home page, a room's page).

A card is rendered from its template once per service and edit, with three slots left open: the
name and the summary, which a search highlights, and the "open now" badge, which follows the clock.
That rendered *base* is cached by service; a page fills the slots of its cards' bases, which takes
microseconds, so a new search or a new minute renders no template per card.

Bases not cached are rendered for all of a page's missing services at once: one query for the
services; their rooms (with their hours) and own hours come from placements.py's tables, made once
per edit in each worker. Whatever the page size, a page's cards cost at most one query.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from django.http import HttpRequest
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from venues import badges
from zhujing_center import fragments

from .models import Category, Service
from .placements import Placements
from .templatetags.search_tags import highlight

TEMPLATE = "includes/service_card.html"
CARD_FIELDS = ("name", "slug", "summary", "category", "status", "is_free")

# A slot in a rendered base is its name between NUL characters, which staff's text cannot hold (forms
# refuse NUL and PostgreSQL cannot store it); only the three names are slots whatever the text holds.
SLOT_NAMES = ("title", "summary", "badge")
SLOTS = {name: mark_safe(f"\x00{name}\x00") for name in SLOT_NAMES}
_SLOT = re.compile("\x00({})\x00".format("|".join(SLOT_NAMES)))


class Base(NamedTuple):
    """A card rendered with its slots open: ``pieces`` alternates HTML and slot names (odd positions)."""

    pieces: tuple[str, ...]
    name: str
    summary: str
    category_id: int


class Card(NamedTuple):
    service_id: int
    category_id: int
    html: SafeString


def split_slots(html: str) -> tuple[str, ...]:
    return tuple(_SLOT.split(html))


def fill_slots(pieces: Sequence[str], values: dict[str, str]) -> str:
    """The HTML of ``pieces`` with each slot replaced by its (already escaped) value."""
    return "".join(values[piece] if odd else piece for odd, piece in zip(itertools.cycle((False, True)), pieces))


def cards(request: HttpRequest | None, ids: Sequence[int], q: str = "") -> list[Card]:
    """The cards of the services ``ids``, in that order, their name and summary highlighted for ``q``."""
    ids = list(ids)
    if not ids:
        return []
    where = Placements(request)
    bases = fragments.cached_many(
        request, "service-card", ids, lambda pk: (pk,), lambda missing: render_bases(missing, where)
    )
    now = timezone.now()
    badges_by_schedule: dict[int, str] = {}  # services in one room share its hours' object, and its badge
    found = []
    for pk, base in zip(ids, bases, strict=True):
        if base is None:  # deleted while this page was being made
            continue
        values = {"title": highlight(base.name, q), "summary": highlight(base.summary, q)}
        if "badge" in base.pieces[1::2]:
            schedule = where(pk).schedule
            if id(schedule) not in badges_by_schedule:
                badges_by_schedule[id(schedule)] = badges.open_badge(schedule, now)
            values["badge"] = badges_by_schedule[id(schedule)]
        # Safe: the pieces come from the template, the values are escaped by highlight() and format_html().
        found.append(Card(pk, base.category_id, mark_safe(fill_slots(base.pieces, values))))
    return found


def render_bases(ids: list[int], where: Placements) -> list[Base | None]:
    template = get_template(TEMPLATE)
    # Only what the template reads (a test fails if it reads more), unordered: 0.8 ms instead of 2.2 ms.
    services = {service.pk: service for service in Service.objects.only(*CARD_FIELDS).filter(pk__in=ids).order_by()}
    attach_rooms(None, list(services.values()), where)
    return [
        Base(
            split_slots(template.render({"service": service, "slots": SLOTS})),
            service.name,
            service.summary,
            service.category_id,
        )
        if service
        else None
        for service in (services.get(pk) for pk in ids)
    ]


def group_by_category(found: Sequence[Card], categories: Sequence[Category]) -> list[tuple[Category, list[Card]]]:
    """Consecutive cards of one category under it (the catalogue's order keeps a category's cards together)."""
    by_id = {category.pk: category for category in categories}
    return [
        (by_id[category_id], list(group))
        for category_id, group in itertools.groupby(found, key=lambda card: card.category_id)
        if category_id in by_id
    ]


def attach_rooms(request: HttpRequest | None, services: list[Service], where: Placements | None = None) -> None:
    """Give each service its published rooms in their order (``listed_venues``, read by ``primary_venue``)
    and its own hours (``listed_own_hours``, read by ``schedule()``), from tables kept per edit."""
    where = where or Placements(request)
    for service in services:
        service.listed_venues, service.listed_own_hours, _ = where(service.pk)
