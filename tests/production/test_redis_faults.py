"""Redis failing, through real sockets (no mocks): refusing, hung (accepts, never answers), flushed.

Both cache aliases (``default``: the feedback rate limit; ``pages``: whole public pages) are pointed at
the fault with the real settings' timeouts (``cache_settings``). Whatever Redis does, every public page
answers within a second, staff can sign in and save, and residents can send feedback (counted in the
database instead: feedback/ratelimit.py). django-axes keeps its login attempts in the database
(AxesDatabaseHandler, the default handler), not in the cache.
"""

import socket
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.urls import reverse

from config.settings import cache_settings
from feedback.models import Feedback
from services.models import Service
from tests.html_forms import admin_form_data
from zhujing_center.roles import ensure_editor_group

pytestmark = pytest.mark.django_db

PASSWORD = "zhujing-correct-horse-2024"
PUBLIC_PAGES = [
    "/",
    "/services/",
    "/services/?q=血压",
    "/services/mianfei-liang-xueya/",
    "/venues/library/",
    "/activities/",
    "/kiosk/",
]
SERVICE = "mianfei-liang-xueya"
BUDGET_SECONDS = 1.0


def point_caches_at(settings, url: str, pages_url: str | None = None) -> None:
    """Both aliases at ``url`` (Django's setting_changed handler for CACHES drops every open connection,
    so the next use connects anew)."""
    settings.CACHES = {
        "default": cache_settings(url, "default", 1000),
        "pages": cache_settings(pages_url or url, "pages", 2000),
    }


@pytest.fixture
def refusing_port():
    """A port bound but not listening: connecting to it is refused at once (and nobody else can take it)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def hung_port():
    """A server that accepts connections and never answers (Redis frozen, or a black hole behind a proxy)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for sock in held:
        sock.close()
    server.close()


@pytest.fixture(params=["refusing", "hung"])
def broken_redis(request, settings):
    port = request.getfixturevalue(f"{request.param}_port")
    point_caches_at(settings, f"redis://127.0.0.1:{port}/0")
    return request.param


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_editor_group())
    return user


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - started


# ---------------------------------------------------------------- refusing and hung


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_answer_within_a_second(client, sample, broken_redis, path):
    for _ in range(2):  # the first visit, and the one that would have been a cache hit
        response, seconds = timed(client.get, path)
        assert response.status_code == 200, path
        assert seconds < BUDGET_SECONDS, f"{path} took {seconds:.2f} s with Redis {broken_redis}"
        assert "X-Page-Cache" not in response  # neither served from nor stored in the cache


def test_staff_sign_in_and_save(client, sample, editor, broken_redis, commit, caplog):
    response, seconds = timed(
        client.post,
        reverse("two_factor:login"),
        {"auth-username": "editor", "auth-password": PASSWORD, "login_view-current_step": "auth"},
    )
    assert response.status_code == 302 and seconds < BUDGET_SECONDS
    assert client.get(reverse("admin:index")).status_code == 200

    service = Service.objects.get(slug=SERVICE)
    url = reverse("admin:services_service_change", args=[service.pk])
    data = admin_form_data(client.get(url))
    data["summary"] = "Redis 停了也能保存"
    started = time.monotonic()
    response = client.post(url, data)
    commit()  # as the request's transaction commits: emptying the page cache is tried, and fails
    seconds = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    assert seconds < BUDGET_SECONDS
    assert "page cache could not be emptied after an edit" in caplog.text
    service.refresh_from_db()
    assert service.summary == "Redis 停了也能保存"


def test_feedback_is_accepted_and_still_rate_limited(client, sample, broken_redis):
    url = reverse("feedback:service", kwargs={"slug": SERVICE})
    data = {"kind": "wrong", "message": "咨询电话已经换号了，现在打不通。", "phone": "", "website": ""}
    response, seconds = timed(client.post, url, data)
    assert response.status_code == 302 and seconds < BUDGET_SECONDS
    assert response.url == reverse("feedback:service_thanks", kwargs={"slug": SERVICE})
    assert Feedback.objects.count() == 1
    for _ in range(5):  # counted in the database instead: the sixth in the window is refused
        client.post(url, data)
    assert Feedback.objects.count() == 5


# ---------------------------------------------------------------- flushed (the real Redis)

REAL_REDIS = ("127.0.0.1", 6379)
DEFAULT_DB, PAGES_DB = 14, 15


def redis_reachable() -> bool:
    try:
        socket.create_connection(REAL_REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def real_redis(settings):
    """The real Redis, two databases of the tests' own (emptied before and after)."""
    if not redis_reachable():
        pytest.skip("no Redis at 127.0.0.1:6379")
    point_caches_at(settings, f"redis://127.0.0.1:6379/{DEFAULT_DB}", f"redis://127.0.0.1:6379/{PAGES_DB}")
    flush = lambda: [caches[alias].clear() for alias in ("default", "pages")]  # noqa: E731 - FLUSHDB on each
    flush()
    yield flush
    flush()


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.get("X-Page-Cache"), response.content.decode()


def test_a_flushed_redis_loses_nothing_but_copies(client, sample, commit, real_redis):
    """FLUSHDB on both databases (a Redis restart without persistence, or FLUSHALL): the pages' copies and
    the record of the last clear go; the next visit makes the page again, and an edit shows at once."""
    path = f"/services/{SERVICE}/"
    assert page(client, path)[0] == "miss"
    assert page(client, path)[0] == "hit"
    real_redis()
    assert page(client, path)[0] == "miss"  # made again, not an error
    service = Service.objects.get(slug=SERVICE)
    service.summary = "清空 Redis 之后的修改"
    service.save()
    commit()
    state, html = page(client, path)
    assert state == "miss" and "清空 Redis 之后的修改" in html


def test_an_edit_while_redis_is_down_is_stale_at_most_the_page_cache_time(client, sample, commit, real_redis, settings):
    """What is guaranteed: an edit committed while the pages' Redis cannot be reached cannot empty it (the
    save itself succeeds and the failure is logged as an error); copies stored before the outage are then
    served until they expire, at most PAGE_CACHE_SECONDS after they were stored — never longer, since every
    copy is stored with that expiry. Pages made during the outage are not stored at all."""
    settings.PAGE_CACHE_SECONDS = 2
    path = f"/services/{SERVICE}/"
    assert page(client, path)[0] == "miss"
    stored_at = time.monotonic()

    pages_url = settings.CACHES["pages"]["LOCATION"]
    down = socket.socket()
    down.bind(("127.0.0.1", 0))
    try:
        settings.CACHES = {
            **settings.CACHES,
            "pages": cache_settings(f"redis://127.0.0.1:{down.getsockname()[1]}/0", "", 0),
        }
        service = Service.objects.get(slug=SERVICE)
        service.summary = "Redis 停着时的修改"
        service.save()
        commit()  # emptying the cache fails: logged, the edit stays saved
        state, html = page(client, path)
        assert state is None and "Redis 停着时的修改" in html  # made fresh, not stored
    finally:
        down.close()
        settings.CACHES = {**settings.CACHES, "pages": cache_settings(pages_url, "pages", 2000)}

    state, html = page(client, path)  # Redis is back: the copy from before the edit, until it expires
    assert state == "hit" and "Redis 停着时的修改" not in html
    time.sleep(max(0.0, stored_at + settings.PAGE_CACHE_SECONDS + 0.2 - time.monotonic()))
    state, html = page(client, path)
    assert state == "miss" and "Redis 停着时的修改" in html
