"""One search over everything the centre offers: services, rooms and their facilities, the town's service
points and areas (15分钟服务圈), activities, heritage.

``find(query, now)`` is what the site's search page (``/search/``) and the lobby kiosk call. Services keep
their indexed search in the database (``ServiceQuerySet.search``: thousands of them); rooms, activities and
heritage items, the service points and the areas are a few dozen rows each (a few hundred points at most),
read once and matched in Python by the same pure rules
(``zhujing_center.search.rank``): the same spellings, synonyms and tiers — the name first, then keywords
and facilities, then other text, then rare readings of a character.

A constant number of queries, whatever the catalogue's size: the synonym groups; the first services with
their count and their cards' prefetches; the rooms with their hours; the areas; the points with the areas
they serve and their hours; the coming activities with their closures; the heritage items — and, when
nothing is found, a query or two for "您是不是要找".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.agenda import window
from activities.models import Activity
from circle.models import Area, PointKind, ServicePoint
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
# Service points shown on the search page (the rest are on the 15-minute circle's page), and areas offered
# as "离…最近的服务站".
POINTS_SHOWN = 5
AREAS_SHOWN = 3
# What a point is matched on (the points shown are read again whole, with their hours).
POINT_SEARCHED = ("name", "slug", "kind", "area", "address", "summary", "route", "accessibility", "description")

# The kinds of result, in the order they are listed when they match equally well.
KINDS = (
    ("services", _("服务")),
    ("rooms", _("场所和设施")),
    ("points", _("服务站点")),
    ("activities", _("活动")),
    ("heritage", _("非遗")),
)
KIND_LABELS = dict(KINDS)


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
    ``search_rank``) of ``service_count``; the other kinds are every match, best first. ``points_shown`` are
    the first ``POINTS_SHOWN`` of ``points``, read again with their hours for open-now; ``areas`` are the
    areas found (their cards offer the points nearest to them)."""

    terms: Terms
    services: list = field(default_factory=list)
    service_count: int = 0
    rooms: list[Hit] = field(default_factory=list)
    activities: list[Hit] = field(default_factory=list)
    heritage: list[Hit] = field(default_factory=list)
    points: list[Hit] = field(default_factory=list)
    points_shown: list[Hit] = field(default_factory=list)
    areas: list[Hit] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.service_count + len(self.rooms) + len(self.activities) + len(self.heritage) + self.point_count

    @property
    def groups(self) -> list[Group]:
        """The kinds that found something, the best match first (ties in the order of ``KINDS``)."""
        found = {
            "services": (self.service_count, self.services, min((s.search_rank for s in self.services), default=0)),
            "rooms": (len(self.rooms), self.rooms, best(self.rooms)),
            "points": (
                self.point_count,
                self.points_shown,
                best([*self.points, *self.areas]),
            ),
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

    @property
    def point_count(self) -> int:
        """The points found; when none is, the areas found (each is offered with its nearest points)."""
        return len(self.points) or len(self.areas)

    @property
    def areas_shown(self) -> list[tuple[Hit, str]]:
        """The first areas found with what residents call them, for "离临源二村最近的服务站" (each links to the
        circle's page for it: the points serving it, then the nearest)."""
        return [(hit, hit.item.short_name) for hit in self.areas[:AREAS_SHOWN]]

    @property
    def more_points(self) -> int:
        """How many points found are not shown (they are on the circle's page)."""
        return len(self.points) - len(self.points_shown)


def best(hits: Sequence[Hit]) -> int:
    return min((hit.rank for hit in hits), default=0)


def find(query: str, now: dt.datetime, *, services_shown: int = SERVICES_SHOWN) -> Results:
    """Everything published that matches ``query`` (汉字, pinyin or initials, or a synonym), grouped by kind."""
    query = words_only(search.normalize(query))
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
    areas = list(Area.objects.published())
    points = list(ServicePoint.objects.published().only(*POINT_SEARCHED))
    serving = ServicePoint.areas.through.objects.filter(servicepoint__is_published=True)
    links = list(serving.values_list("servicepoint_id", "area_id"))
    coming = [hit for hit in (activity_hit(activity, terms, now) for activity in activities) if hit is not None]
    results = Results(
        terms,
        services=rows,
        service_count=rows[0].found_count if rows else 0,
        rooms=best_first(room_hit(room, terms) for room in rooms),
        activities=best_first(sorted(coming, key=lambda hit: hit.next.starts_at)),
        heritage=best_first(heritage_hit(item, terms) for item in items),
        points=point_hits(points, areas, links, terms),
        areas=best_first(area_hit(area, terms) for area in areas),
    )
    if results.points:
        results.points_shown = with_hours(results.points[:POINTS_SHOWN])
    if not results.count:
        results.suggestions = suggest(query, groups, rooms, activities, items, points, areas)
    return results


def words_only(query: str) -> str:
    """The query's tokens without the punctuation around them (临源二村， → 临源二村, as a phone's input
    method may add it), and without those that are nothing else (。 ， … —— ?): punctuation occurs in nearly
    every sentence, so such a token would list nearly everything; a query of nothing else finds nothing.
    Punctuation inside a token (3.5, 12-1) stays."""
    return " ".join(filter(None, (trimmed(token) for token in query.split())))


def trimmed(token: str) -> str:
    """``token`` from its first to its last letter, digit or 汉字 (empty when it has none)."""
    start, end = 0, len(token)
    while start < end and not token[start].isalnum():
        start += 1
    while end > start and not token[end - 1].isalnum():
        end -= 1
    return token[start:end]


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


@dataclass(frozen=True)
class PointLabels:
    """The labels of a point's fields and its kinds' names, translated once per search (not per point: a few
    hundred points would spend most of their matching in gettext)."""

    kinds: dict[str, str]
    served: str
    estates: str
    route: str
    access: str
    about: str

    @classmethod
    def now(cls) -> PointLabels:
        return cls(
            {value: str(label) for value, label in PointKind.choices},
            str(_("服务范围")),
            str(_("包括小区")),
            str(_("怎么走")),
            str(_("无障碍")),
            str(_("介绍")),
        )


def point_fields(
    point: ServicePoint, serves: Sequence[Area], labels: PointLabels
) -> tuple[list[Field], list[tuple[str, Field]]]:
    """A service point's (shown, hidden) fields: its name, kind, address and summary; the areas it is in and
    serves and their housing estates and village groups (each one field, so the line that matched is the
    one shown), then its route, accessibility notes and description. An area's name counts as a keyword:
    typing 临源二村 finds the points serving it right after the one named so."""
    shown = [
        Field(point.name, Tier.NAME),
        Field(labels.kinds.get(point.kind, point.kind), Tier.TEXT),
        Field(point.address, Tier.TEXT),
        Field(point.summary, Tier.TEXT, spelled=False),
    ]
    hidden = [(labels.served, Field(area.name, Tier.KEYWORD)) for area in serves]
    hidden += [(labels.estates, Field(place, Tier.KEYWORD)) for area in serves for place in area.neighbourhood_list]
    hidden += [
        (labels.route, Field(point.route, Tier.TEXT, spelled=False)),
        (labels.access, Field(point.accessibility, Tier.TEXT, spelled=False)),
        (labels.about, Field(point.description, Tier.TEXT, spelled=False)),
    ]
    return shown, hidden


def served_areas(
    points: Sequence[ServicePoint], areas: Sequence[Area], links: Iterable[tuple[int, int]]
) -> dict[int, list[Area]]:
    """Each point's published areas, the one it is in first, then those it serves: from the areas and the
    (point id, area id) pairs of ``ServicePoint.areas`` read once (not an ``Area`` per pair)."""
    published = {area.pk: area for area in areas}
    ids: dict[int, dict[int | None, None]] = {point.pk: {point.area_id: None} for point in points}
    for point_id, area_id in links:
        ids.setdefault(point_id, {})[area_id] = None
    return {point: [published[pk] for pk in found if pk in published] for point, found in ids.items()}


def point_hit(point: ServicePoint, serves: Sequence[Area], terms: Terms, labels: PointLabels) -> Hit | None:
    shown, hidden = point_fields(point, serves, labels)
    found = search.rank([*shown, *(f for _, f in hidden)], terms)
    if found is None:
        return None
    return Hit(point, found, reasons=tuple(search.reasons(shown, hidden, terms)))


def point_hits(
    points: Sequence[ServicePoint], areas: Sequence[Area], links: Iterable[tuple[int, int]], terms: Terms
) -> list[Hit]:
    """The points matching ``terms``, best first (equal ones in the points' order), by what they are and
    the published areas they are in or serve (``links``: see ``served_areas``)."""
    serves = served_areas(points, areas, links)
    labels = PointLabels.now()
    return best_first(point_hit(point, serves[point.pk], terms, labels) for point in points)


def with_hours(hits: list[Hit]) -> list[Hit]:
    """The hits with their points read again with their hours (``with_schedule``), for open-now: only the
    few shown, not every point matched against."""
    scheduled = ServicePoint.objects.filter(pk__in=[hit.item.pk for hit in hits]).with_schedule().in_bulk()
    return [Hit(scheduled[hit.item.pk], hit.rank, reasons=hit.reasons) for hit in hits if hit.item.pk in scheduled]


def area_fields(area: Area) -> tuple[list[Field], list[tuple[str, Field]]]:
    """An area's (shown, hidden) fields: its name; its committee and its estates and village groups."""
    hidden = [(str(_("居委会/村委会")), Field(area.committee_name, Tier.KEYWORD))]
    hidden += [(str(_("包括小区")), Field(place, Tier.KEYWORD)) for place in area.neighbourhood_list]
    return [Field(area.name, Tier.NAME)], hidden


def area_hit(area: Area, terms: Terms) -> Hit | None:
    shown, hidden = area_fields(area)
    found = search.rank([*shown, *(f for _, f in hidden)], terms)
    if found is None:
        return None
    return Hit(area, found, reasons=tuple(search.reasons(shown, hidden, terms)))


def activity_fields(activity: Activity) -> tuple[list[Field], list[tuple[str, Field]]]:
    """An activity's (shown, hidden) fields: title, summary and room; its heritage item and description."""
    shown = [
        Field(activity.title, Tier.NAME),
        Field(activity.summary, Tier.TEXT, spelled=False),
        Field(activity.place.name if activity.place else "", Tier.TEXT),
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
    query: str,
    groups: Sequence[Sequence[str]],
    rooms: list,
    activities: list,
    items: list,
    points: Sequence[ServicePoint] = (),
    areas: Sequence[Area] = (),
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
            Suggestion(name, reverse("services:detail", kwargs={"slug": slug}), str(KIND_LABELS["services"]))
            for name, slug in services[:SUGGESTIONS]
        ]
        for room in rooms:
            shown, facilities, _hidden = room_fields(room)
            if search.rank([shown[0], *facilities], terms) is not None:
                found.append(Suggestion(room.name, room.get_absolute_url(), str(KIND_LABELS["rooms"])))
        for activity in activities:
            if search.rank(activity_fields(activity)[0][:1], terms) is not None:
                found.append(Suggestion(activity.title, activity.get_absolute_url(), str(KIND_LABELS["activities"])))
        for item in items:
            if search.rank(heritage_fields(item)[0][:1], terms) is not None:
                found.append(Suggestion(item.name, item.get_absolute_url(), str(KIND_LABELS["heritage"])))
        for point in points:
            if search.rank([Field(point.name, Tier.NAME)], terms) is not None:
                found.append(Suggestion(point.name, point.get_absolute_url(), str(KIND_LABELS["points"])))
        for area in areas:
            if search.rank([Field(area.name, Tier.NAME)], terms) is not None:
                found.append(Suggestion(area.name, area.get_absolute_url(), str(KIND_LABELS["points"])))
        found += [
            Suggestion(word, reverse("finder:search") + "?" + urlencode({"q": word}), str(_("搜索")))
            for group in groups
            for word in group
            if spelling in search.spellings(word).full
        ]
        if found:
            return list({suggestion.url: suggestion for suggestion in found}.values())[:SUGGESTIONS]
    return []
