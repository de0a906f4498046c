"""One search over everything the centre offers: services, rooms and their facilities, activities, heritage.

``find(query, now)`` is what the site's search page (``/search/``) and the lobby kiosk call. Services keep
their indexed search in the database (``ServiceQuerySet.search``: thousands of them); rooms, activities and
heritage items are a few dozen rows each, read once and matched in Python by the same pure rules
(``zhujing_center.search.rank``): the same spellings, synonyms and tiers — the name first, then keywords
and facilities, then other text, then rare readings of a character.

A constant number of queries, whatever the catalogue's size: the synonym groups; the first services with
their count and their cards' prefetches; the rooms with their hours; the coming activities with their
closures; the heritage items — and, when nothing is found, a query or two for "您是不是要找".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.agenda import window
from activities.models import Activity
from heritage.models import HeritageItem
from services.models import Service, Synonym
from venues.models import Venue
from zhujing_center import search
from zhujing_center.search import Field, Terms, Tier

# Service cards shown on the search page; the rest are one link away (the catalogue, searched).
SERVICES_SHOWN = 5
# How far ahead an activity must next take place to be found (thirteen weeks).
ACTIVITY_DAYS = 91
# Most "您是不是要找" suggestions, and most other spellings of the query tried for them (a query each).
SUGGESTIONS = 6
RESPELLINGS = 2

# The kinds of result, in the order they are listed when they match equally well.
KINDS = (
    ("services", _("服务")),
    ("rooms", _("场所和设施")),
    ("activities", _("活动")),
    ("heritage", _("非遗")),
)


@dataclass(frozen=True)
class Hit:
    """One room, activity or heritage item found.

    ``rank`` as ``search.rank`` (0: every token in the name); ``lines``: a room's facilities that matched;
    ``reasons``: (label, field) of hidden text that matched (``search.reasons``); ``next``: an activity's
    coming occurrence (running now or next)."""

    item: object
    rank: int
    lines: tuple[Field, ...] = ()
    reasons: tuple[tuple[str, Field], ...] = ()
    next: object = None


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    count: int
    best: int
    hits: Sequence


@dataclass(frozen=True)
class Suggestion:
    """ "您是不是要找": a name the query may have meant, with where it leads."""

    label: str
    url: str
    kind: str


@dataclass
class Results:
    """What ``find`` found: ``services`` are the first ``SERVICES_SHOWN`` (for their cards, best first, with
    ``search_rank``) of ``service_count``; the other kinds are every match, best first."""

    terms: Terms
    services: list = field(default_factory=list)
    service_count: int = 0
    rooms: list[Hit] = field(default_factory=list)
    activities: list[Hit] = field(default_factory=list)
    heritage: list[Hit] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.service_count + len(self.rooms) + len(self.activities) + len(self.heritage)

    @property
    def groups(self) -> list[Group]:
        """The kinds that found something, the best match first (ties in the order of ``KINDS``)."""
        found = {
            "services": (self.service_count, self.services, min((s.search_rank for s in self.services), default=0)),
            "rooms": (len(self.rooms), self.rooms, best(self.rooms)),
            "activities": (len(self.activities), self.activities, best(self.activities)),
            "heritage": (len(self.heritage), self.heritage, best(self.heritage)),
        }
        groups = [
            Group(key, str(label), found[key][0], found[key][2], found[key][1]) for key, label in KINDS if found[key][0]
        ]
        return sorted(groups, key=lambda group: group.best)

    @property
    def catalogue_url(self) -> str:
        """Every service found, in the catalogue (with its filters)."""
        return reverse("services:list") + "?" + urlencode({"q": self.terms.query})


def best(hits: Sequence[Hit]) -> int:
    return min((hit.rank for hit in hits), default=0)


def find(query: str, now: dt.datetime, *, services_shown: int = SERVICES_SHOWN) -> Results:
    """Everything published that matches ``query`` (汉字, pinyin or initials, or a synonym), grouped by kind."""
    terms = search.parse(query)
    if not terms:
        return Results(terms)
    groups = Synonym.objects.groups()
    terms = search.parse(query, groups)
    rows = list(
        Service.objects.published()
        .for_result_cards()
        .search(terms)
        .annotate(found_count=Window(Count("*")))[:services_shown]
    )
    start, end = window(now, ACTIVITY_DAYS)
    rooms = list(Venue.objects.published().with_schedule())
    activities = list(Activity.objects.published().for_listing(start, end))
    items = list(HeritageItem.objects.published().select_related("studio"))
    coming = [hit for hit in (activity_hit(activity, terms, now) for activity in activities) if hit is not None]
    results = Results(
        terms,
        services=rows,
        service_count=rows[0].found_count if rows else 0,
        rooms=best_first(room_hit(room, terms) for room in rooms),
        activities=best_first(sorted(coming, key=lambda hit: hit.next.starts_at)),
        heritage=best_first(heritage_hit(item, terms) for item in items),
    )
    if not results.count:
        results.suggestions = suggest(query, groups, rooms, activities, items)
    return results


def best_first(hits) -> list[Hit]:
    """The hits found, best first; equal ones keep their order (the rooms', the activities' next dates)."""
    return sorted((hit for hit in hits if hit is not None), key=lambda hit: hit.rank)


def room_fields(room: Venue) -> tuple[list[Field], list[Field], list[tuple[str, Field]]]:
    """A room's (shown, facility, hidden) fields: its name, floor, location and summary; each facility line;
    its kind, accessibility notes and description."""
    shown = [
        Field(room.name, Tier.NAME),
        Field(room.floor_label, Tier.TEXT),
        Field(room.location, Tier.TEXT),
        Field(room.summary, Tier.TEXT, spelled=False),
    ]
    facilities = [Field(line, Tier.KEYWORD) for line in room.facility_list]
    hidden = [
        (str(_("类型")), Field(room.get_kind_display(), Tier.TEXT)),
        (str(_("无障碍")), Field(room.accessibility, Tier.TEXT, spelled=False)),
        (str(_("介绍")), Field(room.description, Tier.TEXT, spelled=False)),
    ]
    return shown, facilities, hidden


def room_hit(room: Venue, terms: Terms) -> Hit | None:
    shown, facilities, hidden = room_fields(room)
    found = search.rank([*shown, *facilities, *(f for _, f in hidden)], terms)
    if found is None:
        return None
    lines = tuple(line for line in facilities if search.matches(line, terms))
    return Hit(room, found, lines=lines, reasons=tuple(search.reasons([*shown, *lines], hidden, terms)))


def activity_fields(activity: Activity) -> tuple[list[Field], list[tuple[str, Field]]]:
    """An activity's (shown, hidden) fields: title, summary and room; its heritage item and description."""
    shown = [
        Field(activity.title, Tier.NAME),
        Field(activity.summary, Tier.TEXT, spelled=False),
        Field(activity.venue.name, Tier.TEXT),
    ]
    hidden = [(str(_("活动介绍")), Field(activity.description, Tier.TEXT, spelled=False))]
    if activity.heritage is not None and activity.heritage.is_published:
        hidden.insert(0, (str(_("非遗项目")), Field(activity.heritage.name, Tier.TEXT)))
    return shown, hidden


