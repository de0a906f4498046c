"""The "15分钟党群服务圈": the town's residential areas and villages, and the service points that serve them.

Points are content staff own, like rooms: they share the rooms' hours rules and open-now
(``venues.models.ScheduledPlace``, ``WeeklyHours``, ``SpecialDayRule``). Coordinates are WGS-84
(``zhujing_center.geo``). Sample records (``is_sample``) are flagged in the admin and on the public pages.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from venues.models import ScheduledPlace, ScheduledQuerySet, SpecialDayRule, WeeklyHours
from zhujing_center import geo
from zhujing_center.managers import SlugNaturalKeyMixin
from zhujing_center.photo_models import Photo
from zhujing_center.text import lines

# China lies between these (WGS-84 degrees): a value outside is a typo, or latitude and longitude swapped.
LATITUDE_RANGE = _("纬度要在 3 到 54 之间（中国境内），例如朱泾是 30.89 左右；是不是和经度填反了？")
LONGITUDE_RANGE = _("经度要在 73 到 136 之间（中国境内），例如朱泾是 121.16 左右；是不是和纬度填反了？")


def latitude_field(help_text=""):
    return models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(3, message=LATITUDE_RANGE), MaxValueValidator(54, message=LATITUDE_RANGE)],
        help_text=help_text
        or _(
            "GPS 坐标（WGS-84，手机定位和开放数据用的就是这种），例如 30.896700。"
            "从高德地图查到的坐标请粘贴到上面“从高德地图复制的坐标”一栏，会自动换算。"
        ),
    )


def longitude_field():
    return models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(73, message=LONGITUDE_RANGE), MaxValueValidator(136, message=LONGITUDE_RANGE)],
        help_text=_("和纬度一起填写，例如 121.160800。"),
    )


SAMPLE_HELP = _(
    "示例数据（不是核实过的真实信息）时勾选。只要还有已发布的示例数据，公开页面上就会注明“示例数据”。"
    "导入真实名单后请取消勾选。"
)


class Located(models.Model):
    """A record with a WGS-84 position."""

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("纬度和经度要一起填写，或者都留空。"))

    @property
    def coordinates(self):
        """(latitude, longitude) in WGS-84 when both are entered, else None (the map links read this)."""
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    @property
    def latlng(self) -> geo.LatLng | None:
        return geo.as_latlng(self.latitude, self.longitude)


class AreaKind(models.TextChoices):
    RESIDENTIAL = "residential", _("居民区")
    VILLAGE = "village", _("行政村")


class AreaQuerySet(models.QuerySet):
    def published(self) -> AreaQuerySet:
        return self.filter(is_published=True)


class AreaManager(SlugNaturalKeyMixin, models.Manager.from_queryset(AreaQuerySet)):
    pass


class Area(Located):
    """One of the town's 19 residential areas (居民区) or 11 administrative villages (行政村)."""

    name = models.CharField(_("名称"), max_length=40, help_text=_("例如：临源二村居民区、待泾村。"))
    slug = models.SlugField(
        _("网址名"), max_length=60, unique=True, help_text=_("用于网址，只能用小写字母、数字和连字符，例如 linyuan-2。")
    )
    uuid = models.UUIDField(_("开放数据编号"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=20, choices=AreaKind, default=AreaKind.RESIDENTIAL)
    committee = models.CharField(
        _("居委会/村委会"),
        max_length=60,
        blank=True,
        help_text=_("管理这里的居民委员会或村民委员会的全称，例如：临源二村居民委员会。留空时按名称自动写。"),
    )
    neighbourhoods = models.TextField(
        _("包括的小区和村民小组"),
        blank=True,
        help_text=_("每行一个。居民搜索小区名时也能找到这里。"),
    )
    latitude = latitude_field(
        _(
            "这个居民区或村的大致中心（WGS-84 GPS 坐标），用来算到各站点的距离，例如 30.896700。"
            "从高德地图查到的坐标请粘贴到上面“从高德地图复制的坐标”一栏。"
        )
    )
    longitude = longitude_field()
    is_sample = models.BooleanField(_("示例数据"), default=False, help_text=SAMPLE_HELP)
    is_published = models.BooleanField(_("已发布"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0, help_text=_("数字小的排在前面。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AreaManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("居民区和村")
        verbose_name_plural = _("居民区和村")
        ordering = ("kind", "sort_order", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("circle:index") + f"?area={self.slug}"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def committee_name(self) -> str:
        """Its committee's name as entered, else made from its name: 临源二村居民区 → 临源二村居民委员会."""
        if self.committee.strip():
            return self.committee.strip()
        if self.kind == AreaKind.VILLAGE:
            return f"{self.name.removesuffix('行政村')}村民委员会".replace("村村", "村")
        return f"{self.name.removesuffix('居民区')}居民委员会"

    @property
    def short_name(self) -> str:
        """Its name under its kind's heading (the kiosk's tiles): 临源二村居民区 → 临源二村; a village's name stays."""
        return self.name.removesuffix("居民区") or self.name

    @property
    def neighbourhood_list(self) -> list[str]:
        return lines(self.neighbourhoods)


class PointKind(models.TextChoices):
    """The kinds of service point of the "1+1+X" system and the 15-minute circle."""

    RESIDENTIAL = "residential", _("居民区党群服务站")
    VILLAGE = "village", _("村党群服务站")
    CIVILIZATION = "civilization", _("新时代文明实践站")
    AFFAIRS = "affairs", _("社区事务受理服务点")
    CULTURE = "culture", _("社区文化活动室")
    LIFE = "life", _("社区生活服务点")
    HEALTH = "health", _("社区卫生服务站")


# Points a residents' or villagers' committee runs (the others belong to a "1+1+X" body).
COMMITTEE_KINDS = frozenset({PointKind.RESIDENTIAL, PointKind.VILLAGE})


class ServicePointQuerySet(ScheduledQuerySet):
    def for_lists(self) -> ServicePointQuerySet:
        """What a list of points shows: hours for open-now, and the areas each serves (ids only)."""
        return self.with_schedule().prefetch_related(
            models.Prefetch("areas", queryset=Area.objects.only("id", "name", "slug"))
        )


class ServicePointManager(SlugNaturalKeyMixin, models.Manager.from_queryset(ServicePointQuerySet)):
    pass


class ServicePoint(Located, ScheduledPlace):
    """A service point of the 15-minute circle: a residential area's or village's station, or a "1+1+X" point."""

    name = models.CharField(_("名称"), max_length=60, help_text=_("例如：临源二村居民区党群服务站。"))
    slug = models.SlugField(
        _("网址名"),
        max_length=80,
        unique=True,
        help_text=_("用于网址，只能用小写字母、数字和连字符，例如 linyuan-2-station。"),
    )
    uuid = models.UUIDField(_("开放数据编号"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=20, choices=PointKind, default=PointKind.RESIDENTIAL)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="home_points",
        verbose_name=_("所在居民区/村"),
        help_text=_("站点在哪个居民区或村里；居民区、村党群服务站由那里的居委会、村委会管理。"),
    )
    areas = models.ManyToManyField(
        Area,
        blank=True,
        related_name="points",
        verbose_name=_("服务的居民区和村"),
        help_text=_("这个站点负责服务哪些居民区和村（一般包括它所在的那个）。居民选了这些地方，会先看到这个站点。"),
    )
    address = models.CharField(_("地址"), max_length=120, help_text=_("例如：朱泾镇临源街123号一楼。"))
    latitude = latitude_field()
    longitude = longitude_field()
    summary = models.CharField(_("简介"), max_length=200, blank=True)
    description = models.TextField(_("详细介绍"), blank=True)
    route = models.TextField(_("怎么走"), blank=True, help_text=_("一两句话：在哪条路、哪栋楼、几楼，门口有什么标志。"))
    accessibility = models.TextField(
        _("无障碍信息"), blank=True, help_text=_("例如：一楼，门口有坡道；没有电梯；有无障碍卫生间。")
    )
    phone = models.CharField(
        _("联系电话"),
        max_length=40,
        blank=True,
        help_text=_("开放时间内接听；只有部分时间有人接，请在下面填写“有人值守时间”。留空时显示中心的咨询电话。"),
    )
    open_24_hours = models.BooleanField(_("24小时开放"), default=False)
    is_sample = models.BooleanField(_("示例数据"), default=False, help_text=SAMPLE_HELP)
    is_published = models.BooleanField(_("已发布"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0, help_text=_("数字小的排在前面。"))
    last_checked = models.DateField(_("信息核对日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ServicePointManager()

    history = HistoricalRecords(m2m_fields=[areas])

    class Meta:
        verbose_name = _("服务站点")
        verbose_name_plural = _("服务站点（15分钟服务圈）")
        ordering = ("sort_order", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("circle:point", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_run_by_committee(self) -> bool:
        return self.kind in COMMITTEE_KINDS

    def clean(self) -> None:
        super().clean()
        if self.is_run_by_committee and self.area_id is None:
            raise ValidationError({"area": _("居民区、村党群服务站请选择它所在的居民区或村。")})


class PointOpeningHours(WeeklyHours):
    point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("服务站点")
    )

    history = HistoricalRecords()

    class Meta(WeeklyHours.Meta):
        verbose_name = _("开放时间")
        verbose_name_plural = _("每周开放时间")


class PointAttendedHours(WeeklyHours):
    """When somebody is at a point that is open longer, and answers its phone."""

    point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="attended_hours", verbose_name=_("服务站点")
    )

    history = HistoricalRecords()

    class Meta(WeeklyHours.Meta):
        verbose_name = _("有人值守时间")
        verbose_name_plural = _(
            "有人值守时间（电话接听时间：只在开放时间里有一部分时间有人时填写；一般站点留空，开放时间内都有人接）"
        )


class PointSpecialDay(SpecialDayRule):
    point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="special_days", verbose_name=_("服务站点")
    )

    history = HistoricalRecords()

    class Meta(SpecialDayRule.Meta):
        verbose_name = _("特殊日期")
        verbose_name_plural = _("特殊日期（节假日闭馆或调整时间）")
        constraints = [models.UniqueConstraint(fields=("point", "date"), name="one_special_day_per_point_and_date")]


class PointService(models.Model):
    """A catalogue service offered at a point, with what differs there."""

    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="offers", verbose_name=_("服务站点"))
    service = models.ForeignKey(
        "services.Service", on_delete=models.CASCADE, related_name="point_offers", verbose_name=_("服务事项")
    )
    note = models.CharField(
        _("这里有什么不同"),
        max_length=200,
        blank=True,
        help_text=_("和中心办理不一样的地方，例如：只受理不办结，三个工作日后到中心取件；每周二上午才有。"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("可办理的服务")
        verbose_name_plural = _("在这里可以办理的服务事项")
        ordering = ("service__category__sort_order", "service__sort_order", "service__name")
        constraints = [models.UniqueConstraint(fields=("point", "service"), name="one_offer_per_point_and_service")]

    def __str__(self) -> str:
        return str(self.service)


class PointPhoto(Photo):
    """One photo of a service point."""

    upload_dir = "circle/photos"

    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="photos", verbose_name=_("服务站点"))

    class Meta(Photo.Meta):
        verbose_name = _("站点照片")
        verbose_name_plural = _("站点照片")

    @property
    def fallback_alt(self) -> str:
        return self.point.name
