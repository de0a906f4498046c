"""Validation against the official HSDS 3.0 JSON Schemas and OpenAPI file, read from disk.

The schemas are the Open Referral files copied, unmodified, into ``tests/opendata/hsds-3.0/`` (where
they come from, their version and licence: its README.md). They refer to each other by relative file name
(``"$ref": "phone.json"``) and the OpenAPI file by their published URLs
(``https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/service.json``),
so every file is registered in a ``referencing.Registry`` under its published URL: ``$ref``s then
resolve to the local copies, and anything not in the registry fails instead of being fetched.

One adjustment: ``compiled/tabular.json`` refers to the modular schemas by bare file name, which
from its published URL would resolve inside ``compiled/`` where those files do not exist; it is
registered as if it sat beside the modular schemas, which is where its references point.
"""

import datetime as dt
import json
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPO = Path(__file__).resolve().parents[2]
HSDS_DIR = Path(__file__).resolve().parent / "hsds-3.0"
OUR_OPENAPI = REPO / "opendata" / "openapi.json"

PUBLISHED = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OFFICIAL_OPENAPI_URI = PUBLISHED + "openapi.json"
OUR_OPENAPI_URI = "urn:zhujing:opendata:openapi.json"
TABULAR_URI = PUBLISHED + "tabular.json"


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    """Every official schema file (and our adapted OpenAPI document) under its published URL."""
    resources = []
    for path in sorted(HSDS_DIR.glob("*.json")):
        resources.append((PUBLISHED + path.name, DRAFT202012.create_resource(_load(path))))
    for path in sorted((HSDS_DIR / "compiled").glob("*.json")):
        uri = TABULAR_URI if path.name == "tabular.json" else PUBLISHED + "compiled/" + path.name
        resources.append((uri, DRAFT202012.create_resource(_load(path))))
    resources.append((OUR_OPENAPI_URI, Resource(contents=_load(OUR_OPENAPI), specification=DRAFT202012)))
    return Registry().with_resources(resources)


def format_checker() -> FormatChecker:
    """jsonschema's checks, plus ``uri`` and ``date-time`` (whose checkers need optional packages)."""
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc) and not any(ch.isspace() for ch in value)

    @checker.checks("date-time")
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        if "T" not in value:
            return False
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return False
        return moment.tzinfo is not None

    return checker


@cache
def validator(uri: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": uri}, registry=registry(), format_checker=format_checker())


def validate(instance, uri: str) -> None:
    """Assert ``instance`` is valid against the schema at ``uri``, listing every error if not."""
    errors = sorted(validator(uri).iter_errors(instance), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message[:300]}" for error in errors[:20])


def response_schema_uri(path: str, *, official: bool = False) -> str:
    """The URI of the 200 response schema of GET ``path`` in an OpenAPI document."""
    pointer = "/paths/" + _escape(path) + "/get/responses/200/content/" + _escape("application/json") + "/schema"
    return (OFFICIAL_OPENAPI_URI if official else OUR_OPENAPI_URI) + "#" + quote(pointer, safe="/~")


def validate_response(instance, path: str) -> None:
    """Valid for our OpenAPI document, and for the official one where it defines the path."""
    validate(instance, response_schema_uri(path))
    if path in official_openapi()["paths"] and path != "/service_at_locations/{id}":
        validate(instance, response_schema_uri(path, official=True))


@cache
def official_openapi() -> dict:
    return _load(HSDS_DIR / "openapi.json")


@cache
def our_openapi() -> dict:
    return _load(OUR_OPENAPI)


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")
