"""The coloured "open now" badge of rooms and services, as HTML (shared by the template tag and the cards)."""

from datetime import datetime

from django.utils.html import format_html
from django.utils.safestring import SafeString

from zhujing_center import hours


def open_badge(schedule: hours.Schedule | None, now: datetime) -> SafeString:
    """'开放中 · 17:00 关闭' (or why it is closed) for ``schedule`` at ``now``; nothing without hours."""
    if schedule is None:
        return SafeString("")
    state = hours.open_state(schedule, now)
    label = hours.state_label(state, now)
    if state.reason:
        label = f"{label}（{state.reason}）"
    return format_html('<span class="open-badge {}">{}</span>', "is-open" if state.is_open else "is-closed", label)
