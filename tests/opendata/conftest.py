import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from services.models import Service
from tests.factories import make_special_day
from tests.opendata.helpers import get_json
from venues.models import OpeningHours, Venue


@pytest.fixture(scope="module")
def catalogue_for_module(django_db_setup, django_db_blocker):
    """fixtures/catalogue.json loaded once per test module, inside a transaction undone at the module's end.

    Loading it takes seconds (every service rebuilds its search index), and most modules here read it
    in dozens of tests. Each test still runs in its own savepoint, so whatever a test changes is rolled
    back after it — the same arrangement as ``TestCase.setUpTestData``.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("loaddata", "catalogue", verbosity=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def circle_for_module(django_db_setup, django_db_blocker):
    """fixtures/catalogue.json and fixtures/circle.json (30 areas, 34 points, their offers), once per module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("loaddata", "catalogue", "circle", verbosity=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def circle(circle_for_module, db):
    """The sample catalogue with the 15-minute circle's sample areas and service points (see above)."""


@pytest.fixture
def catalogue(catalogue_for_module, db):
    """The sample catalogue (as tests/conftest.py's ``catalogue``), loaded once per module: see above."""


@pytest.fixture
def api(client):
    """``api(url)``: the JSON of a successful GET."""
    return lambda url, status=200: get_json(client, url, status)


@pytest.fixture
def varied(catalogue):
    """The sample catalogue with what it lacks: closures, changed hours, a late-night range and drafts."""
    today = timezone.localdate()
    hall = Venue.objects.get(slug="affairs-hall")
    for offset in (3, 4, 5):
        make_special_day(hall, today + dt.timedelta(days=offset), reason="国庆节")
    make_special_day(hall, today + dt.timedelta(days=9), opens="09:00", closes="12:00", reason="调休")
    relay = Venue.objects.get(slug="relay-station")
    make_special_day(relay, today, reason="设备检修")
    cafe = Venue.objects.get(slug="coffee-house")
    OpeningHours.objects.create(venue=cafe, weekday=4, opens=dt.time(18), closes=dt.time(2))
    draft_room = Venue.objects.get(slug="guqin-studio")
    draft_room.is_published = False
    draft_room.save()
    draft = Service.objects.get(slug="rudang-shenqing-zixun")
    draft.is_published = False
    draft.save()
