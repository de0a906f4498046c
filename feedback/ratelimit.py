"""At most ``LIMIT`` feedback submissions per client address in ``WINDOW_SECONDS``.

A submission takes a slot before it is stored, and counting and checking are one atomic step, so
many posts at the same moment cannot store more than ``LIMIT``: in the cache, ``add`` opens the window
and ``incr`` returns this submission's number (Redis's INCR and the local-memory cache's lock make the
count atomic; Django's Redis ``incr`` checks the key exists first, so a window ending between the two
would leave a key without expiry: the first number of a window sets its expiry again); when
the cache cannot be reached, one conditional ``UPDATE … WHERE count < LIMIT`` on the client's
``SubmissionWindow`` row does the same in the database.

The address is never stored: the key is a keyed hash of it (HMAC with SECRET_KEY), kept only as long
as the window. The address comes from ``zhujing_center.security.client_ip_address``: ``REMOTE_ADDR``,
or the right entry of X-Forwarded-For when ``TRUSTED_PROXY_COUNT`` says a proxy (nginx) is in front,
as for the admin's login lock-out.
"""

import datetime as dt
import logging

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zhujing_center.security import client_ip_address

from .models import SubmissionWindow

LIMIT = 5
WINDOW_SECONDS = 10 * 60
ATTEMPTS = 3  # a window that ends, or is opened by another request, between two steps: try again

logger = logging.getLogger(__name__)


class CacheCountError(Exception):
    """The window kept ending between ``add`` and ``incr``."""


def client_key(request: HttpRequest) -> str:
    address = client_ip_address(request) or "unknown"
    return "feedback-rate:" + salted_hmac("feedback.ratelimit", address).hexdigest()[:32]


def within_limit(number: int) -> bool:
    """Whether the submission with this number in its window (1 for the first) may be stored."""
    return number <= LIMIT


def take_slot(request: HttpRequest) -> bool:
    """Count one submission of this client; False when it is over the limit and must not be stored."""
    key = client_key(request)
    try:
        number = count_in_cache(key)
    except Exception:  # the cache is unreachable (Redis down): count in the database instead
        logger.warning("feedback rate limit: cache unreachable, counting in the database", exc_info=True)
        return take_slot_in_database(key, timezone.now())
    return within_limit(number)


def count_in_cache(key: str) -> int:
    """This submission's number in the client's window; the window starts at its first submission."""
    for _ in range(ATTEMPTS):
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            number = cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            continue
        if number == 1:
            cache.touch(key, WINDOW_SECONDS)
        return number
    raise CacheCountError(key)


def take_slot_in_database(key: str, now: dt.datetime) -> bool:
    """The same rule in the database: one conditional UPDATE takes a slot, or a new row opens the window."""
    windows = SubmissionWindow.objects
    windows.filter(expires_at__lte=now).delete()  # ended windows, of every client, are forgotten
    for _ in range(ATTEMPTS):
        if windows.filter(key=key, expires_at__gt=now, count__lt=LIMIT).update(count=F("count") + 1):
            return True
        if windows.filter(key=key).exists():
            return False  # the window is full
        try:
            with transaction.atomic():
                windows.create(key=key, count=1, expires_at=now + dt.timedelta(seconds=WINDOW_SECONDS))
            return True
        except IntegrityError:  # another request opened the window first: count in it
            continue
    return False
