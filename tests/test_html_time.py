"""The ``datetime_attr`` filter: a ``<time datetime>`` value the HTML standard (and the Nu checker) accepts."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import timezone

from zhujing_center.templatetags.html_time import datetime_attr

SHANGHAI = ZoneInfo("Asia/Shanghai")
# HTML's "valid global date and time string", to the second, with an offset.
GLOBAL_DATE_AND_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def test_microseconds_are_dropped():
    value = datetime.datetime(2026, 12, 2, 12, 21, 17, 118022, tzinfo=SHANGHAI)
    assert datetime_attr(value) == "2026-12-02T12:21:17+08:00"


def test_a_utc_time_is_written_in_shanghai_time_with_its_offset():
    value = datetime.datetime(2026, 12, 2, 1, 30, tzinfo=datetime.UTC)
    assert datetime_attr(value) == "2026-12-02T09:30:00+08:00"


def test_a_naive_time_is_taken_as_shanghai_time():
    assert datetime_attr(datetime.datetime(2026, 12, 8, 9, 0)) == "2026-12-08T09:00:00+08:00"


def test_now_is_a_valid_global_date_and_time_string():
    assert GLOBAL_DATE_AND_TIME.match(datetime_attr(timezone.now()))


def test_a_date_stays_a_date():
    assert datetime_attr(datetime.date(2026, 12, 5)) == "2026-12-05"


def test_anything_else_is_empty():
    for value in (None, "", "2026-12-02", 0):
        assert datetime_attr(value) == ""


def test_the_filter_in_a_template():
    value = datetime.datetime(2026, 12, 2, 12, 21, 17, 500000, tzinfo=SHANGHAI)
    html = Template('{% load html_time %}<time datetime="{{ at|datetime_attr }}">').render(Context({"at": value}))
    assert html == '<time datetime="2026-12-02T12:21:17+08:00">'
