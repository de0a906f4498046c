"""The read-only HSDS 3.0 API under /api/hsds/, the downloads and the /open-data/ page."""

import copy
import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from circle.models import PointService, ServicePoint
from services.models import Audience, Category, Service
from venues.models import Venue
from zhujing_center.hours import CENTRE_TZ
from zhujing_center.models import Centre

from . import exports, hsds, identifiers, organizations, paging, queries, responses
from .responses import ApiError, api_view

# The HSDS profile this API follows: the base specification itself, named by the canonical URL of
# its schema directory (the Profiles reference names HSDS by this URL; we add no profile of our own).
HSDS_PROFILE = "https://github.com/openreferral/specification/tree/3.0/schema"
OPENAPI_FILE = Path(__file__).with_name("openapi.json")
UUID_EXAMPLE = "3f7b145d-84af-42d7-8fae-eaca714b02b2"

# Query parameters of the HSDS API reference that this API does not implement. They are filters:
# ignoring one would silently answer a different question, so asking for one is a 400.
# /services implements some of them (``SERVICE_FILTERS``), /taxonomy_terms ``taxonomy_id``.
UNSUPPORTED_PARAMETERS = (
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimal",
    "full",
    "full_service",
    "postcode",
    "proximity",
)

ENDPOINTS = ("services", "organizations", "locations", "service_at_locations", "taxonomies", "taxonomy_terms")

# The filters /services implements.
SERVICE_FILTERS = ("search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after")
MAX_SEARCH_LENGTH = 100


# The API


@api_view
def api_root(request: HttpRequest) -> HttpResponse:
    data = {
        "version": hsds.HSDS_VERSION,
        "profile": HSDS_PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("opendata:openapi")),
    }
    return _static(responses.json_response(data))


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    document = copy.deepcopy(_openapi_document())
    document["servers"] = [{"url": request.build_absolute_uri(reverse("opendata:api-root")).rstrip("/")}]
    return _static(responses.json_response(document))


@api_view
def service_list(request: HttpRequest) -> HttpResponse:
    page_request = _list_request(request, SERVICE_FILTERS)
    wanted = _service_filter(request)
    ctx = _context(request)

    def build() -> dict:
        rows = queries.services(ctx.today)
        if wanted != queries.ServiceFilter():
            rows = queries.filtered(rows, wanted, _term_conditions(), _taxonomy_conditions())
        return _paged(rows, page_request, hsds.service_basic, ctx)

    return _versioned(request, ctx, build)


@api_view
def service_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    key = _uuid(hsds_id)
    ctx = _context(request)

    def build() -> dict:
        return hsds.service_full(_found(queries.full_services(ctx.today).filter(uuid=key).first()), ctx)

    return _versioned(request, ctx, build)


@api_view
def organization_list(request: HttpRequest) -> HttpResponse:
    page_request = _list_request(request)
    ctx = _context(request)

    def build() -> dict:
        bodies = (*organizations.bodies(), *map(organizations.committee, queries.committee_areas()))
        return paging.page_of([hsds.organization(body, ctx) for body in bodies], page_request)

    return _versioned(request, ctx, build)


@api_view
def organization_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    body = _found(_organization(str(_uuid(hsds_id))))
    ctx = _context(request)

    def build() -> dict:
        data = hsds.organization(body, ctx, full=True)
        data["services"] = [hsds.organization_service(row) for row in queries.services_of(body)]
        return data

    return _versioned(request, ctx, build)


@api_view
def location_list(request: HttpRequest) -> HttpResponse:
    page_request = _list_request(request)
    ctx = _context(request)
    sources = (queries.venues(ctx.today), queries.points(ctx.today), queries.areas())
    return _versioned(request, ctx, lambda: _paged_chain(sources, page_request, hsds.any_location, ctx))


