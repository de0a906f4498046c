from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from venues.models import Venue
from zhujing_center.managers import SlugNaturalKeyMixin
from zhujing_center.photo_models import Photo


class HeritageLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    MUNICIPAL = "municipal", _("上海市级")
    DISTRICT = "district", _("金山区级")
    # For staff only: the public pages leave an unknown level out (HeritageItem.level_label).
    UNKNOWN = "", _("待核实")


class HeritageQuerySet(models.QuerySet):
    def published(self) -> "HeritageQuerySet":
        return self.filter(is_published=True)


class HeritageManager(SlugNaturalKeyMixin, models.Manager.from_queryset(HeritageQuerySet)):
    pass


class HeritageItem(models.Model):
    """One item of the intangible-heritage collection shown in the heritage hall."""

    name = models.CharField(_("名称"), max_length=40)
    slug = models.SlugField(_("网址名"), max_length=60, unique=True)
    summary = models.CharField(_("一句话简介"), max_length=200)
    description = models.TextField(_("介绍"), blank=True)
    level = models.CharField(_("非遗级别"), max_length=20, choices=HeritageLevel, blank=True, default="")
    studio = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="heritage_items",
        verbose_name=_("传承人工作室"),
    )
    is_published = models.BooleanField(_("已发布"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = HeritageManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("非遗项目")
        verbose_name_plural = _("非遗项目")
        ordering = ("sort_order", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("heritage:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def level_label(self) -> str:
        """The level as the public reads it; '' while it is not known (residents never see "待核实")."""
        return self.get_level_display() if self.level else ""


class HeritagePhoto(Photo):
    """One photo of a heritage item (the work, the craft, the inheritor at work), shown on its page and card."""

    upload_dir = "heritage/photos"

    item = models.ForeignKey(HeritageItem, on_delete=models.CASCADE, related_name="photos", verbose_name=_("非遗项目"))

    class Meta(Photo.Meta):
        verbose_name = _("非遗照片")
        verbose_name_plural = _("非遗照片")

    @property
    def fallback_alt(self) -> str:
        return self.item.name
