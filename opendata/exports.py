"""The catalogue as one CSV table: one row per published service, for Excel and for scripts.

The rooms and the 15-minute circle's service points offering each service are in its row (one per
line, a point with its address and what differs there); the points' hours and the areas are in the
HSDS package.

UTF-8 with a byte-order mark (so Excel opens the Chinese correctly), a header row in Chinese, one
line per material or step inside their cells. A cell that would start with ``= + - @`` gets a
leading apostrophe so a spreadsheet shows it as text instead of running it as a formula.
"""

import csv
import io
from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from services.models import Service

from . import hsds, organizations, schedules

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def columns() -> list[tuple[str, Callable[[Service, hsds.Context], str]]]:
    """(header, value) for every column, in order."""
    return [
        ("uuid", lambda s, ctx: str(s.uuid)),
        (_("名称"), lambda s, ctx: s.name),
        (_("类别"), lambda s, ctx: s.category.name),
        (_("服务对象"), lambda s, ctx: "、".join(audience.name for audience in s.audiences.all())),
        (_("简介"), lambda s, ctx: s.summary),
        (_("服务内容"), lambda s, ctx: s.description),
        (_("提供机构"), lambda s, ctx: str(organizations.body_for_category(s.category).name)),
        (_("服务场所"), lambda s, ctx: "\n".join(room_label(room) for room in s.venues.all())),
        (_("服务站点"), lambda s, ctx: "\n".join(offer_label(offer) for offer in s.published_offers)),
        (_("开放时间"), lambda s, ctx: hours_summary(s)),
        (_("咨询电话"), lambda s, ctx: s.phone or ctx.centre.phone),
        (_("免费"), lambda s, ctx: _("是") if s.is_free else _("否")),
        (_("收费说明"), lambda s, ctx: "" if s.is_free else hsds.fees_description(s)),
        (_("办理方式"), lambda s, ctx: "、".join(s.access_labels)),
        (_("办理条件"), lambda s, ctx: s.conditions),
        (_("所需材料"), lambda s, ctx: "\n".join(s.material_list)),
        (_("办理流程"), lambda s, ctx: "\n".join(s.step_list)),
        (_("承诺时限"), lambda s, ctx: s.time_limit),
        (_("网上办理链接"), lambda s, ctx: s.online_url),
        (_("服务状态"), lambda s, ctx: s.get_status_display()),
        (_("状态说明"), lambda s, ctx: s.status_notice if s.is_suspended else ""),
        (_("信息核对日期"), lambda s, ctx: s.last_checked.isoformat() if s.last_checked else ""),
        (_("页面链接"), lambda s, ctx: ctx.url(s.get_absolute_url())),
        (_("更新时间"), lambda s, ctx: timezone.localtime(s.updated_at).strftime("%Y-%m-%d %H:%M")),
    ]


def room_label(room) -> str:
    """'社区事务受理大厅（1楼 一楼大厅东侧）'."""
    where = hsds.where(room)
    return _("%(name)s（%(where)s）") % {"name": room.name, "where": where} if where else room.name


def offer_label(offer) -> str:
    """'临源二村居民区党群服务站（朱泾镇临源街12号）：只受理不办结': a point offering it, what differs there."""
    label = _("%(name)s（%(address)s）") % {"name": offer.point.name, "address": offer.point.address}
    return f"{label}：{offer.note}" if offer.note else label


def hours_summary(service: Service) -> str:
    """The service's own hours if it has any, then each room's regular week, one line each."""
    lines = []
    own = [row.as_range() for row in service.own_hours.all()]
    if own:
        lines.append(_("服务时间：%(week)s") % {"week": schedules.week_summary(own)})
    for room in service.venues.all():
        week = schedules.week_summary((row.as_range() for row in room.opening_hours.all()), room.open_24_hours)
        if week:
            lines.append(f"{room.name}：{week}")
    return "\n".join(lines)


def catalogue_csv(services: Iterable[Service], ctx: hsds.Context) -> str:
    table = columns()
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(header for header, _value in table)
    for service in services:
        writer.writerow(safe_cell(value(service, ctx)) for _header, value in table)
    return out.getvalue()


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text
