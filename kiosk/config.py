"""The kiosk's timings: from settings, overridable per URL for testing (``?idle=5``), always clamped."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

# Seconds the "还在使用吗？" overlay counts down before the kiosk returns to its attract loop.
COUNTDOWN_SECONDS = 20
# Seconds each attract-loop panel stays on screen.
ROTATE_SECONDS = 12
# Seconds between fetches of fresh attract-loop content.
REFRESH_SECONDS = 300

# (lowest, highest) accepted from the query string.
IDLE_RANGE = (5, 600)
ROTATE_RANGE = (2, 120)
REFRESH_RANGE = (5, 3600)


@dataclass(frozen=True)
class KioskConfig:
    idle: int
    countdown: int
    rotate: int
    refresh: int


def clamped(value: str | None, default: int, bounds: tuple[int, int]) -> int:
    """``value`` as a whole number within ``bounds``; ``default`` when it is missing or not a number."""
    low, high = bounds
    try:
        number = int((value or "").strip()[:12])
    except ValueError:
        return default
    return max(low, min(high, number))


def config_for(request: HttpRequest) -> KioskConfig:
    idle_default = max(IDLE_RANGE[0], int(settings.KIOSK_IDLE_SECONDS))
    return KioskConfig(
        idle=clamped(request.GET.get("idle"), idle_default, IDLE_RANGE),
        countdown=COUNTDOWN_SECONDS,
        rotate=clamped(request.GET.get("rotate"), ROTATE_SECONDS, ROTATE_RANGE),
        refresh=clamped(request.GET.get("refresh"), REFRESH_SECONDS, REFRESH_RANGE),
    )
