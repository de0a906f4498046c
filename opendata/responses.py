"""JSON responses for the open-data API: errors, CORS, caching headers and conditional GET."""

import json
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .queries import DataVersion

# Public open data: any site may read it, and anyone may cache it for five minutes.
MAX_AGE = 300
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")


class ApiError(Exception):
    """A client error, answered as ``{"error": <code>, "detail": <message>, …}``."""

    def __init__(self, status: int, code: str, detail: str, **extra) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.extra = extra


def json_response(data, *, status: int = 200) -> HttpResponse:
    """UTF-8 JSON with Chinese left readable (no \\u escapes), readable by any origin."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body.encode(), content_type="application/json", status=status)
    return with_cors(response)


def error_response(error: ApiError) -> HttpResponse:
    return json_response({"error": error.code, "detail": str(error.detail), **error.extra}, status=error.status)


def with_cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def api_view(view: Callable) -> Callable:
    """GET and HEAD only (plus CORS preflight); an ``ApiError`` becomes its JSON answer.

    Exempt from CSRF checks: nothing here changes state, and without the exemption the CSRF
    middleware would answer an undeclared POST with its 403 HTML page before the 405 below."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = with_cors(HttpResponse(status=204))
            response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        if request.method not in ("GET", "HEAD"):
            response = error_response(
                ApiError(405, "method_not_allowed", _("开放数据接口只读，只支持 GET 请求。"), method=request.method)
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error)

    return wrapper


def not_modified(request: HttpRequest, version: DataVersion) -> HttpResponse | None:
    """A 304 (or 412) when the client's copy is current, else None."""
    response = get_conditional_response(request, etag=version.etag, last_modified=_seconds(version))
    return None if response is None else with_cors(cached(response, version))


def cached(response: HttpResponse, version: DataVersion) -> HttpResponse:
    """Validators and a public five-minute cache lifetime."""
    response["ETag"] = version.etag
    if version.last_modified:
        response["Last-Modified"] = http_date(_seconds(version))
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _seconds(version: DataVersion) -> int | None:
    return int(version.last_modified.timestamp()) if version.last_modified else None
