"""Plain factory functions for tests: each makes one valid row with sensible defaults."""

import datetime as dt
import itertools
from decimal import Decimal

from circle.models import Area, PointOpeningHours, PointService, ServicePoint
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


def make_area(*, latitude="30.896600", longitude="121.160500", **fields) -> Area:
    """A residential area (居民区) at the given WGS-84 position (default: by the centre)."""
    n = next(_seq)
    fields.setdefault("name", f"第{n}居民区")
    fields.setdefault("slug", f"area-{n}")
    return Area.objects.create(latitude=Decimal(latitude), longitude=Decimal(longitude), **fields)


def make_point(
    *, areas=(), services=(), weekly: tuple[tuple[int, str, str], ...] | None = None, **fields
) -> ServicePoint:
    """A service point serving ``areas``, offering ``services``; ``weekly`` as for ``make_venue``."""
    n = next(_seq)
    fields.setdefault("name", f"第{n}服务站")
    fields.setdefault("slug", f"point-{n}")
    fields.setdefault("kind", "health")
    fields.setdefault("address", f"朱泾镇第{n}号")
    fields.setdefault("latitude", Decimal("30.897000"))
    fields.setdefault("longitude", Decimal("121.161000"))
    point = ServicePoint.objects.create(**fields)
    point.areas.set(areas)
    if weekly is None and not point.open_24_hours:
        weekly = tuple((day, "09:00", "17:00") for day in range(7))
    for weekday, opens, closes in weekly or ():
        PointOpeningHours.objects.create(point=point, weekday=weekday, opens=_t(opens), closes=_t(closes))
    for service in services:
        PointService.objects.create(point=point, service=service)
    return point


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
