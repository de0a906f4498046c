"""What the open data reads from the database: one named query per listing, each prefetching all it needs.

Every queryset starts from ``published()``: drafts never leave the building. Each function makes a
fixed number of queries whatever the catalogue's size (``tests/opendata/test_queries.py``).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import CharField, Count, F, Max, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast

from circle.models import (
    Area,
    PointAttendedHours,
    PointOpeningHours,
    PointService,
    PointSpecialDay,
    ServicePoint,
)
from services.models import SEARCH_COLUMNS, Audience, Category, Service
from venues.models import SpecialDay, Venue
from zhujing_center.hours import CENTRE_TZ
from zhujing_center.models import Centre

from . import organizations

# Bump when the mapping changes what a response contains, so caches and ETags move on.
FORMAT_VERSION = "2"

# Never needed by the open data: search text and the FAQ.
UNUSED_SERVICE_FIELDS = (*SEARCH_COLUMNS, "faq", "keywords")

# The catalogue's own orders, made total with the primary key so pages never overlap.
SERVICE_ORDER = ("category__sort_order", "sort_order", "name", "pk")
VENUE_ORDER = ("floor", "sort_order", "name", "pk")
POINT_ORDER = ("sort_order", "name", "pk")
AREA_ORDER = ("kind", "sort_order", "name", "pk")


def _order(fields: tuple[str, ...], prefix: str = "") -> list:
    """Order by ``fields`` (under ``prefix``), rooms without a floor last as on the site."""
    return [F(prefix + field).asc(nulls_last=True) if field == "floor" else prefix + field for field in fields]


def venues(today: dt.date) -> QuerySet[Venue]:
    """Published rooms with their weekly hours and special days from ``today`` on (as ``upcoming_days``)."""
    return (
        Venue.objects.published()
        .order_by(*_order(VENUE_ORDER))
        .prefetch_related("opening_hours", Prefetch("special_days", queryset=_upcoming(today), to_attr="upcoming_days"))
    )


def _upcoming(today: dt.date) -> QuerySet[SpecialDay]:
    return SpecialDay.objects.filter(date__gte=today).order_by("date")


def services(today: dt.date) -> QuerySet[Service]:
    """Published services with their category, audiences, own hours and published rooms (with hours)."""
    return (
        Service.objects.published()
        .defer(*UNUSED_SERVICE_FIELDS)
        .select_related("category")
        .prefetch_related(Prefetch("venues", queryset=venues(today)), "audiences", "own_hours")
        .order_by(*_order(SERVICE_ORDER))
    )


def points(today: dt.date) -> QuerySet[ServicePoint]:
    """Published service points with their area, the published areas they serve, weekly hours,
    有人值守时间 and special days from ``today`` on (as ``upcoming_days``)."""
    return (
        ServicePoint.objects.published()
        .select_related("area")
        .order_by(*POINT_ORDER)
        .prefetch_related(
            "opening_hours",
            "attended_hours",
            Prefetch("special_days", queryset=_upcoming_points(today), to_attr="upcoming_days"),
            Prefetch("areas", queryset=areas()),
        )
    )


def _upcoming_points(today: dt.date) -> QuerySet[PointSpecialDay]:
    return PointSpecialDay.objects.filter(date__gte=today).order_by("date")


def areas() -> QuerySet[Area]:
    """Published areas (居民区 and 行政村), in the site's order."""
    return Area.objects.published().order_by(*AREA_ORDER)


def point_offers() -> QuerySet[PointService]:
    """Each published service offered at a published point: the points' service_at_location rows."""
    offers = PointService.objects.filter(
        service__in=Service.objects.published(), point__in=ServicePoint.objects.published()
    )
    return offers.order_by(*_order(SERVICE_ORDER, "service__"), *_order(POINT_ORDER, "point__"))


def offer_uuids() -> QuerySet:
    """(offer pk, service uuid, point uuid) of every published offer: to find one by its derived id."""
    return point_offers().values_list("pk", "service__uuid", "point__uuid")


def offers_with_objects(offers: QuerySet, today: dt.date) -> QuerySet[PointService]:
    """``offers`` with their service (category, rooms) and point (as ``points`` loads it)."""
    return offers.select_related("service__category", "point__area").prefetch_related(
        Prefetch("service__venues", queryset=venues(today)), *_point_prefetches("point__", today)
    )


