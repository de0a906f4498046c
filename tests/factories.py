"""Plain factory functions for tests: each makes one valid row with sensible defaults."""

import datetime as dt
import itertools

from services.models import Audience, Category, Service, ServiceHours
from venues.models import OpeningHours, SpecialDay, Venue

_seq = itertools.count(1)


def make_category(**fields) -> Category:
    n = next(_seq)
    fields.setdefault("name", f"类别{n}")
    fields.setdefault("slug", f"category-{n}")
    return Category.objects.create(**fields)


def make_audience(**fields) -> Audience:
    n = next(_seq)
    fields.setdefault("name", f"对象{n}")
    fields.setdefault("slug", f"audience-{n}")
    return Audience.objects.create(**fields)


def make_venue(*, weekly: tuple[tuple[int, str, str], ...] | None = None, **fields) -> Venue:
    """A venue; ``weekly`` rows are (weekday, "HH:MM", "HH:MM"), default Mon–Sun 09:00–17:00."""
    n = next(_seq)
    fields.setdefault("name", f"活动室{n}")
    fields.setdefault("slug", f"venue-{n}")
    fields.setdefault("floor", 1)
    venue = Venue.objects.create(**fields)
    if weekly is None and not venue.open_24_hours:
        weekly = tuple((day, "09:00", "17:00") for day in range(7))
    for weekday, opens, closes in weekly or ():
        OpeningHours.objects.create(venue=venue, weekday=weekday, opens=_t(opens), closes=_t(closes))
    return venue


def make_special_day(venue: Venue, date: dt.date, *, opens: str | None = None, closes: str | None = None, **fields):
    closed = opens is None
    return SpecialDay.objects.create(
        venue=venue, date=date, closed=closed, opens=opens and _t(opens), closes=closes and _t(closes), **fields
    )


def make_service(*, category: Category | None = None, venues=(), audiences=(), own_hours=(), **fields) -> Service:
    n = next(_seq)
    fields.setdefault("name", f"服务事项{n}")
    fields.setdefault("slug", f"service-{n}")
    fields.setdefault("summary", f"第{n}项服务的简介")
    service = Service.objects.create(category=category or make_category(), **fields)
    service.venues.set(venues)
    service.audiences.set(audiences)
    for weekday, opens, closes in own_hours:
        ServiceHours.objects.create(service=service, weekday=weekday, opens=_t(opens), closes=_t(closes))
    return service


def _t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def log_in_verified(client, user, device=None) -> None:
    """``user`` signed in past the second factor: ``device`` (by default a confirmed authenticator app)
    and the session marked as verified with it, as django_otp.login() leaves it (staff then see drafts:
    drafts.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if device is None:
        device = TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})[0]
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
