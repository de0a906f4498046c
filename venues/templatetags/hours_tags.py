"""Template tags that show opening hours: ``{% open_badge obj %}`` and ``{% week_hours obj %}``.

``obj`` is anything with a ``schedule()`` method (a venue or a service).
"""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from venues import hours

register = template.Library()


@register.simple_tag
def open_badge(obj) -> str:
    """'开放中 · 17:00 关闭' as a coloured badge (a simple tag: it is drawn on every card of a list)."""
    schedule = obj.schedule()
    if schedule is None:
        return ""
    now = timezone.now()
    state = hours.open_state(schedule, now)
    label = hours.state_label(state, now)
    if state.reason:
        label = f"{label}（{state.reason}）"
    return format_html('<span class="open-badge {}">{}</span>', "is-open" if state.is_open else "is-closed", label)


@register.inclusion_tag("includes/week_hours.html")
def week_hours(obj) -> dict:
    schedule = obj.schedule()
    if schedule is None:
        return {"days": []}
    today = timezone.localdate()
    return {"days": hours.week_table(schedule, today), "today": today}
