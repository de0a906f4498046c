import datetime as dt
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhujing_center import hours, phones
from zhujing_center.managers import SlugNaturalKeyMixin
from zhujing_center.models import Weekday
from zhujing_center.photo_models import Photo
from zhujing_center.text import floor_label, lines

from . import floorplan

# Addresses under /venues/ that are pages of their own, not rooms (venues/urls.py).
RESERVED_SLUGS = frozenset({"floors"})


class VenueKind(models.TextChoices):
    HALL = "hall", _("办事大厅")
    STATION = "station", _("驿站")
    ROOM = "room", _("活动室")
    STUDIO = "studio", _("工作室")
    EXHIBITION = "exhibition", _("展厅")
    AMENITY = "amenity", _("便民设施")


class ScheduledQuerySet(models.QuerySet):
    """What rooms and the town's service points share: publishing and opening hours."""

    def published(self):
        return self.filter(is_published=True)

    def with_schedule(self, around: dt.date | None = None):
        """Prefetch what ``schedule()`` needs: weekly hours and near special days."""
        today = around or timezone.localdate()
        special_days = self.model._meta.get_field("special_days").related_model
        near = special_days.objects.filter(
            date__gte=today - dt.timedelta(days=1),
            date__lte=today + dt.timedelta(days=hours.HORIZON_DAYS),
        )
        return self.prefetch_related(
            "opening_hours", models.Prefetch("special_days", queryset=near, to_attr="near_special_days")
        )

    def open_at(self, now: dt.datetime) -> list:
        """The places of this queryset open at ``now`` (worked out in Python: a few dozen, or hundreds)."""
        return open_among(self.with_schedule(), now)


class VenueQuerySet(ScheduledQuerySet):
    def overlapping(self, floor: int | None, box: "floorplan.Box | None", exclude_pk=None) -> list[str]:
        """The names of rooms of ``floor`` that share a square of its diagram with ``box``."""
        if floor is None or box is None:
            return []
        others = (
            self.filter(floor=floor, plan_column__isnull=False, plan_row__isnull=False)
            .exclude(pk=exclude_pk)
            .only("name", "floor", *floorplan.POSITION_FIELDS)
        )
        return floorplan.overlapping(box, ((other.name, other.plan_box) for other in others))

    def for_floor_plans(self) -> "VenueQuerySet":
        """What 楼层导览 shows of each room: its name, place, routes and position, and its hours."""
        return self.with_schedule()


def open_among(places: Iterable, now: dt.datetime) -> list:
    """Those of ``places`` (their hours prefetched, see ``with_schedule``) open at ``now``."""
    return [place for place in places if hours.is_open(place.schedule(), now)]


class ScheduledPlace(models.Model):
    """A place with opening hours, special days and 有人值守时间: a room, or one of the town's service points.

    The concrete model has the reverse relations ``opening_hours``, ``special_days`` and ``attended_hours``
    (subclasses of ``WeeklyHours`` and ``SpecialDayRule`` below) and the fields ``open_24_hours`` and ``phone``.
    """

    class Meta:
        abstract = True

    @cached_property
    def attended_ranges(self) -> tuple[hours.WeeklyRange, ...]:
        """Its 有人值守时间 (read once per instance; prefetched on its page)."""
        return tuple(row.as_range() for row in self.attended_hours.all())

    def attended_schedule(self) -> hours.Schedule:
        """When somebody is there (and answers its phone): the 有人值守时间 inside its hours, else its hours."""
        if self.attended_ranges:
            return hours.Schedule(weekly=self.attended_ranges, within=self.schedule())
        return self.schedule()

    @property
    def is_attended_part_time(self) -> bool:
        """Open at times nobody is there (the 24-hour relay station at night)."""
        return bool(self.attended_ranges)

    def phone_line(self, centre_line: phones.PhoneLine) -> phones.PhoneLine:
        """Its own number while it is attended, else the centre's help line (``centre_line``)."""
        return phones.line_for(self.phone, self.attended_schedule(), centre_line)

    def schedule(self) -> hours.Schedule:
        """Its hours as plain data, from prefetched rows where available."""
        special_days = getattr(self, "near_special_days", None)
        if special_days is None:
            special_days = self.special_days.all()
        return hours.Schedule(
            weekly=tuple(row.as_range() for row in self.opening_hours.all()),
            exceptions={day.date: day.as_rule() for day in special_days},
            always_open=self.open_24_hours,
        )


class VenueManager(SlugNaturalKeyMixin, models.Manager.from_queryset(VenueQuerySet)):
    pass


