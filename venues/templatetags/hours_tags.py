"""Template tags that show opening hours: ``{% open_badge obj %}`` and ``{% week_hours obj %}``.

``obj`` is anything with a ``schedule()`` method (a venue or a service).
"""

from django import template
from django.utils import timezone

from venues import badges
from zhujing_center import hours

register = template.Library()


@register.simple_tag
def open_badge(obj) -> str:
    """'开放中 · 17:00 关闭' as a coloured badge."""
    return badges.open_badge(obj.schedule(), timezone.now())


@register.inclusion_tag("includes/week_hours.html")
def week_hours(obj) -> dict:
    schedule = obj.schedule()
    if schedule is None:
        return {"days": []}
    today = timezone.localdate()
    return {"days": hours.week_table(schedule, today), "today": today}
