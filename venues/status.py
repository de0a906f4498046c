"""The first line of a room's page: open now or not, today's hours, and whether anybody is there.

Pure functions over ``zhujing_center.hours`` schedules (no ORM), worded for a resident:
"正在开放，今天 08:30–17:00", "已关闭，明天 08:30 开放", "24小时开放 · 有人值守：每天 08:30–20:30".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhujing_center import hours, phones


@dataclass(frozen=True)
class RoomNow:
    is_open: bool
    # "正在开放，今天 08:30–17:00" / "已关闭，明天 08:30 开放" / "24小时开放" / "暂停开放".
    text: str
    # Today's hours when the text does not already give them ("今天 08:30–17:00", "今天休息"), else "".
    today: str = ""
    # For a room open longer than it is attended: "每天 08:30–20:30 有人值守，其余时间无人值守".
    attended: str = ""
    # "现在有人值守" / "现在无人值守" for such a room, else "".
    attended_now: str = ""


def room_now(schedule: hours.Schedule, now: dt.datetime, attended: hours.Schedule | None = None) -> RoomNow:
    """What a room's page says first about ``schedule`` at ``now``; ``attended`` when it differs."""
    state = hours.open_state(schedule, now)
    reason = f"（{state.reason}）" if state.reason else ""
    today_text = phones.ranges_text(phones.today_spans(schedule, now))
    if state.always_open:
        text, today = _("24小时开放"), ""
    elif state.is_open:
        text = _("正在开放，今天 %(ranges)s") % {"ranges": today_text} if today_text else _("正在开放")
        if state.changes_at is not None and not today_text:
            text = _("正在开放，%(when)s 关闭") % {"when": hours.when_label(state.changes_at, now)}
        text, today = text + reason, ""
    elif state.changes_at is None:
        text, today = _("暂停开放") + reason, ""
    else:
        text = _("已关闭%(reason)s，%(when)s 开放") % {
            "reason": reason,
            "when": hours.when_label(state.changes_at, now),
        }
        today = _("今天 %(ranges)s") % {"ranges": today_text} if today_text else _("今天休息")
    attended_text = attended_now = ""
    if attended is not None:
        week = phones.week_summary(attended)
        if week:
            attended_text = _("%(week)s 有人值守，其余时间无人值守") % {"week": week}
        if state.is_open:
            attended_now = _("现在有人值守") if hours.is_open(attended, now) else _("现在无人值守")
    return RoomNow(state.is_open, text, today, attended_text, attended_now)
