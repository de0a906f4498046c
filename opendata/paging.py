"""Paging as the HSDS 3.0 API reference describes it: the ``Page`` header fields and ``contents``.

``page`` counts from 1; ``per_page`` defaults to 50 and may be at most 100. Anything else in those
two parameters — or either of them sent empty or twice — is a 400 with a clear message, never a 500,
never a silently different page. A page past the last one, however large its number, is an empty
page (as in the Spring-style page the HSDS ``Page`` object follows): the database is not asked for it.
"""

import math
import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from .responses import ApiError

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
_DIGITS = re.compile(r"[0-9]+")
# Longer numbers are refused rather than converted (Python refuses past 4300 digits anyway).
MAX_DIGITS = 1000


@dataclass(frozen=True)
class PageRequest:
    number: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page


def page_request(query: QueryDict) -> PageRequest:
    """The ``page`` and ``per_page`` parameters, checked; raises ``ApiError`` (400) when they are wrong."""
    number = _positive(query, "page", 1, _("参数 page 必须是从 1 开始的整数页码。"))
    per_page = _positive(
        query,
        "per_page",
        DEFAULT_PER_PAGE,
        _("参数 per_page 必须是 1 到 %(max)d 之间的整数。") % {"max": MAX_PER_PAGE},
    )
    if per_page > MAX_PER_PAGE:
        raise ApiError(
            400,
            "per_page_too_large",
            _("参数 per_page 最大为 %(max)d；需要全部数据请下载 /open-data/hsds.json。") % {"max": MAX_PER_PAGE},
            parameter="per_page",
            maximum=MAX_PER_PAGE,
        )
    return PageRequest(number, per_page)


def single(query: QueryDict, name: str) -> str | None:
    """The one value of the query parameter ``name``, or None when it is absent.

    Sent empty (``?page=``) or more than once (``?page=1&page=2``) it is a 400: either way the client
    asked something this API would otherwise have to guess at."""
    values = query.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ApiError(
            400,
            "repeated_parameter",
            _("参数 %(name)s 只能出现一次。") % {"name": name},
            parameter=name,
        )
    if blank(values[0]):
        raise ApiError(400, "empty_parameter", _("参数 %(name)s 不能为空。") % {"name": name}, parameter=name)
    return values[0]


# What openapi.json's string parameters declare: at least one character that is not blank. Written so that
# every regular-expression dialect reads it alike (``\s`` differs between Python, JavaScript and Rust at
# U+001C–U+001F, U+0085 and U+FEFF, so those are named): it matches exactly what ``blank`` does not refuse.
NOT_BLANK_PATTERN = r"[^\s\x1c-\x1f\x85\ufeff]"


def blank(value: str) -> bool:
    """Empty or only white space (what ``str.strip`` removes, and the byte order mark)."""
    return all(ch.isspace() or ch == "\ufeff" for ch in value)


def flag(query: QueryDict, name: str) -> bool | None:
    """A boolean parameter as OpenAPI sends one (``true``/``false``), or None when it is absent."""
    raw = single(query, name)
    if raw is None:
        return None
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise ApiError(
            400,
            "invalid_parameter",
            _("参数 %(name)s 只能是 true 或 false。") % {"name": name},
            parameter=name,
            value=raw[:50],
        )
    return value == "true"


def in_range(total: int, request: PageRequest) -> bool:
    """Whether the page holds any rows to fetch; a page past the last is empty, not an error."""
    return request.offset < total


def page_of(items: list, request: PageRequest) -> dict:
    """The requested page of ``items``, a list already built in full (a handful of organizations or terms)."""
    return page(len(items), request, items[request.offset : request.offset + request.per_page])


def total_pages(total: int, per_page: int) -> int:
    return math.ceil(total / per_page)


def page(total: int, request: PageRequest, contents: list) -> dict:
    """The HSDS ``Page`` object: ``size`` is the number of entities in this page, as the schema says."""
    pages = total_pages(total, request.per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": request.number,
        "size": len(contents),
        "first_page": request.number == 1,
        "last_page": request.number >= pages,
        "empty": total == 0,
        "contents": contents,
    }


def _positive(query: QueryDict, name: str, default: int, message: str) -> int:
    raw = single(query, name)
    if raw is None:
        return default
    raw = raw.strip()
    if not _DIGITS.fullmatch(raw) or len(raw) > MAX_DIGITS or int(raw) < 1:
        raise ApiError(400, "invalid_parameter", message, parameter=name, value=raw[:50])
    return int(raw)
