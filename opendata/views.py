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
from zhujing_center import geo
from zhujing_center.hours import CENTRE_TZ
from zhujing_center.models import Centre

from . import exports, hsds, identifiers, organizations, paging, parameters, queries, responses
from .responses import ApiError, api_view

# The HSDS profile this API follows: the base specification itself, named by the canonical URL of
# its schema directory (the Profiles reference names HSDS by this URL; we add no profile of our own).
HSDS_PROFILE = "https://github.com/openreferral/specification/tree/3.0/schema"
OPENAPI_FILE = Path(__file__).with_name("openapi.json")
UUID_EXAMPLE = "3f7b145d-84af-42d7-8fae-eaca714b02b2"

ENDPOINTS = ("services", "organizations", "locations", "service_at_locations", "taxonomies", "taxonomy_terms")


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
    page_request = _list_request(request, "/services")
    wanted = _service_filter(request)
    minimal, full = parameters.boolean(request.GET, "minimal"), parameters.boolean(request.GET, "full")
    if minimal:  # the smaller answer, also with full=true (OpenAPI cannot declare the two exclusive)
        shape = hsds.service_minimal
    elif full:
        shape = hsds.service_full
    else:
        shape = hsds.service_basic
    ctx = _context(request)

    def build() -> dict:
        rows = queries.full_services(ctx.today) if shape is hsds.service_full else queries.services(ctx.today)
        return _paged(_filtered(rows, wanted), page_request, shape, ctx)

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
    page_request = _list_request(request, "/organizations")
    text = parameters.search_text(request.GET)
    full = parameters.boolean(request.GET, "full")
    full_service = parameters.boolean(request.GET, "full_service")
    ctx = _context(request)

    def build() -> dict:
        bodies = [
            body
            for body in (*organizations.bodies(), *map(organizations.committee, queries.committee_areas()))
            if text is None or parameters.text_matches(text, body.name, body.alternate_name, body.description)
        ]
        page = paging.page_of(bodies, page_request)
        provided = _services_by_body(ctx, full_service) if (full or full_service) and page["contents"] else {}
        contents = []
        for body in page["contents"]:
            data = hsds.organization(body, ctx, full=full)
            if full or full_service:
                data["services"] = provided.get(body.id, [])
            contents.append(data)
        return {**page, "contents": contents}

    return _versioned(request, ctx, build)


@api_view
def organization_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    body = _found(_organization(str(_uuid(hsds_id))))
    full_service = parameters.boolean(request.GET, "full_service")
    ctx = _context(request)

    def build() -> dict:
        data = hsds.organization(body, ctx, full=True)
        if full_service:
            rows = _filtered(queries.full_services(ctx.today), queries.ServiceFilter(organization_id=body.id))
            data["services"] = [hsds.service_full(row, ctx) for row in rows]
        else:
            data["services"] = [hsds.organization_service(row) for row in queries.services_of(body)]
        return data

    return _versioned(request, ctx, build)


@api_view
def location_list(request: HttpRequest) -> HttpResponse:
    page_request = _list_request(request, "/locations")
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
    page_request = _list_request(request, "/service_at_locations")
    wanted = _service_filter(request)
    full = parameters.boolean(request.GET, "full")
    postcode = parameters.postcode(request.GET)
    near = parameters.proximity(request.GET)
    ctx = _context(request)

    def one(link, ctx: hsds.Context) -> dict:
        if isinstance(link, PointService):  # a service offered at a service point
            return hsds.offer_at_location(link, ctx, with_service=True, with_location=not full, location_detail=full)
        if full:  # as /service_at_locations/{id} answers it
            return hsds.service_at_location(link.service, link.venue, ctx, with_service=True, location_detail=True)
        return hsds.service_at_location(link.service, link.venue, ctx, with_service=True, with_location=True)

    def build() -> dict:
        links, offers = queries.service_venue_links(), queries.point_offers()
        if wanted != queries.ServiceFilter():
            chosen = _filtered(Service.objects.published(), wanted).values("pk")
            links, offers = links.filter(service__in=chosen), offers.filter(service__in=chosen)
        # Every room is in the centre's building: its postcode, and its position is the centre's.
        room = parameters.Place(organizations.POSTAL_CODE, geo.as_latlng(ctx.centre.latitude, ctx.centre.longitude))
        if not parameters.place_matches(room, postcode, near, [room], home_postcode=organizations.POSTAL_CODE):
            links = links.none()
        if postcode is not None or near is not None:
            offers = offers.filter(point__in=_points_near(room, postcode, near))
        sources = (queries.links_with_objects(links, ctx.today), queries.offers_with_objects(offers, ctx.today))
        return _paged_chain(sources, page_request, one, ctx)

    return _versioned(request, ctx, build)


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
    page_request = _list_request(request, "/taxonomies")
    text = parameters.search_text(request.GET)
    ctx = _context(request)

    def build() -> dict:
        rows = hsds.taxonomies(ctx)
        if text is not None:
            rows = [row for row in rows if parameters.text_matches(text, row["name"], row["description"])]
        return paging.page_of(rows, page_request)

    return _versioned(request, ctx, build)


