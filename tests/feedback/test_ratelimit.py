"""The feedback rate limit counts and checks in one atomic step: posts at the same moment store exactly
``LIMIT``, in the cache and, with the cache down, in the database."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from feedback import ratelimit
from feedback.models import Feedback, SubmissionWindow
from tests.factories import make_service

from .helpers import form_data

AT_ONCE = 30
# Nothing listens on port 1: every cache call fails at once, as with Redis down.
REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1},
    }
}


@pytest.fixture
def cache_down(settings, fresh_cache):
    """Redis unreachable for the test, and the tests' own cache again before ``fresh_cache`` clears it."""
    working = settings.CACHES
    settings.CACHES = REDIS_DOWN
    yield
    settings.CACHES = working


def all_at_once(task, times: int = AT_ONCE) -> list:
    """``task()`` in ``times`` threads released together; each thread closes its own database connection."""
    start = threading.Barrier(times)

    def run():
        try:
            start.wait()
            return task()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=times) as pool:
        futures = [pool.submit(run) for _ in range(times)]
        return [future.result() for future in futures]


def a_request(address: str = "203.0.113.9"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


# ---------------------------------------------------------------- the rule


@pytest.mark.parametrize(("number", "allowed"), [(1, True), (ratelimit.LIMIT, True), (ratelimit.LIMIT + 1, False)])
def test_submissions_up_to_the_limit_are_allowed(number, allowed):
    assert ratelimit.within_limit(number) is allowed


# ---------------------------------------------------------------- in the cache


def test_concurrent_slots_in_the_cache_are_exactly_the_limit():
    request = a_request()
    taken = all_at_once(lambda: ratelimit.take_slot(request))
    assert taken.count(True) == ratelimit.LIMIT
    assert ratelimit.take_slot(a_request("203.0.113.10")) is True  # another client has its own window


def test_a_window_that_ends_between_add_and_incr_is_opened_again(monkeypatch):
    key = ratelimit.client_key(a_request())
    store = caches["default"]  # what ratelimit.cache is in this thread
    calls = []
    real_incr = store.incr

    def incr_after_expiry(name, delta=1):
        calls.append(name)
        if len(calls) == 1:
            store.delete(name)  # the window's timeout passes just now
        return real_incr(name, delta)

    monkeypatch.setattr(store, "incr", incr_after_expiry)
    assert ratelimit.count_in_cache(key) == 1
    assert len(calls) == 2


# ---------------------------------------------------------------- in the database, with the cache down


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("cache_down")
def test_with_the_cache_down_concurrent_slots_in_the_database_are_exactly_the_limit():
    request = a_request()
    taken = all_at_once(lambda: ratelimit.take_slot(request))
    assert taken.count(True) == ratelimit.LIMIT
    (window,) = SubmissionWindow.objects.all()
    assert window.count == ratelimit.LIMIT
    assert "203.0.113.9" not in window.key


@pytest.mark.django_db
def test_a_database_window_ends_and_is_forgotten():
    now = timezone.now()
    key, other = "feedback-rate:a", "feedback-rate:b"
    SubmissionWindow.objects.create(key=other, count=2, expires_at=now - dt.timedelta(seconds=1))
    for _ in range(ratelimit.LIMIT):
        assert ratelimit.take_slot_in_database(key, now) is True
    assert ratelimit.take_slot_in_database(key, now) is False
    assert not SubmissionWindow.objects.filter(key=other).exists()  # an ended window is deleted
    later = now + dt.timedelta(seconds=ratelimit.WINDOW_SECONDS)
    assert ratelimit.take_slot_in_database(key, later) is True
    assert SubmissionWindow.objects.get(key=key).count == 1


# ---------------------------------------------------------------- through the form


def post_feedback(url: str) -> int:
    return Client().post(url, form_data(), REMOTE_ADDR="203.0.113.9").status_code


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("down", [False, True], ids=["cache", "cache down"])
def test_concurrent_posts_store_exactly_the_limit(request, down):
    url = reverse("feedback:service", kwargs={"slug": make_service(slug="xueya").slug})
    if down:
        request.getfixturevalue("cache_down")
    statuses = all_at_once(lambda: post_feedback(url))
    assert Feedback.objects.count() == ratelimit.LIMIT
    assert sorted(statuses) == [302] * ratelimit.LIMIT + [429] * (AT_ONCE - ratelimit.LIMIT)
