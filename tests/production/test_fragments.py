"""Fragment caching (zhujing_center/fragments.py): rules, failure of the shared cache, and what pages cost."""

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.utils import translation

from services.models import Service
from tests.factories import log_in_verified
from zhujing_center import fragments, versioning


class Renders:
    """A render function that counts its calls."""

    def __init__(self, html="<p>x</p>"):
        self.html = html
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.html


def test_a_fragment_is_rendered_once_then_read(fragment_caching):
    render = Renders()
    first = fragments.cached(None, "box", ["a"], render)
    second = fragments.cached(None, "box", ["a"], render)
    assert first == second == "<p>x</p>" and render.calls == 1


def test_the_shared_copy_serves_another_worker(fragment_caching):
    render = Renders()
    fragments.cached(None, "box", ["a"], render)
    caches["fragments"].clear()  # another worker: nothing in its own memory
    fragments.cached(None, "box", ["a"], render)
    assert render.calls == 1


def test_what_a_fragment_varies_on_gives_it_its_own_copy(fragment_caching):
    render = Renders()
    fragments.cached(None, "box", ["a"], render)
    fragments.cached(None, "box", ["b"], render)
    fragments.cached(None, "other", ["a"], render)
    assert render.calls == 3


def test_an_edit_retires_every_fragment(fragment_caching):
    render = Renders()
    fragments.cached(None, "box", [], render)
    versioning.bump()
    fragments.cached(None, "box", [], render)
    assert render.calls == 2


def test_the_key_holds_version_language_and_name():
    with translation.override("zh-hans"):
        key = fragments.fragment_key("card", 7, [1, "202611291200", "血压"])
    with translation.override("en"):
        other_language = fragments.fragment_key("card", 7, [1, "202611291200", "血压"])
    assert key.startswith(f"frag:{versioning.release()}:7:zh-hans:card:") and key != other_language
    assert key != fragments.fragment_key("card", 8, [1, "202611291200", "血压"])
    # Parts are separated: ("ab", "c") and ("a", "bc") are different fragments.
    assert fragments.fragment_key("x", 1, ["ab", "c"]) != fragments.fragment_key("x", 1, ["a", "bc"])


def test_turned_off_renders_every_time(settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    render = Renders()
    fragments.cached(None, "box", [], render)
    fragments.cached(None, "box", [], render)
    assert render.calls == 2


def test_the_version_is_read_once_per_request(fragment_caching):
    request = RequestFactory().get("/")
    first = versioning.version_for(request)
    versioning.bump()
    assert versioning.version_for(request) == first  # one page never mixes two versions
    assert versioning.version_for(RequestFactory().get("/")) == first + 1


def test_many_renders_only_the_missing_in_order(fragment_caching):
    asked = []

    def render_missing(items):
        asked.append(list(items))
        return [f"<li>{item}</li>" for item in items]

    fragments.cached_many(None, "card", [2, 4], lambda item: [item], render_missing)
    html = fragments.cached_many(None, "card", [1, 2, 3, 4], lambda item: [item], render_missing)
    assert html == ["<li>1</li>", "<li>2</li>", "<li>3</li>", "<li>4</li>"]
    assert asked == [[2, 4], [1, 3]]


class Unreachable:
    """A shared cache whose server is down."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is down")

        return fail


def test_an_unreachable_cache_renders_instead_of_failing(fragment_caching, monkeypatch):
    monkeypatch.setattr(fragments, "cache", Unreachable())
    monkeypatch.setattr(versioning, "cache", Unreachable())
    render = Renders()
    assert fragments.cached(RequestFactory().get("/"), "box", [], render) == "<p>x</p>"
    assert fragments.cached_many(None, "card", [1], lambda item: [item], lambda items: ["<li>1</li>"]) == ["<li>1</li>"]
    assert render.calls == 1


@pytest.mark.django_db
def test_pages_still_answer_with_the_cache_down(client, sample, fragment_caching, monkeypatch, settings):
    from zhujing_center import page_cache

    settings.PAGE_CACHE_SECONDS = 60
    for module in (fragments, versioning, page_cache):
        monkeypatch.setattr(module, "cache", Unreachable())
    for path in ("/", "/services/category/health/", "/services/?q=xy", "/services/mianfei-liang-xueya/"):
        assert client.get(path).status_code == 200


PAGES = [
    "/",
    "/services/",
    "/services/category/health/",
    "/services/?q=xueya&free=on",
    "/services/mianfei-liang-xueya/",
]
PAGES += ["/venues/health-station/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_a_page_from_fragments_is_the_page_rendered_afresh(client, sample, fragment_caching, path):
    for _ in range(3):  # the minute may turn between the two requests: then try again
        minute = fragments.minute()
        fresh = client.get(path).content
        cached = client.get(path).content
        if fragments.minute() == minute:
            break
    assert cached == fresh


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_a_page_seen_since_the_last_edit_asks_the_database_nothing(client, sample, fragment_caching, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert [query["sql"][:120] for query in queries] == []


@pytest.mark.django_db
def test_a_draft_seen_by_staff_stays_hidden_from_the_public(client, admin_client, admin_user, sample, fragment_caching):
    log_in_verified(admin_client, admin_user)
    service = Service.objects.get(slug="mianfei-liang-xueya")
    service.is_published = False
    service.save()
    assert admin_client.get(service.get_absolute_url()).status_code == 200  # staff preview, now cached
    assert client.get(service.get_absolute_url()).status_code == 404
    assert admin_client.get("/venues/health-station/").status_code == 200
    assert service.name not in client.get("/venues/health-station/").content.decode()


def test_a_lookup_table_is_made_once_per_version_and_the_old_one_dropped(fragment_caching):
    made = []

    def make():
        made.append(1)
        return {"rooms": len(made)}

    first = fragments.memoized(None, "table", make)
    assert fragments.memoized(None, "table", make) is first and len(made) == 1
    versioning.bump()
    second = fragments.memoized(None, "table", make)
    assert second == {"rooms": 2}
    assert [key for key in fragments._memo if key[0] == "table"] == [("table", versioning.content_version(), ())]


def test_lookup_tables_follow_edits_on_list_pages(client, sample, fragment_caching):
    from venues.models import Venue

    where = "· 智慧健康驿站</span>"  # a card's room
    assert where in client.get("/services/category/health/").content.decode()
    room = Venue.objects.get(slug="health-station")
    room.is_published = False
    room.save()
    assert where not in client.get("/services/category/health/").content.decode()


@pytest.mark.django_db
def test_the_filter_form_shows_each_address_its_own_choices(client, sample, fragment_caching):
    checked = client.get("/services/?q=xueya&free=on&floor=1").content.decode()
    plain = client.get("/services/?q=xy").content.decode()
    assert 'id="id_free" checked' in checked and '<option value="1" selected>' in checked
    assert 'id="id_free" checked' not in plain and "selected>" not in plain
    assert 'value="xy"' in plain


@pytest.mark.django_db
def test_the_header_follows_the_display_mode(client, sample, fragment_caching):
    assert "退出长辈模式" not in client.get("/services/").content.decode()
    client.cookies["display"] = "large"
    assert "退出长辈模式" in client.get("/services/").content.decode()
    del client.cookies["display"]
    assert "退出长辈模式" not in client.get("/services/").content.decode()