@api_view
def location_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    key = _uuid(hsds_id)
    ctx = _context(request)

    def build() -> dict:
        sources = (queries.venues(ctx.today), queries.points(ctx.today), queries.areas())
        row = next((row for rows in sources if (row := rows.filter(uuid=key).first()) is not None), None)
        return hsds.any_location(_found(row), ctx, full=True)

    return _versioned(request, ctx, build)


@api_view
def service_at_location_list(request: HttpRequest) -> HttpResponse:
    page_request = _list_request(request)
    ctx = _context(request)

    def one(link, ctx: hsds.Context) -> dict:
        if isinstance(link, PointService):  # a service offered at a service point
            return hsds.offer_at_location(link, ctx, with_service=True, with_location=True)
        return hsds.service_at_location(link.service, link.venue, ctx, with_service=True, with_location=True)

    sources = (
        queries.links_with_objects(queries.service_venue_links(), ctx.today),
        queries.offers_with_objects(queries.point_offers(), ctx.today),
    )
    return _versioned(request, ctx, lambda: _paged_chain(sources, page_request, one, ctx))


@api_view
def service_at_location_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    wanted = str(_uuid(hsds_id))
    ctx = _context(request)

    def build() -> dict:
        # The id is derived from the service's and the room's uuids, so it is found by deriving them all.
        pk = next(
            (pk for pk, s, v in queries.link_uuids() if hsds.service_at_location_id(s, v) == wanted),
            None,
        )
        if pk is None:  # else a service offered at a service point (its id is derived the same way)
            offer = next(
                (pk for pk, s, p in queries.offer_uuids() if hsds.service_at_location_id(s, p) == wanted), None
            )
            offers = queries.offers_with_objects(PointService.objects.filter(pk=offer), ctx.today)
            found = _found(offers.first() if offer else None)
            return hsds.offer_at_location(found, ctx, with_service=True, location_detail=True)
        links = queries.links_with_objects(Service.venues.through.objects.filter(pk=pk), ctx.today)
        link = _found(links.first())
        return hsds.service_at_location(link.service, link.venue, ctx, with_service=True, location_detail=True)

    return _versioned(request, ctx, build)


@api_view
def taxonomy_list(request: HttpRequest) -> HttpResponse:
    page_request = _list_request(request)
    ctx = _context(request)
    return _versioned(request, ctx, lambda: paging.page_of(hsds.taxonomies(ctx), page_request))


@api_view
def taxonomy_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    key = str(_uuid(hsds_id))
    ctx = _context(request)
    return _versioned(request, ctx, lambda: _found(next((t for t in hsds.taxonomies(ctx) if t["id"] == key), None)))


@api_view
def taxonomy_term_list(request: HttpRequest) -> HttpResponse:
    page_request = _list_request(request, ("taxonomy_id", "top_only", "parent_id"))
    taxonomy_id = paging.single(request.GET, "taxonomy_id")
    paging.flag(request.GET, "top_only")  # every term is a top-level term: the taxonomies are flat
    parent_id = paging.single(request.GET, "parent_id")
    ctx = _context(request)

    def build() -> dict:
        terms = hsds.used_terms(queries.term_users(), ctx)
        if taxonomy_id is not None:
            terms = [term for term in terms if term["taxonomy_id"] == taxonomy_id.strip().lower()]
        if parent_id is not None:
            terms = [term for term in terms if term.get("parent_id") == parent_id.strip().lower()]
        return paging.page_of(terms, page_request)

    return _versioned(request, ctx, build)


@api_view
def taxonomy_term_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    key = str(_uuid(hsds_id))
    ctx = _context(request)

    def build() -> dict:
        term = next((term for term in hsds.used_terms(queries.term_users(), ctx) if term["id"] == key), None)
        return hsds.taxonomy_term_detail(_found(term), ctx)

    return _versioned(request, ctx, build)


