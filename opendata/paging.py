"""Paging as the HSDS 3.0 API reference describes it: the ``Page`` header fields and ``contents``.

``page`` counts from 1; ``per_page`` defaults to 50 and may be at most 100. Anything else in those
two parameters is a 400 with a clear message, and a page past the last one is a 404 — never a 500,
never a silently different page.
"""

import math
import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from .responses import ApiError

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
_DIGITS = re.compile(r"[0-9]{1,9}")


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


def check_in_range(total: int, request: PageRequest) -> None:
    """Page 1 always exists (perhaps empty); a page past the last is a 404."""
    pages = total_pages(total, request.per_page)
    if request.number > max(pages, 1):
        raise ApiError(
            404,
            "page_out_of_range",
            _("第 %(page)d 页不存在：共 %(pages)d 页。") % {"page": request.number, "pages": pages},
            parameter="page",
            total_pages=pages,
        )


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
    raw = query.get(name, "").strip()
    if raw == "":
        return default
    if not _DIGITS.fullmatch(raw) or int(raw) < 1:
        raise ApiError(400, "invalid_parameter", message, parameter=name, value=raw[:50])
    return int(raw)
