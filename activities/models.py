import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from circle.models import PointSpecialDay, ServicePoint
from venues.models import SpecialDay, Venue
from zhujing_center.managers import SlugNaturalKeyMixin

from . import agenda
from .agenda import window
from .occurrences import Occurrence, Rule, occurrences


class Repeat(models.IntegerChoices):
    ONCE = 0, _("不重复")
    WEEKLY = 1, _("每周")
    FORTNIGHTLY = 2, _("每两周")


class Booking(models.TextChoices):
    NONE = "none", _("无需预约，直接参加")
    PHONE = "phone", _("电话预约")
    DESK = "desk", _("到服务台登记")
    PHONE_OR_DESK = "phone-or-desk", _("电话或服务台预约")


class ActivityQuerySet(models.QuerySet):
    def published(self) -> "ActivityQuerySet":
        """Published activities whose place (a room, or one of the town's service points) is published."""
        return self.filter(models.Q(venue__is_published=True) | models.Q(point__is_published=True), is_published=True)

    def overlapping(self, start: dt.datetime, end: dt.datetime) -> "ActivityQuerySet":
        """Activities that may have an occurrence in [start, end): the rest is worked out in Python."""
        still_repeating = models.Q(repeat__gt=Repeat.ONCE) & (
            models.Q(repeat_until__isnull=True) | models.Q(repeat_until__gte=start.date() - dt.timedelta(days=1))
        )
        return self.filter(starts_at__lt=end).filter(models.Q(ends_at__gt=start) | still_repeating)

    def upcoming(self, now: dt.datetime, days: int = agenda.AGENDA_DAYS) -> list[agenda.Entry]:
        """What is on from ``now`` to ``days`` ahead, occurrence by occurrence, in order."""
        return agenda.upcoming(self, now, days)

    def listed(self, now: dt.datetime, days: int = agenda.AGENDA_DAYS) -> list[agenda.Listing]:
        """Each activity on from ``now`` to ``days`` ahead once, at its next occurrence, soonest first."""
        return agenda.listed(self, now, days)

    def for_listing(self, start: dt.datetime, end: dt.datetime) -> "ActivityQuerySet":
        """With their room, audiences and the room's closures in the window (to skip those dates)."""
        return (
            self.overlapping(start, end)
            .select_related("venue", "point", "heritage")
            .with_closures(start, end)
            .prefetch_related("audiences")
        )

    def with_closures(self, start: dt.datetime, end: dt.datetime) -> "ActivityQuerySet":
        """With the closures of each activity's place between two moments (``place.closures``): a query for
        the rooms' and one for the points'."""
        dates = {"closed": True, "date__gte": start.date(), "date__lte": end.date()}
        rooms, points = SpecialDay.objects.filter(**dates), PointSpecialDay.objects.filter(**dates)
        return self.prefetch_related(
            models.Prefetch("venue__special_days", queryset=rooms, to_attr="closures"),
            models.Prefetch("point__special_days", queryset=points, to_attr="closures"),
        )


class ActivityManager(SlugNaturalKeyMixin, models.Manager.from_queryset(ActivityQuerySet)):
    pass