@api_view
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/hsds/: a JSON 404 naming the endpoints that exist."""
    root = reverse("opendata:api-root")
    return responses.error_response(
        ApiError(
            404,
            "not_found",
            _("没有这个接口。可用的接口见 %(url)s") % {"url": reverse("opendata:openapi")},
            endpoints=[root + name for name in ENDPOINTS],
        )
    )


# Downloads and the page


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    version = queries.data_version(timezone.localdate(), Centre.load())
    area_count = queries.areas().count()
    context = {
        "service_count": Service.objects.published().count(),
        "venue_count": Venue.objects.published().count(),
        "point_count": ServicePoint.objects.published().count(),
        "area_count": area_count,
        "organization_count": len(organizations.bodies()) + area_count,  # every published area's committee
        "last_modified": version.last_modified,
        "per_page_max": paging.MAX_PER_PAGE,
        "categories": Category.objects.all(),
        "audiences": Audience.objects.all(),
        "endpoints": [
            (reverse(f"opendata:{name}"), label)
            for name, label in (
                ("service-list", _("服务事项")),
                ("organization-list", _("机构")),
                ("location-list", _("场所")),
                ("service-at-location-list", _("服务与场所的对应关系")),
                ("taxonomy-list", _("分类体系")),
                ("taxonomy-term-list", _("分类词条")),
            )
        ],
    }
    return render(request, "opendata/index.html", context)


@require_safe
def catalogue_csv(request: HttpRequest) -> HttpResponse:
    ctx = _context(request)

    def build(version: queries.DataVersion) -> HttpResponse:
        response = HttpResponse(
            exports.catalogue_csv(queries.full_services(ctx.today), ctx).encode(),
            content_type="text/csv; charset=utf-8",
        )
        return _attachment(response, "zhujing-services", "csv", version)

    return _download(request, ctx, build)


@require_safe
def hsds_package(request: HttpRequest) -> HttpResponse:
    ctx = _context(request)

    def build(version: queries.DataVersion) -> HttpResponse:
        package = hsds.package(
            list(queries.full_services(ctx.today)),
            list(queries.venues(ctx.today)),
            ctx,
            points=queries.points(ctx.today),
            areas=queries.areas(),
        )
        return _attachment(responses.json_response(package), "zhujing-hsds", "json", version)

    return _download(request, ctx, build)


# Helpers


def _context(request: HttpRequest) -> hsds.Context:
    return hsds.Context(
        base_url=f"{request.scheme}://{request.get_host()}", today=timezone.localdate(), centre=Centre.load()
    )


def _list_request(request: HttpRequest, filters: tuple[str, ...] = ()) -> paging.PageRequest:
    """Paging, after refusing the HSDS parameters this endpoint does not implement (it implements ``filters``)."""
    for name in UNSUPPORTED_PARAMETERS:
        if name in request.GET and name not in filters:
            raise ApiError(
                400,
                "unsupported_parameter",
                _("本接口不支持参数 %(name)s；可用参数为 %(available)s。")
                % {"name": name, "available": "、".join(("page", "per_page", "format", *filters))},
                parameter=name,
            )
    if paging.single(request.GET, "format") not in (None, "json"):
        raise ApiError(400, "unsupported_format", _("本接口只提供 JSON 格式（format=json）。"), parameter="format")
    return paging.page_request(request.GET)


def _service_filter(request: HttpRequest) -> queries.ServiceFilter:
    search = paging.single(request.GET, "search")
    if search is not None and len(search) > MAX_SEARCH_LENGTH:
        raise ApiError(
            400,
            "invalid_parameter",
            _("参数 search 最长 %(max)d 个字。") % {"max": MAX_SEARCH_LENGTH},
            parameter="search",
        )
    ids = {name: paging.single(request.GET, name) for name in ("taxonomy_term_id", "taxonomy_id", "organization_id")}
    ids = {name: value.strip().lower() if value is not None else None for name, value in ids.items()}
    return queries.ServiceFilter(
        search=search, modified_after=_moment(paging.single(request.GET, "modified_after")), **ids
    )


def _moment(raw: str | None) -> dt.datetime | None:
    """An ISO 8601 / RFC 3339 date-time (a date alone means its midnight; no offset means Shanghai time)."""
    if raw is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw.strip().replace("z", "Z"))
    except ValueError:
        raise ApiError(
            400,
            "invalid_parameter",
            _("参数 modified_after 必须是日期时间，例如 2026-12-01T08:00:00+08:00。"),
            parameter="modified_after",
            value=raw[:50],
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=CENTRE_TZ)


def _term_conditions() -> dict[str, Q]:
    """Each term's id, and the services it is attached to (two small queries)."""
    terms = {hsds.term_id(row): Q(category=row) for row in Category.objects.only("uuid")}
    terms.update({hsds.term_id(row): Q(audiences=row) for row in Audience.objects.only("uuid")})
    return terms


