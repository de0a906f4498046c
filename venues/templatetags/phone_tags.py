"""``{% phone_of obj as phone %}``: a phone number with when it is answered, for ``includes/phone.html``.

``obj`` is the centre (or nothing: the centre), a room or a service point, an activity (its booking number)
or a service;
``{% phone_of service "booking" as phone %}`` is the service's booking number (its 预约电话, else its
咨询电话, else the centre's). The rule of whose hours a number follows is ``zhujing_center.phones``. Then::

    {% include "includes/phone.html" with phone=phone %}
    {% include "includes/phone.html" with phone=phone label=_("预约电话") link=False brief=True %}

``label`` is read before the number, ``link=False`` shows it as text (the kiosk has no telephone),
``brief=True`` leaves out the list of what works while nobody answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from zhujing_center import phones
from zhujing_center.models import Centre

from ..models import ScheduledPlace

register = template.Library()


@dataclass(frozen=True)
class ShownPhone:
    number: str
    href: str
    answering: phones.Answering


def centre_line(context) -> phones.PhoneLine:
    centre = context.get("centre")
    if centre is None:
        centre = Centre.load()
    return centre.phone_line


def line_of(obj, which: str, fallback: phones.PhoneLine) -> phones.PhoneLine:
    if obj is None or isinstance(obj, Centre):
        return fallback
    if isinstance(obj, ScheduledPlace):  # a room or a service point of the circle
        return obj.phone_line(fallback)
    if hasattr(obj, "venue") and hasattr(obj, "booking_phone"):
        # An activity's booking number: its room's line when it is the room's, else answered in the room's hours.
        venue = obj.venue
        known = [venue.phone_line(fallback)] if venue.phone else []
        return phones.line_for(obj.booking_phone, venue.schedule(), fallback, known)
    # A service: its own number in its hours, unless the number is one of its rooms' (then that room's).
    number = (obj.booking_phone or obj.phone) if which == "booking" else obj.phone
    known = [
        venue.phone_line(fallback)
        for venue in obj.venues.all()
        if venue.phone and phones.same_number(venue.phone, number)
    ][:1]
    return phones.line_for(number, obj.schedule(), fallback, known)


TIME_RANGE = re.compile(r"\d{1,2}:\d{2}–\d{1,2}:\d{2}")


@register.filter
def keep_times(text: str) -> SafeString:
    """``text`` escaped, each "08:30–20:30" in it kept on one line (``.time-range``, see site.css)."""
    escaped = str(conditional_escape(text))
    return mark_safe(TIME_RANGE.sub(lambda match: f'<span class="time-range">{match.group(0)}</span>', escaped))


@register.simple_tag(takes_context=True)
def phone_of(context, obj=None, which: str = "") -> ShownPhone:
    line = line_of(obj, which, centre_line(context))
    return ShownPhone(line.number, phones.tel_href(line.number), phones.answering(line, timezone.now()))