class Activity(models.Model):
    title = models.CharField(_("活动名称"), max_length=60)
    slug = models.SlugField(_("网址名"), max_length=80, unique=True)
    summary = models.CharField(_("一句话简介"), max_length=200)
    description = models.TextField(_("活动介绍"), blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("场所"),
        help_text=_("在中心里举办时选房间；在镇上的服务站点举办时留空，选下面的服务站点。"),
    )
    point = models.ForeignKey(
        ServicePoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("服务站点"),
        help_text=_("在居民区、村的服务站点举办时选这里（和“场所”二选一）。"),
    )
    heritage = models.ForeignKey(
        "heritage.HeritageItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("相关非遗项目"),
    )
    audiences = models.ManyToManyField(
        "services.Audience", blank=True, related_name="activities", verbose_name=_("适合人群")
    )
    starts_at = models.DateTimeField(_("开始时间"), help_text=_("重复的活动填第一次的时间。"))
    ends_at = models.DateTimeField(_("结束时间"))
    repeat = models.PositiveSmallIntegerField(_("重复"), choices=Repeat, default=Repeat.ONCE)
    repeat_until = models.DateField(
        _("重复到"),
        null=True,
        blank=True,
        help_text=_("最后一次活动的日期；留空表示一直重复。场所闭馆的日子自动跳过。"),
    )
    booking = models.CharField(_("预约方式"), max_length=20, choices=Booking, default=Booking.NONE)
    booking_phone = models.CharField(_("预约电话"), max_length=40, blank=True)
    capacity = models.CharField(_("名额"), max_length=60, blank=True, help_text=_("例如：限20人，额满为止。"))
    is_free = models.BooleanField(_("免费"), default=True)
    fee = models.CharField(_("费用说明"), max_length=120, blank=True)
    photo = models.ImageField(_("照片"), upload_to="activities/", blank=True)
    photo_alt = models.CharField(_("照片说明"), max_length=120, blank=True)
    is_published = models.BooleanField(_("已发布"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ActivityManager()

    history = HistoricalRecords(m2m_fields=["audiences"])

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ("starts_at", "title")
        indexes = [models.Index(fields=("is_published", "starts_at"), name="activity_public_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def place(self) -> Venue | ServicePoint | None:
        """Where it is held: a room of the centre, or one of the town's service points."""
        return self.venue if self.venue_id else self.point

    @property
    def place_label(self) -> str:
        """Its place as the lists name it: "2楼 · 多功能厅", or a service point's name."""
        if self.venue_id:
            return " · ".join(part for part in (self.venue.floor_label, self.venue.name) if part)
        return self.point.name if self.point_id else ""

    def clean(self) -> None:
        if not self.venue_id and not self.point_id:
            raise ValidationError({"venue": _("请选择举办活动的场所（中心里的房间）或服务站点。")})
        if self.venue_id and self.point_id:
            raise ValidationError({"point": _("场所和服务站点只能选一个。")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间要晚于开始时间。")})
        if self.starts_at and self.ends_at and self.ends_at - self.starts_at > dt.timedelta(days=1):
            raise ValidationError({"ends_at": _("一次活动不能超过24小时；多天的活动请用“重复”。")})
        if self.repeat_until and self.starts_at and self.repeat_until < timezone.localdate(self.starts_at):
            raise ValidationError({"repeat_until": _("“重复到”不能早于第一次活动的日期。")})
        if self.booking in (Booking.PHONE, Booking.PHONE_OR_DESK) and not self.booking_phone:
            raise ValidationError({"booking_phone": _("电话预约需要填写预约电话。")})

    def rule(self) -> Rule:
        place = self.place
        closures = getattr(place, "closures", None)
        if closures is None:
            closures = place.special_days.filter(closed=True) if place is not None else ()
        return Rule(
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            every_weeks=self.repeat,
            until=self.repeat_until,
            skip=frozenset(day.date for day in closures),
        )

    def occurrences(self, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
        return occurrences(self.rule(), start, end)

    def coming(self, now: dt.datetime, days: int, limit: int) -> list[Occurrence]:
        """The occurrence running now and the next ones, up to ``limit`` within ``days`` from today."""
        start, end = window(now, days)
        return [o for o in self.occurrences(start, end) if o.ends_at > now][:limit]

    @property
    def repeat_label(self) -> str:
        """'每周二', '每两周的周四'; '' for a one-off."""
        return agenda.rhythm(self.repeat, self.starts_at)

    def listing(self, now: dt.datetime, days: int) -> agenda.Listing | None:
        """This activity as the lists show it: its next occurrence within ``days`` and its rhythm in words."""
        start, end = window(now, days)
        return agenda.listing(self, start, end, now)


class NoticeQuerySet(models.QuerySet):
    def current(self, now: dt.datetime | None = None) -> "NoticeQuerySet":
        """The notices showing at ``now``, the important first, then by when they began."""
        now = now or timezone.now()
        important_first = models.Case(models.When(level="important", then=0), default=1)
        return self.filter(is_published=True, starts_at__lte=now, ends_at__gt=now).order_by(
            important_first, "starts_at"
        )


class Notice(models.Model):
    class Level(models.TextChoices):
        INFO = "info", _("一般")
        IMPORTANT = "important", _("重要")

    title = models.CharField(_("标题"), max_length=60, help_text=_("例如：本周六图书馆闭馆。"))
    body = models.CharField(_("内容"), max_length=300, blank=True)
    level = models.CharField(_("重要程度"), max_length=20, choices=Level, default=Level.INFO)
    starts_at = models.DateTimeField(_("开始显示"), default=timezone.now)
    ends_at = models.DateTimeField(_("停止显示"))
    is_published = models.BooleanField(_("已发布"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = NoticeQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知公告")
        ordering = ("-level", "starts_at")

    def __str__(self) -> str:
        return self.title

    # No natural key: no field of a notice is unique. (With one, backups' ``dumpdata --natural-primary``
    # left out the id, and a restored notice lost its history.)

    def get_absolute_url(self) -> str:
        """Where residents read it: the banner at the top of the home page (notices have no page of their own)."""
        return reverse("home") + f"#notice-{self.pk}"

    def is_current(self, now: dt.datetime | None = None) -> bool:
        """Shown on the home page and the lobby screen right now (the rule of ``NoticeQuerySet.current``)."""
        now = now or timezone.now()
        return bool(self.is_published and self.starts_at <= now < self.ends_at)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("停止显示的时间要晚于开始显示的时间。")})