def _taxonomy_conditions() -> dict[str, Q]:
    return {hsds.taxonomy_id("category"): Q(), hsds.taxonomy_id("audience"): Q(audiences__isnull=False)}


def _paged(rows: QuerySet, page_request: paging.PageRequest, one: Callable, ctx: hsds.Context) -> dict:
    total = rows.count()
    if not paging.in_range(total, page_request):
        return paging.page(total, page_request, [])
    chosen = rows[page_request.offset : page_request.offset + page_request.per_page]
    return paging.page(total, page_request, [one(row, ctx) for row in chosen])


def _paged_chain(sources: tuple[QuerySet, ...], page_request: paging.PageRequest, one: Callable, ctx) -> dict:
    """One page over several querysets, one after the other (rooms, then points, then areas): a count
    of each, and only the slices the page covers are loaded."""
    counts = [rows.count() for rows in sources]
    total = sum(counts)
    if not paging.in_range(total, page_request):
        return paging.page(total, page_request, [])
    start, stop, contents, before = page_request.offset, page_request.offset + page_request.per_page, [], 0
    for rows, count in zip(sources, counts, strict=True):
        low, high = max(start - before, 0), min(stop - before, count)
        if low < high:
            contents.extend(one(row, ctx) for row in rows[low:high])
        before += count
    return paging.page(total, page_request, contents)


def _organization(organization_id: str) -> organizations.Body | None:
    """The centre or a "1+1+X" body, else the committee of a published area (one query) with that id."""
    return organizations.by_id(organization_id) or organizations.committee_by_id(
        organization_id, queries.committee_areas()
    )


def _versioned(request: HttpRequest, ctx: hsds.Context, build: Callable[[], dict]) -> HttpResponse:
    """304 when the client's copy is current; otherwise the built document, with validators."""
    version = queries.data_version(ctx.today, ctx.centre)
    response = responses.not_modified(request, version)
    if response is None:
        response = responses.cached(responses.json_response(build()), version)
    return response


def _download(request: HttpRequest, ctx: hsds.Context, build: Callable) -> HttpResponse:
    version = queries.data_version(ctx.today, ctx.centre)
    response = responses.not_modified(request, version)
    return response if response is not None else responses.with_cors(responses.cached(build(version), version))


def _attachment(response: HttpResponse, stem: str, extension: str, version: queries.DataVersion) -> HttpResponse:
    """Save as a file named for the date of the data's last change."""
    changed = timezone.localtime(version.last_modified).date() if version.last_modified else timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="{stem}-{changed.isoformat()}.{extension}"'
    return response


def _static(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={responses.MAX_AGE}"
    return response


def _uuid(value: str):
    key = identifiers.parse(value)
    if key is None:
        raise ApiError(404, "invalid_id", _("编号格式不对：应为 UUID，例如 %(example)s。") % {"example": UUID_EXAMPLE})
    return key


def _found(row):
    if row is None:
        raise ApiError(404, "not_found", _("找不到这个编号对应的公开数据，可能已下线或编号有误。"))
    return row


@cache
def _openapi_document() -> dict:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