class Venue(ScheduledPlace):
    name = models.CharField(_("名称"), max_length=60)
    slug = models.SlugField(
        _("网址名"),
        max_length=80,
        unique=True,
        help_text=_("用于网址，只能用小写字母、数字和连字符，例如 health-station。"),
    )
    uuid = models.UUIDField(_("开放数据编号"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=20, choices=VenueKind, default=VenueKind.ROOM)
    floor = models.SmallIntegerField(_("楼层"), null=True, blank=True, help_text=_("例如 1 表示一楼；不清楚可留空。"))
    location = models.CharField(_("位置说明"), max_length=120, blank=True, help_text=_("例如：一楼大厅东侧。"))
    summary = models.CharField(_("简介"), max_length=200, blank=True)
    description = models.TextField(_("详细介绍"), blank=True)
    facilities = models.TextField(_("设施设备"), blank=True, help_text=_("每行一项。"))
    accessibility = models.TextField(_("无障碍信息"), blank=True)
    phone = models.CharField(
        _("联系电话"),
        max_length=40,
        blank=True,
        help_text=_(
            "留空时显示中心的咨询电话。这个号码在场所开放时间内接听；如果只有部分时间有人，请在下面填写“有人值守时间”。"
        ),
    )
    route_from_entrance = models.TextField(
        _("从正门怎么走"),
        blank=True,
        help_text=_(
            "从中心正门（人民路）走到这里，一两句话：在几楼，坐电梯还是走楼梯，出来往哪边走，在左手还是右手。"
            "例如：进正门直走到大厅北面，乘电梯到三楼，出电梯正前方就是。"
        ),
    )
    route_from_kiosk = models.TextField(
        _("从大厅触摸屏怎么走"),
        blank=True,
        help_text=_(
            "站在一楼大厅触摸屏前（面朝屏幕）怎么走到这里，同样写清楼层、电梯或楼梯、左边还是右边。"
            "例如：面对触摸屏，电梯在右前方约8米；乘电梯到三楼，出电梯正前方就是。触摸屏上会显示这段话。"
        ),
    )
    plan_column = models.PositiveSmallIntegerField(
        _("楼层图：列"),
        null=True,
        blank=True,
        help_text=format_lazy(
            _(
                "楼层图把每层楼分成 {columns} 列 × {rows} 行的方格，上方是北面（人民路正门在下方）。"
                "填这个场所左上角所在的列，从左往右数 1–{columns}。四项都留空则不在楼层图上画出。"
            ),
            columns=floorplan.GRID_COLUMNS,
            rows=floorplan.GRID_ROWS,
        ),
    )
    plan_row = models.PositiveSmallIntegerField(
        _("楼层图：行"),
        null=True,
        blank=True,
        help_text=format_lazy(_("左上角所在的行，从上（北）往下数 1–{rows}。"), rows=floorplan.GRID_ROWS),
    )
    plan_width = models.PositiveSmallIntegerField(
        _("楼层图：宽（格）"), null=True, blank=True, help_text=_("占几列，留空为 1。大房间 2–3 格，小房间 1 格。")
    )
    plan_height = models.PositiveSmallIntegerField(
        _("楼层图：高（格）"), null=True, blank=True, help_text=_("占几行，留空为 1。")
    )
    open_24_hours = models.BooleanField(_("24小时开放"), default=False)
    is_published = models.BooleanField(_("已发布"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0, help_text=_("数字小的排在前面。"))
    last_checked = models.DateField(_("信息核对日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = VenueManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("场所")
        verbose_name_plural = _("场所")
        ordering = (models.F("floor").asc(nulls_last=True), "sort_order", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("venues:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def floor_label(self) -> str:
        return floor_label(self.floor)

    @property
    def facility_list(self) -> list[str]:
        return lines(self.facilities)

    @property
    def has_route(self) -> bool:
        return bool(self.route_from_entrance.strip() or self.route_from_kiosk.strip())

    @property
    def plan_box(self) -> floorplan.Box | None:
        """Where the room sits on its floor's diagram, or None when it is not placed."""
        if self.floor is None:
            return None
        return floorplan.box_of(self.plan_column, self.plan_row, self.plan_width, self.plan_height)

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("“%(slug)s”是网站已经用的网址，请换一个。") % {"slug": self.slug}})
        errors = floorplan.position_errors(
            self.plan_column, self.plan_row, self.plan_width, self.plan_height, self.floor
        )
        if errors:
            raise ValidationError(errors)


class WeeklyHours(models.Model):
    """One opening range on one weekday; shared shape of venue and service hours."""

    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday)
    opens = models.TimeField(_("开始"))
    closes = models.TimeField(_("结束"), help_text=_("早于开始时间表示开到第二天，例如 18:00–02:00。"))

    class Meta:
        abstract = True
        ordering = ("weekday", "opens")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens is not None and self.opens == self.closes:
            raise ValidationError(_("开始和结束时间不能相同；全天开放请勾选场所的“24小时开放”。"))

    def as_range(self) -> hours.WeeklyRange:
        return hours.WeeklyRange(self.weekday, self.opens, self.closes)


class OpeningHours(WeeklyHours):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("场所"))

    history = HistoricalRecords()

    class Meta(WeeklyHours.Meta):
        verbose_name = _("开放时间")
        verbose_name_plural = _("每周开放时间")


class AttendedHours(WeeklyHours):
    """When somebody is in a room that is open longer (the 24-hour relay station in the day)."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="attended_hours", verbose_name=_("场所"))

    history = HistoricalRecords()

    class Meta(WeeklyHours.Meta):
        verbose_name = _("有人值守时间")
        verbose_name_plural = _(
            "有人值守时间（只在开放时间里有一部分时间有人时填写，例如24小时开放、夜间无人值守；"
            "场所的电话也只在这些时间接听。一般场所留空）"
        )


class SpecialDayRule(models.Model):
    """One day closed, or open at other hours, than the week says; shared shape of rooms' and points' special days."""

    date = models.DateField(_("日期"))
    closed = models.BooleanField(_("全天闭馆"), default=True)
    opens = models.TimeField(_("开始"), null=True, blank=True, help_text=_("不闭馆时填写当天的开放时间。"))
    closes = models.TimeField(_("结束"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=60, blank=True, help_text=_("例如：国庆节、设备检修。"))

    class Meta:
        abstract = True
        ordering = ("date",)

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}".strip()

    def clean(self) -> None:
        if self.closed:
            return
        if self.opens is None or self.closes is None:
            raise ValidationError(_("不闭馆的特殊日期需要填写开始和结束时间。"))
        if self.opens == self.closes:
            raise ValidationError(_("开始和结束时间不能相同。"))

    def as_rule(self) -> hours.DayRule:
        if self.closed or self.opens is None or self.closes is None:
            return hours.DayRule(self.date, closed=True, reason=self.reason)
        return hours.DayRule(self.date, closed=False, ranges=((self.opens, self.closes),), reason=self.reason)


class SpecialDay(SpecialDayRule):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="special_days", verbose_name=_("场所"))

    history = HistoricalRecords()

    class Meta(SpecialDayRule.Meta):
        verbose_name = _("特殊日期")
        verbose_name_plural = _("特殊日期（节假日闭馆或调整时间）")
        constraints = [models.UniqueConstraint(fields=("venue", "date"), name="one_special_day_per_venue_and_date")]


class VenuePhoto(Photo):
    """One photo of a room."""

    upload_dir = "venues/photos"

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="photos", verbose_name=_("场所"))

    class Meta(Photo.Meta):
        verbose_name = _("场所照片")
        verbose_name_plural = _("场所照片")

    @property
    def fallback_alt(self) -> str:
        return self.venue.name


class FloorManager(models.Manager):
    def get_by_natural_key(self, number: int) -> "Floor":
        return self.get(number=number)


class Floor(models.Model):
    """One floor of the building, for 楼层导览: what is on it, and its marks on the diagram."""

    number = models.SmallIntegerField(
        _("楼层"), unique=True, help_text=_("1 表示一楼，-1 表示地下一层；和场所的“楼层”一致。")
    )
    summary = models.CharField(
        _("这一层有什么"),
        max_length=200,
        blank=True,
        help_text=_("一句话，显示在楼层图上方，例如：办事大厅、健康驿站和爱心接力站，正门在南面人民路。"),
    )

    objects = FloorManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("楼层")
        verbose_name_plural = _("楼层导览（楼层图上的正门、电梯、楼梯和触摸屏）")
        ordering = ("number",)

    def __str__(self) -> str:
        return floor_label(self.number)

    def natural_key(self) -> tuple[int]:
        return (self.number,)

    @property
    def label(self) -> str:
        return floor_label(self.number)


class MarkKind(models.TextChoices):
    ENTRANCE = "entrance", _("正门")
    DOOR = "door", _("出入口")
    LIFT = "lift", _("电梯")
    STAIRS = "stairs", _("楼梯")
    KIOSK = "kiosk", _("触摸屏")
    LOBBY = "lobby", _("大厅")


class FloorMark(models.Model):
    """The entrance, a lift, stairs, the lobby or its touch screen, on one floor's diagram."""

    floor = models.ForeignKey(Floor, on_delete=models.CASCADE, related_name="marks", verbose_name=_("楼层"))
    kind = models.CharField(_("类型"), max_length=20, choices=MarkKind)
    label = models.CharField(
        _("名称"), max_length=30, blank=True, help_text=_("留空时用类型，例如“电梯”；也可以写“正门（人民路）”。")
    )
    plan_column = models.PositiveSmallIntegerField(
        _("列"),
        help_text=format_lazy(_("左上角在第几列，从左往右 1–{n}。"), n=floorplan.GRID_COLUMNS),
    )
    plan_row = models.PositiveSmallIntegerField(
        _("行"), help_text=format_lazy(_("左上角在第几行，从上（北）往下 1–{n}。"), n=floorplan.GRID_ROWS)
    )
    plan_width = models.PositiveSmallIntegerField(_("宽（格）"), default=1)
    plan_height = models.PositiveSmallIntegerField(_("高（格）"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("楼层图标记")
        verbose_name_plural = _("楼层图上的标记（大厅先画，房间画在上面，电梯、楼梯、正门和触摸屏画在最上面）")
        ordering = ("floor", "plan_row", "plan_column")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = floorplan.position_errors(self.plan_column, self.plan_row, self.plan_width, self.plan_height)
        if errors:
            raise ValidationError(errors)

    @property
    def name(self) -> str:
        return self.label or self.get_kind_display()

    @property
    def plan_box(self) -> floorplan.Box | None:
        return floorplan.box_of(self.plan_column, self.plan_row, self.plan_width, self.plan_height)