def _point_prefetches(prefix: str, today: dt.date) -> list:
    return [
        prefix + "opening_hours",
        prefix + "attended_hours",
        Prefetch(prefix + "special_days", queryset=_upcoming_points(today), to_attr="upcoming_days"),
        Prefetch(prefix + "areas", queryset=areas()),
    ]


def with_offers(rows: QuerySet[Service], today: dt.date) -> QuerySet[Service]:
    """``rows`` with the published points offering each (as ``published_offers``, each with its point loaded)."""
    offers = (
        PointService.objects.filter(point__in=ServicePoint.objects.published())
        .select_related("point__area")
        .order_by(*_order(POINT_ORDER, "point__"))
        .prefetch_related(*_point_prefetches("point__", today))
    )
    return rows.prefetch_related(Prefetch("point_offers", queryset=offers, to_attr="published_offers"))


def full_services(today: dt.date) -> QuerySet[Service]:
    """``services`` with their offers at published points: what ``hsds.service_full`` embeds."""
    return with_offers(services(today), today)


def committee_areas() -> QuerySet[Area]:
    """The published areas whose committees are organizations (every published area has one)."""
    return areas().only("uuid", "name", "kind", "committee")


def term_users() -> QuerySet[Service]:
    """Published services with just their category and audiences: which taxonomy terms are in use."""
    return (
        Service.objects.published()
        .only("pk", "category")
        .select_related("category")
        .prefetch_related("audiences")
        .order_by(*_order(SERVICE_ORDER))
    )


def services_of(body: organizations.Body) -> QuerySet[Service]:
    """The ids, names and status of the published services ``body`` provides."""
    return (
        Service.objects.published()
        .filter(_provided_by(body))
        .select_related("category")
        .only("uuid", "name", "status", "category__icon")
        .order_by(*_order(SERVICE_ORDER))
    )


def _provided_by(body: organizations.Body) -> Q:
    kinds, takes_unlisted = organizations.category_kinds(body)
    condition = Q(category__icon__in=kinds)
    if takes_unlisted:
        condition |= ~Q(category__icon__in=[str(kind) for kind in organizations.CATEGORY_BODIES])
    return condition


@dataclass(frozen=True)
class ServiceFilter:
    """The HSDS filters of ``/services``, already checked; None means not asked for."""

    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: dt.datetime | None = None


def filtered(rows: QuerySet[Service], wanted: ServiceFilter, term_ids: dict[str, Q], taxonomy_ids: dict[str, Q]):
    """``rows`` narrowed by ``wanted``, in their own order. ``term_ids`` and ``taxonomy_ids`` map each
    term's and taxonomy's HSDS id to the services it covers; an id that names nothing matches nothing."""
    nothing = Q(pk__in=[])
    if wanted.search is not None:
        rows = rows.filter(pk__in=Service.objects.published().search(wanted.search).values("pk"))
    if wanted.taxonomy_term_id is not None:
        rows = rows.filter(pk__in=Service.objects.filter(term_ids.get(wanted.taxonomy_term_id, nothing)).values("pk"))
    if wanted.taxonomy_id is not None:
        rows = rows.filter(pk__in=Service.objects.filter(taxonomy_ids.get(wanted.taxonomy_id, nothing)).values("pk"))
    if wanted.organization_id is not None:
        body = organizations.by_id(wanted.organization_id)
        rows = rows.filter(_provided_by(body) if body else nothing)
    if wanted.modified_after is not None:
        # A service's last_modified is the newest of its own and its published rooms' changes.
        changed = Q(updated_at__gte=wanted.modified_after) | Q(
            venues__in=Venue.objects.published().filter(updated_at__gte=wanted.modified_after)
        )
        rows = rows.filter(pk__in=Service.objects.filter(changed).values("pk"))
    return rows


def service_venue_links() -> QuerySet:
    """Each (published service, published room) pair, in catalogue order: the service_at_location rows."""
    links = Service.venues.through.objects.filter(
        service__in=Service.objects.published(), venue__in=Venue.objects.published()
    )
    return links.order_by(*_order(SERVICE_ORDER, "service__"), *_order(VENUE_ORDER, "venue__"))


def link_uuids() -> QuerySet:
    """(link pk, service uuid, venue uuid) of every published pair: enough to find a link by its derived id."""
    return service_venue_links().values_list("pk", "service__uuid", "venue__uuid")