@api_view
def taxonomy_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    key = str(_uuid(hsds_id))
    ctx = _context(request)
    return _versioned(request, ctx, lambda: _found(next((t for t in hsds.taxonomies(ctx) if t["id"] == key), None)))


@api_view
def taxonomy_term_list(request: HttpRequest) -> HttpResponse:
    page_request = _list_request(request, "/taxonomy_terms")
    text = parameters.search_text(request.GET)
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
        if text is not None:
            terms = [
                term
                for term in terms
                if parameters.text_matches(text, term["name"], term["code"], term.get("description", ""))
            ]
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


def _list_request(request: HttpRequest, path: str) -> paging.PageRequest:
    """Paging, after refusing the parameters openapi.json declares for other endpoints but not for ``path``
    (``/locations?search=``): ignoring such a filter would silently answer a different question."""
    accepted = _query_parameters(path)
    for name in request.GET:
        if name in _all_query_parameters() and name not in accepted:
            raise ApiError(
                400,
                "unsupported_parameter",
                _("本接口不支持参数 %(name)s；可用参数为 %(available)s。")
                % {"name": name, "available": "、".join(accepted)},
                parameter=name,
            )
    if paging.single(request.GET, "format") not in (None, "json"):
        raise ApiError(400, "unsupported_format", _("本接口只提供 JSON 格式（format=json）。"), parameter="format")
    return paging.page_request(request.GET)


def _service_filter(request: HttpRequest) -> queries.ServiceFilter:
    """The service filters of /services and /service_at_locations, checked."""
    search = parameters.search_text(request.GET)
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
    # In UTC: PostgreSQL refuses offsets past ±15:59, which ISO 8601 (and Python) allow up to ±23:59.
    return (moment if moment.tzinfo else moment.replace(tzinfo=CENTRE_TZ)).astimezone(dt.UTC)


def _filtered(rows: QuerySet[Service], wanted: queries.ServiceFilter) -> QuerySet[Service]:
    """``rows`` narrowed by ``wanted`` (the term and taxonomy ids cost two queries, only when asked for)."""
    if wanted == queries.ServiceFilter():
        return rows
    return queries.filtered(rows, wanted, _term_conditions(), _taxonomy_conditions())


def _services_by_body(ctx: hsds.Context, full: bool) -> dict[str, list[dict]]:
    """Every published service, grouped by the id of the organization providing it: fully nested
    (``full``) or as an organization lists them."""
    provided: dict[str, list[dict]] = {}
    for row in queries.full_services(ctx.today) if full else queries.services(ctx.today):
        shape = hsds.service_full(row, ctx) if full else hsds.organization_service(row)
        provided.setdefault(organizations.body_for_category(row.category).id, []).append(shape)
    return provided


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


def _points_near(room: parameters.Place, postcode: str | None, near) -> list[int]:
    """The published points passing ``postcode`` and ``proximity``: every point is in the town's postcode;
    a position-less point is never near."""
    rows = list(ServicePoint.objects.published().values_list("pk", "latitude", "longitude"))
    places = {pk: parameters.Place(organizations.POSTAL_CODE, geo.as_latlng(lat, lng)) for pk, lat, lng in rows}
    everything = [room, *places.values()]
    return [
        pk
        for pk, place in places.items()
        if parameters.place_matches(place, postcode, near, everything, home_postcode=organizations.POSTAL_CODE)
    ]


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


@cache
def _query_parameters(path: str) -> tuple[str, ...]:
    """The names of the query parameters openapi.json declares for GET ``path``, in its order."""
    document = _openapi_document()
    names = []
    for parameter in document["paths"][path]["get"].get("parameters", []):
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        if parameter["in"] == "query":
            names.append(parameter["name"])
    return tuple(names)


@cache
def _all_query_parameters() -> frozenset[str]:
    return frozenset(name for path in _openapi_document()["paths"] for name in _query_parameters(path))
