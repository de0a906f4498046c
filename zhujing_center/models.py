"""Site-wide content: the centre itself (one record) and the bodies it joins."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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

    @classmethod
    def load(cls) -> "Centre":
        """The centre's record (created with the article's facts by a migration)."""
        centre = cls.objects.order_by("pk").first()
        return centre or cls(name="", short_name="", address="", phone="", hours="")


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
