"""What residents tell staff about one service or one room: "信息有误" or "我要建议".

Nothing that identifies the sender is kept unless they leave a phone number themselves:
the client address is only used, hashed, as a rate-limit key in the cache (``feedback/ratelimit.py``),
or, while the cache is unreachable, in a ``SubmissionWindow`` row deleted when its window ends.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.models import Service
from venues.models import Venue

MESSAGE_MAX_LENGTH = 500
PHONE_MAX_LENGTH = 20

phone_validator = RegexValidator(r"^[0-9 +\-]*$", _("电话号码只能包含数字、空格、“+”和“-”。"), code="invalid_phone")


class FeedbackKind(models.TextChoices):
    WRONG = "wrong", _("信息有误")
    SUGGESTION = "suggestion", _("我要建议")


class FeedbackStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    DONE = "done", _("已处理")


# Open feedback first, then handled; used by the inbox's ordering.
OPEN_FIRST = models.Case(
    models.When(status=FeedbackStatus.OPEN, then=models.Value(0)),
    default=models.Value(1),
    output_field=models.IntegerField(),
)


class FeedbackQuerySet(models.QuerySet):
    def open(self) -> "FeedbackQuerySet":
        return self.filter(status=FeedbackStatus.OPEN)

    def for_inbox(self) -> "FeedbackQuerySet":
        """Open first, newest first, with what each one is about."""
        return self.select_related("service", "venue", "handled_by").order_by(OPEN_FIRST, "-created_at", "-pk")


class Feedback(models.Model):
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("服务事项"),
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback", verbose_name=_("场所")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=FeedbackKind, default=FeedbackKind.WRONG)
    message = models.TextField(_("内容"), max_length=MESSAGE_MAX_LENGTH)
    phone = models.CharField(
        _("联系电话"),
        max_length=PHONE_MAX_LENGTH,
        blank=True,
        validators=[phone_validator],
        help_text=_("居民自愿留下的，只用于回电询问详情。"),
    )
    status = models.CharField(_("状态"), max_length=10, choices=FeedbackStatus, default=FeedbackStatus.OPEN)
    reply = models.TextField(_("处理说明"), blank=True, help_text=_("写给同事看：改了什么、是否已回电。居民看不到。"))
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False)
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("处理人"),
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("居民反馈")
        verbose_name_plural = _("居民反馈")
        ordering = (OPEN_FIRST, "-created_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service__isnull=False, venue__isnull=True)
                | models.Q(service__isnull=True, venue__isnull=False),
                name="feedback_about_exactly_one_entry",
            )
        ]
        indexes = [models.Index(fields=("status", "-created_at"), name="feedback_inbox")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.entry}"

    @property
    def entry(self) -> Service | Venue | None:
        """The service or room this is about."""
        return self.service or self.venue

    @property
    def is_open(self) -> bool:
        return self.status == FeedbackStatus.OPEN

    def mark_done(self, user, reply: str = "") -> None:
        """Handled by ``user``, now; a non-empty ``reply`` replaces the note."""
        self.status = FeedbackStatus.DONE
        self.handled_at = timezone.now()
        self.handled_by = user if user is not None and user.is_authenticated else None
        if reply:
            self.reply = reply
        self.save(update_fields=["status", "handled_at", "handled_by", "reply"])


class SubmissionWindow(models.Model):
    """One client's submissions in its current rate-limit window, counted in the database only while
    the cache cannot be reached (``feedback/ratelimit.py``). ``key`` is a keyed hash, never the address."""

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("提交次数计数")
        verbose_name_plural = _("提交次数计数")

    def __str__(self) -> str:
        return f"{self.count}"