def links_with_objects(links: QuerySet, today: dt.date) -> QuerySet:
    """``links`` with their service (category, rooms) and room (hours) loaded."""
    return links.select_related("service__category", "venue").prefetch_related(
        Prefetch("service__venues", queryset=venues(today)),
        "venue__opening_hours",
        Prefetch("venue__special_days", queryset=_upcoming(today), to_attr="upcoming_days"),
    )


def _changes(rows: QuerySet, label: str, field: str) -> QuerySet:
    """(label, the newest ``field`` as text, the row count) of ``rows``: one part of ``_circle_changes``."""
    return (
        rows.order_by()
        .annotate(part=Value(label))
        .values("part")
        .annotate(newest=Cast(Max(field), CharField()), rows=Count("pk"))
        .values_list("part", "newest", "rows")
    )


def _circle_changes() -> QuerySet:
    """One query: the newest history entry and row count of the points' offers, hours, 有人值守时间 and
    special days (their history records creations, edits and deletions, even outside a point's page), and
    the newest id and count of the links from points to the areas they serve (which have no history)."""
    parts = [
        _changes(PointService.history.all(), "offers", "history_date"),
        _changes(PointOpeningHours.history.all(), "hours", "history_date"),
        _changes(PointAttendedHours.history.all(), "attended", "history_date"),
        _changes(PointSpecialDay.history.all(), "special days", "history_date"),
        _changes(ServicePoint.areas.through.objects.all(), "served areas", "pk"),
    ]
    return parts[0].union(*parts[1:], all=True)


@dataclass(frozen=True)
class DataVersion:
    """What the published data looks like now, cheaply: for ETag, Last-Modified and 'last changed'."""

    etag: str
    last_modified: dt.datetime | None


def data_version(today: dt.date, centre: Centre) -> DataVersion:
    """Six queries, whatever the catalogue's size.

    - the newest ``updated_at`` and the row counts of services and rooms, drafts included: publishing,
      unpublishing, editing (hours and special days are edited on their room's page and save it)
      and deleting all change them;
    - the calendar: schedules list special days from today on, so the data also changes at the
      midnight a special day begins (the regular schedule then resumes after it rather than
      stopping before it) and at the midnight after it ends (it drops out);
    - the same for the circle's service points (with their special days) and areas, and the newest
      history entry of the points' offers, hours, 有人值守时间, special days and served areas
      (``_circle_changes``: an offer's note has no timestamp of its own);
    - the names, kinds and order of categories and audiences (they have no timestamp of their own);
    - the centre's record, loaded by the caller (its help line and street address are in the data).
    """
    service = Service.objects.order_by().aggregate(
        latest=Max("updated_at"), count=Count("pk"), published=Count("pk", filter=Q(is_published=True))
    )
    venue = Venue.objects.order_by().aggregate(
        latest=Max("updated_at"),
        count=Count("pk", distinct=True),
        published=Count("pk", filter=Q(is_published=True), distinct=True),
        reached=Max("special_days__date", filter=Q(special_days__date__lte=today)),
    )
    terms = Category.objects.order_by().values_list("uuid", "name", "slug", "summary", "icon", "sort_order")
    terms = terms.union(
        Audience.objects.order_by().values_list("uuid", "name", "slug", Value(""), Value(""), "sort_order"), all=True
    )
    point = ServicePoint.objects.order_by().aggregate(
        latest=Max("updated_at"),
        count=Count("pk", distinct=True),
        published=Count("pk", filter=Q(is_published=True), distinct=True),
        reached=Max("special_days__date", filter=Q(special_days__date__lte=today)),
    )
    area = Area.objects.order_by().aggregate(
        latest=Max("updated_at"), count=Count("pk"), published=Count("pk", filter=Q(is_published=True))
    )
    circle = sorted(map(str, _circle_changes()))
    reached = max(filter(None, (venue.pop("reached"), point.pop("reached"))), default=None)
    calendar = None
    if reached:
        # Midnight of the special day if it is today, else of the day after it: the last calendar change.
        calendar = dt.datetime.combine(min(reached + dt.timedelta(days=1), today), dt.time(0), CENTRE_TZ)
    moments = (service["latest"], venue["latest"], point["latest"], area["latest"], centre.updated_at, calendar)
    last_modified = max((moment for moment in moments if moment), default=None)
    fingerprint = repr(
        (FORMAT_VERSION, service, venue, point, area, circle, centre.updated_at, calendar, sorted(map(str, terms)))
    )
    return DataVersion(f'"{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"', last_modified)
