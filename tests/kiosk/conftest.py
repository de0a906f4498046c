import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import load_sample
from zhujing_center.hours import CENTRE_TZ


@pytest.fixture
def catalogue(db):
    """Here the sample is loaded per test: this module mixes it with small factory-made worlds."""
    load_sample()


@pytest.fixture
def sample(catalogue):
    """As ``catalogue``: the whole sample, per test."""


@pytest.fixture
def clock(monkeypatch):
    """``clock("22:30")``: from then on the site's time is today (in Shanghai) at 22:30, standing still.

    Today rather than a fixed date: the sample's activities are dated from the real today.
    """

    def set_to(hhmm: str, days: int = 0) -> dt.datetime:
        today = dt.datetime.now(CENTRE_TZ).date() + dt.timedelta(days=days)
        moment = dt.datetime.combine(today, dt.time.fromisoformat(hhmm), CENTRE_TZ)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


@pytest.fixture
def daytime(clock):
    """10:30 today: the sample's rooms are open (the loop shows its daytime panels)."""
    return clock("10:30")


@pytest.fixture
def night(clock):
    """22:30 today: only the love relay station is open."""
    return clock("22:30")
