"""What the open data reads from the database: one named query per listing, each prefetching all it needs.

Every queryset starts from ``published()``: drafts never leave the building. Each function makes a
fixed number of queries whatever the catalogue's size (``tests/opendata/test_queries.py``).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, Value

from services.models import SEARCH_COLUMNS, Audience, Category, Service
from venues.models import SpecialDay, Venue
from zhujing_center.hours import CENTRE_TZ
from zhujing_center.models import Centre

from . import organizations

# Bump when the mapping changes what a response contains, so caches and ETags move on.
FORMAT_VERSION = "1"

# Never needed by the open data: search text and the FAQ.
UNUSED_SERVICE_FIELDS = (*SEARCH_COLUMNS, "faq", "keywords")

# The catalogue's own orders, made total with the primary key so pages never overlap.
SERVICE_ORDER = ("category__sort_order", "sort_order", "name", "pk")
VENUE_ORDER = ("floor", "sort_order", "name", "pk")


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


@dataclass(frozen=True)
class DataVersion:
    """What the published data looks like now, cheaply: for ETag, Last-Modified and 'last changed'."""

    etag: str
    last_modified: dt.datetime | None


def data_version(today: dt.date, centre: Centre) -> DataVersion:
    """Three queries, whatever the catalogue's size.

    - the newest ``updated_at`` and the row counts of services and rooms, drafts included: publishing,
      unpublishing, editing (hours and special days are edited on their room's page and save it)
      and deleting all change them;
    - the calendar: schedules list special days from today on, so the data also changes at the
      midnight a special day begins (the regular schedule then resumes after it rather than
      stopping before it) and at the midnight after it ends (it drops out);
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
    reached = venue.pop("reached")
    calendar = None
    if reached:
        # Midnight of the special day if it is today, else of the day after it: the last calendar change.
        calendar = dt.datetime.combine(min(reached + dt.timedelta(days=1), today), dt.time(0), CENTRE_TZ)
    moments = (service["latest"], venue["latest"], centre.updated_at, calendar)
    last_modified = max((moment for moment in moments if moment), default=None)
    fingerprint = repr((FORMAT_VERSION, service, venue, centre.updated_at, calendar, sorted(map(str, terms))))
    return DataVersion(f'"{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"', last_modified)
