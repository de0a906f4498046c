"""At most ``LIMIT`` feedback submissions per client address in ``WINDOW_SECONDS``, counted in the cache.

The address is never stored: the cache key is a keyed hash of it (HMAC with SECRET_KEY), kept
only as long as the window. The address comes from ``zhujing_center.security.client_ip_address``:
``REMOTE_ADDR``, or the right entry of X-Forwarded-For when ``TRUSTED_PROXY_COUNT`` says a
proxy (nginx) is in front, as for the admin's login lock-out.
"""

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from zhujing_center.security import client_ip_address

LIMIT = 5
WINDOW_SECONDS = 10 * 60


def client_key(request: HttpRequest) -> str:
    address = client_ip_address(request) or "unknown"
    return "feedback-rate:" + salted_hmac("feedback.ratelimit", address).hexdigest()[:32]


def is_limited(request: HttpRequest) -> bool:
    """True when this client has used up its submissions for the current window."""
    return (cache.get(client_key(request)) or 0) >= LIMIT


def count_submission(request: HttpRequest) -> None:
    """One more submission in this client's window (the window starts at its first submission)."""
    key = client_key(request)
    if not cache.add(key, 1, timeout=WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=WINDOW_SECONDS)
