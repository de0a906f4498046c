"""Template tags that show opening hours: ``{% open_badge obj %}`` and ``{% week_hours obj %}``.

``obj`` is anything with a ``schedule()`` method (a venue or a service).
"""

from django import template
from django.utils import timezone

from venues import hours

register = template.Library()


@register.inclusion_tag("includes/open_badge.html")
def open_badge(obj) -> dict:
    schedule = obj.schedule()
    if schedule is None:
        return {"state": None}
    now = timezone.now()
    state = hours.open_state(schedule, now)
    return {"state": state, "label": hours.state_label(state, now)}


@register.inclusion_tag("includes/week_hours.html")
def week_hours(obj) -> dict:
    schedule = obj.schedule()
    if schedule is None:
        return {"days": []}
    today = timezone.localdate()
    return {"days": hours.week_table(schedule, today), "today": today}
