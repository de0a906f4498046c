"""Property-based tests of the HSDS API against its own OpenAPI document (schemathesis, every check).

The document is the one the site serves at /api/hsds/openapi.json, fetched in-process; its responses refer
to the official HSDS 3.0 schemas by their published URLs, which are bundled into it from the unmodified
copies in tests/opendata/hsds-3.0 (nothing is fetched from the network). Requests go to the Django WSGI
application in-process, against the sample catalogue. Bounded: a few examples per operation and phase.
"""

import copy
import json
from collections import Counter

import pytest
import schemathesis
import schemathesis.openapi
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from tests.opendata import schemas

MAX_EXAMPLES = 25
RUN = Counter()  # operation → cases run, for the summary at the end


def bundled(document: dict) -> dict:
    """``document`` with every ``$ref`` to a published HSDS schema pointing at a copy under components/schemas."""
    document = copy.deepcopy(document)
    components = document.setdefault("components", {}).setdefault("schemas", {})

    def key_for(uri: str) -> str:
        name = uri.removeprefix(schemas.PUBLISHED).removesuffix(".json").replace("/", "_")
        key = f"hsds_{name}"
        if key not in components:
            relative = uri.removeprefix(schemas.PUBLISHED)
            components[key] = {}  # reserved first: the schemas refer to each other
            loaded = json.loads((schemas.HSDS_DIR / relative).read_text(encoding="utf-8"))
            loaded.pop("$id", None)
            loaded.pop("$schema", None)
            base = schemas.PUBLISHED + (relative.rsplit("/", 1)[0] + "/" if "/" in relative else "")
            components[key] = rewrite(loaded, base)
        return key

    def rewrite(node, base: str):
        if isinstance(node, dict):
            out = {}
            for name, value in node.items():
                if name == "$ref" and isinstance(value, str) and not value.startswith("#"):
                    uri = value if value.startswith("https://") else base + value
                    out[name] = "#/components/schemas/" + key_for(uri)
                else:
                    out[name] = rewrite(value, base)
            return out
        if isinstance(node, list):
            return [rewrite(item, base) for item in node]
        return node

    rewritten = rewrite({key: value for key, value in document.items() if key != "components"}, schemas.PUBLISHED)
    rewritten["components"] = rewrite(document["components"], schemas.PUBLISHED)
    rewritten["components"]["schemas"].update(components)
    return rewritten


def load() -> schemathesis.BaseSchema:
    """The served document (from the app in-process), bundled; calls go to the same app in-process.

    Loaded when the module is collected, not from a fixture: ``schemathesis.pytest.from_fixture`` fails under
    pytest 9 (schemathesis 4.32.5 reads ``request.node._nodeid``, which pytest 9 no longer has). Serving the
    document reads no database."""
    app = WSGIHandler()
    served = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", app)
    schema = schemathesis.openapi.from_dict(bundled(served.raw_schema))
    schema.app = app
    schema.location = served.location
    return schema


schema = load()


@pytest.fixture(autouse=True)
def connection_kept_open():
    """As Django's test client does: the request signals would close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_bundled_document_refers_to_nothing_outside_itself():
    document = schema.raw_schema
    refs = list(_refs(document))
    assert refs and all(ref.startswith("#/") for ref in refs)
    assert "hsds_compiled_service" in document["components"]["schemas"]


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_the_api_conforms_to_its_openapi_document(catalogue, case):
    RUN[f"{case.method} {case.path}"] += 1
    case.call_and_validate(checks=list(CHECKS.get_all()))


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def teardown_module(module):
    print(f"\nschemathesis: {sum(RUN.values())} cases over {len(RUN)} operations: {dict(sorted(RUN.items()))}")
