"""Site-wide content: the centre itself (one record), the bodies it joins and when its phone is answered."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import hours, phones


class Weekday(models.IntegerChoices):
    """``date.weekday()`` numbers with their Chinese names (the rooms' and services' hours use them too)."""

    MONDAY = 0, _("周一")
    TUESDAY = 1, _("周二")
    WEDNESDAY = 2, _("周三")
    THURSDAY = 3, _("周四")
    FRIDAY = 4, _("周五")
    SATURDAY = 5, _("周六")
    SUNDAY = 6, _("周日")


class Centre(models.Model):
    """The centre's own details, edited by staff; there is exactly one (see ``load``)."""

    name = models.CharField(_("中心名称"), max_length=60)
    short_name = models.CharField(_("网站名称"), max_length=20)
    address = models.CharField(_("地址"), max_length=120)
    phone = models.CharField(_("咨询电话"), max_length=40)
    hours = models.CharField(
        _("开放时间"), max_length=120, help_text=_("例如：周一至周日 08:30–20:30，节假日另行通知。")
    )
    introduction = models.TextField(_("中心简介"), blank=True)
    after_hours_help = models.TextField(
        _("无人接听时"),
        blank=True,
        help_text=_(
            "咨询电话没人接的时候（下班后、节假日），居民还能怎么办。每行一条，例如："
            "“爱心接力站24小时开放，自助机随时可以查询和办理”“政务咨询、投诉建议请拨打 12345 市民服务热线”"
            "“紧急情况请拨打 110（报警）、120（急救）、119（火警）”。"
        ),
    )
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("3")), MaxValueValidator(Decimal("54"))],
        help_text=_(
            "中心正门的位置，用 GPS 坐标（WGS-84，手机定位和开放数据用的就是这种），例如 30.896700。"
            "从高德地图上查到的坐标请粘贴到上面“从高德地图复制的坐标”一栏，会自动换算。"
            "示例数据里的坐标是大致位置，请工作人员核对。"
        ),
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("73")), MaxValueValidator(Decimal("136"))],
        help_text=_("和纬度一起填写，例如 121.160800。两项都填了，“怎么去”的地图按钮才会在中心位置插上标记。"),
    )
    bus_stops = models.TextField(
        _("公交站点"),
        blank=True,
        help_text=_("附近的公交站和线路，每行一条，例如：人民路站（朱泾2路、金山11路），下车向东步行约200米。"),
    )
    parking = models.TextField(
        _("停车"),
        blank=True,
        help_text=_("在哪里停车、收不收费、非机动车停哪里，每行一条，例如：中心东侧地面停车场，约40个车位，免费。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("中心信息")
        verbose_name_plural = _("中心信息")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.pk and Centre.objects.exists():
            raise ValidationError(_("中心信息只有一条，请修改已有的那条。"))
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("纬度和经度要一起填写，或者都留空。"))

    @classmethod
    def load(cls) -> "Centre":
        """The centre's record (created with the article's facts by a migration), with its phone hours.

        One query on every page: the help line's hours come joined with the record (the header shows the
        number; a page showing when it is answered needs no second query). Without hours, the record alone.
        """
        rows = list(CentrePhoneHours.objects.select_related("centre").order_by("centre_id", "weekday", "opens"))
        if rows:
            centre = rows[0].centre
            centre.loaded_phone_hours = [row for row in rows if row.centre_id == centre.pk]
            return centre
        centre = cls.objects.order_by("pk").first()
        if centre is not None:
            centre.loaded_phone_hours = []
            return centre
        return cls(name="", short_name="", address="", phone="", hours="")

    @property
    def coordinates(self) -> tuple[Decimal, Decimal] | None:
        """(latitude, longitude) in WGS-84 when both are entered, else None."""
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    @property
    def bus_stop_list(self) -> list[str]:
        return [line.strip() for line in self.bus_stops.splitlines() if line.strip()]

    @property
    def parking_list(self) -> list[str]:
        return [line.strip() for line in self.parking.splitlines() if line.strip()]

    @cached_property
    def phone_line(self) -> phones.PhoneLine:
        """The help line with the hours it is answered (one query, once per request's centre)."""
        weekly = ()
        if self.pk:
            rows = getattr(self, "loaded_phone_hours", None)
            if rows is None:
                rows = self.phone_hours.all()
            weekly = tuple(hours.WeeklyRange(row.weekday, row.opens, row.closes) for row in rows)
        return phones.PhoneLine(
            number=self.phone,
            hours=hours.Schedule(weekly=weekly) if weekly else None,
            after_hours=phones.help_lines(self.after_hours_help),
        )


class CentreBody(models.Model):
    """One of the "1+1+X" bodies that work together in the centre."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("中心"))
    name = models.CharField(_("名称"), max_length=60)
    description = models.CharField(_("简介"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("入驻机构")
        verbose_name_plural = _("“1+1+X”入驻机构")
        ordering = ("sort_order", "pk")

    def __str__(self) -> str:
        return self.name


class CentrePhoneHours(models.Model):
    """One range of one weekday in which the centre's help line is answered."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="phone_hours", verbose_name=_("中心"))
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday)
    opens = models.TimeField(_("开始"))
    closes = models.TimeField(_("结束"), help_text=_("早于开始时间表示接听到第二天，例如 20:00–02:00。"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("咨询电话接听时间")
        verbose_name_plural = _("咨询电话接听时间（每周；不在这些时间里，网页会告诉居民现在没人接、可以怎么办）")
        ordering = ("weekday", "opens")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens is not None and self.opens == self.closes:
            raise ValidationError(_("开始和结束时间不能相同。"))