def activity_hit(activity: Activity, terms: Terms, now: dt.datetime) -> Hit | None:
    shown, hidden = activity_fields(activity)
    found = search.rank([*shown, *(f for _, f in hidden)], terms)
    if found is None:
        return None
    coming = activity.coming(now, ACTIVITY_DAYS, 1)
    if not coming:  # over, or nothing within thirteen weeks
        return None
    return Hit(activity, found, reasons=tuple(search.reasons(shown, hidden, terms)), next=coming[0])


def heritage_fields(item: HeritageItem) -> tuple[list[Field], list[tuple[str, Field]]]:
    """A heritage item's (shown, hidden) fields: name, summary and studio; its description."""
    shown = [Field(item.name, Tier.NAME), Field(item.summary, Tier.TEXT, spelled=False)]
    if item.studio is not None and item.studio.is_published:
        shown.append(Field(item.studio.name, Tier.TEXT))
    return shown, [(str(_("介绍")), Field(item.description, Tier.TEXT, spelled=False))]


def heritage_hit(item: HeritageItem, terms: Terms) -> Hit | None:
    shown, hidden = heritage_fields(item)
    found = search.rank([*shown, *(f for _, f in hidden)], terms)
    if found is None:
        return None
    return Hit(item, found, reasons=tuple(search.reasons(shown, hidden, terms)))


def suggest(
    query: str, groups: Sequence[Sequence[str]], rooms: list, activities: list, items: list
) -> list[Suggestion]:
    """ "您是不是要找" for a query that found nothing: what it finds spelt another way (``search.respellings``:
    a homophone, a word typed with a letter too many) in names, keywords and facilities of every kind, and
    the synonym words it sounds like. Nothing found that way, nothing is suggested: a name that merely
    shares a character with the query is no answer."""
    for spelling in search.respellings(query)[:RESPELLINGS]:
        terms = search.parse(spelling, groups)
        services = (
            Service.objects.published().search(terms).filter(search_rank__lte=Tier.KEYWORD).values_list("name", "slug")
        )
        found = [
            Suggestion(name, reverse("services:detail", kwargs={"slug": slug}), str(KINDS[0][1]))
            for name, slug in services[:SUGGESTIONS]
        ]
        for room in rooms:
            shown, facilities, _hidden = room_fields(room)
            if search.rank([shown[0], *facilities], terms) is not None:
                found.append(Suggestion(room.name, room.get_absolute_url(), str(KINDS[1][1])))
        for activity in activities:
            if search.rank(activity_fields(activity)[0][:1], terms) is not None:
                found.append(Suggestion(activity.title, activity.get_absolute_url(), str(KINDS[2][1])))
        for item in items:
            if search.rank(heritage_fields(item)[0][:1], terms) is not None:
                found.append(Suggestion(item.name, item.get_absolute_url(), str(KINDS[3][1])))
        found += [
            Suggestion(word, reverse("finder:search") + "?" + urlencode({"q": word}), str(_("搜索")))
            for group in groups
            for word in group
            if spelling in search.spellings(word).full
        ]
        if found:
            return list({suggestion.url: suggestion for suggestion in found}.values())[:SUGGESTIONS]
    return []
