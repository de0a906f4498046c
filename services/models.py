import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from venues.models import Venue, WeeklyHours
from zhujing_center import hours, search
from zhujing_center.managers import SlugNaturalKeyMixin
from zhujing_center.text import lines


class CategoryQuerySet(models.QuerySet):
    def with_service_counts(self) -> "CategoryQuerySet":
        published = (
            Service.objects.published()
            .filter(category=models.OuterRef("pk"))
            .order_by()
            .values("category")
            .annotate(count=models.Count("*"))
            .values("count")
        )
        return self.annotate(service_count=Coalesce(models.Subquery(published), 0))


class CategoryManager(SlugNaturalKeyMixin, models.Manager.from_queryset(CategoryQuerySet)):
    pass


class Category(models.Model):
    class Icon(models.TextChoices):
        PARTY = "party", _("党旗")
        GOVERNMENT = "government", _("政务")
        LIFE = "life", _("生活")
        EDUCATION = "education", _("教育")
        HEALTH = "health", _("健康")
        CULTURE = "culture", _("文体")

    name = models.CharField(_("名称"), max_length=30, unique=True)
    slug = models.SlugField(_("网址名"), max_length=50, unique=True)
    uuid = models.UUIDField(_("开放数据编号"), default=uuid.uuid4, unique=True, editable=False)
    summary = models.CharField(_("简介"), max_length=200, blank=True)
    icon = models.CharField(_("图标"), max_length=20, choices=Icon, default=Icon.LIFE)
    sort_order = models.PositiveIntegerField(_("排序"), default=0, help_text=_("数字小的排在前面。"))

    objects = CategoryManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务类别")
        verbose_name_plural = _("服务类别")
        ordering = ("sort_order", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:category", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class AudienceManager(SlugNaturalKeyMixin, models.Manager):
    pass


class Audience(models.Model):
    name = models.CharField(_("名称"), max_length=30, unique=True)
    slug = models.SlugField(_("网址名"), max_length=50, unique=True)
    uuid = models.UUIDField(_("开放数据编号"), default=uuid.uuid4, unique=True, editable=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    objects = AudienceManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务对象")
        verbose_name_plural = _("服务对象")
        ordering = ("sort_order", "name")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class ServiceStatus(models.TextChoices):
    AVAILABLE = "available", _("正常提供")
    SUSPENDED = "suspended", _("暂停服务")


# The stored search text (services/search.py), kept out of the history.
SEARCH_COLUMNS = ["search_name", "search_primary", "search_secondary", "search_rare"]

# What a service card (includes/service_card.html) reads of a service: add a field here to show it there.
CARD_FIELDS = ("name", "slug", "summary", "category", "status", "is_free")
# What a search result's card reads too, to say why it matched (``for_result_cards``).
REASON_FIELDS = ("keywords", "description")


class ServiceQuerySet(models.QuerySet):
    def published(self) -> "ServiceQuerySet":
        """What the public may see."""
        return self.filter(is_published=True)

    def for_cards(self) -> "ServiceQuerySet":
        """What a service card shows (includes/service_card.html): a few fields, the published rooms with
        their hours (the first is named; its hours make the "open now" badge) and the service's own hours."""
        return self.only(*CARD_FIELDS).prefetch_related(
            models.Prefetch("venues", queryset=Venue.objects.published().with_schedule()), "own_hours"
        )

    def for_result_cards(self) -> "ServiceQuerySet":
        """What a search result's card shows: a card, and what it may say the service matched in when its
        name and summary do not show it (keywords, category, rooms, description; ``search_tags.service_reasons``)."""
        return (
            self.for_cards()
            .select_related("category")
            .only(*CARD_FIELDS, *REASON_FIELDS, "category__name", "category__sort_order")
        )

    def for_detail(self) -> "ServiceQuerySet":
        """What a service's page shows."""
        return self.select_related("category").prefetch_related(
            models.Prefetch("venues", queryset=Venue.objects.published().with_schedule()), "own_hours", "audiences"
        )

    def open_at(self, now: dt.datetime) -> "ServiceQuerySet":
        """Those of these services open at ``now`` by their hours, the rule their cards' badges follow (and
        not suspended). The rooms are worked out once in Python (a few dozen); the database then keeps the
        services whose first room — the lowest in the rooms' order — is open, from one grouped pass over the
        links; the few with hours of their own are worked out one by one. Four queries before the page's
        own (five with such services), whatever the catalogue's size."""
        rooms = list(Venue.objects.published().with_schedule())
        place = models.Case(*(models.When(venue_id=room.pk, then=index) for index, room in enumerate(rooms)))
        first_place = (
            Service.venues.through.objects.filter(venue_id__in=[room.pk for room in rooms])
            .values("service_id")
            .annotate(first=models.Min(place))
        )
        own: dict[int, list[ServiceHours]] = {}
        for row in ServiceHours.objects.filter(service__in=self):
            own.setdefault(row.service_id, []).append(row)
        open_own = []
        if own:
            firsts = dict(first_place.filter(service_id__in=list(own)).values_list("service_id", "first"))
            for pk, rows in own.items():
                room = rooms[firsts[pk]].schedule() if pk in firsts else None
                if hours.is_open(service_schedule(room, rows), now):
                    open_own.append(pk)
        open_places = [index for index, room in enumerate(rooms) if hours.is_open(room.schedule(), now)]
        by_room = first_place.filter(first__in=open_places).exclude(service_id__in=list(own)).values("service_id")
        return self.filter(models.Q(pk__in=by_room) | models.Q(pk__in=open_own)).exclude(status=ServiceStatus.SUSPENDED)

    def search(self, query: "str | search.Terms", synonyms: Sequence[Sequence[str]] | None = None) -> "ServiceQuerySet":
        """Services matching every typed token (汉字, pinyin or initials; or a synonym of it in the name or
        keywords), best first.

        ``query`` is typed text or already parsed ``Terms``; ``synonyms`` the synonym groups (read from
        ``Synonym`` when not given: one query). Leaves the queryset unchanged for an empty query.
        Ordering: ``search_rank``, the sum over the tokens of where each matched best — the name (0),
        the keywords (1), other text (2), only a rare reading of a character (3), as
        ``zhujing_center.search.rank`` ranks rooms and activities — then the catalogue's order
        (``Service.Meta.ordering``).
        """
        terms = query if isinstance(query, search.Terms) else parse_query(query, synonyms)
        if not terms:
            return self
        matched = models.Q()
        tiers = []
        for token in terms.spelt:
            # What was typed matches in any column (short forms through the gram table); the synonyms it
            # stands for only in names and keywords (``search.Token``).
            in_column = {column: models.Q() for column in ("search_name", "search_primary", "search_secondary")}
            for form in token.typed:
                for column in in_column:
                    in_column[column] |= models.Q(**{f"{column}__contains": form})
            for form in token.synonyms:
                in_column["search_name"] |= models.Q(search_name__contains=form)
                in_column["search_primary"] |= models.Q(search_primary__contains=form)
            matched &= token_match(token)
            tiers.append(
                models.Case(
                    models.When(in_column["search_name"], then=models.Value(int(search.Tier.NAME))),
                    models.When(in_column["search_primary"], then=models.Value(int(search.Tier.KEYWORD))),
                    models.When(in_column["search_secondary"], then=models.Value(int(search.Tier.TEXT))),
                    default=models.Value(int(search.Tier.RARE)),
                )
            )
        rank = sum(tiers[1:], tiers[0]) if len(tiers) > 1 else tiers[0]
        return self.filter(matched).annotate(search_rank=rank).order_by("search_rank", *Service._meta.ordering)


def token_match(token: search.Token) -> models.Q:
    """The services one token matches, in a form the database answers from its indexes: short typed forms
    from the gram table, longer ones by substring (trigram indexes on PostgreSQL) in the three matched
    columns, synonyms in ``search_primary`` only (the short ones through the gram table first). A token
    needing more than one of these is one ``IN`` over their ``UNION ALL``: an ``OR`` of a subquery and a
    ``LIKE`` made PostgreSQL read every service (200 ms for 厕所 and its synonyms at 5,000 services)."""
    short = [form for form in token.typed if len(form) <= search.GRAM_LENGTH]
    in_text = models.Q()
    for form in token.typed:
        if len(form) > search.GRAM_LENGTH:
            for column in ("search_primary", "search_secondary", "search_rare"):
                in_text |= models.Q(**{f"{column}__contains": form})
    # Synonyms: the long ones in one pass over the trigram index, each short one through the gram table.
    in_names = models.Q()
    for form in token.synonyms:
        if len(form) > search.GRAM_LENGTH:
            in_names |= models.Q(search_primary__contains=form)
    short_names = [
        Service.objects.filter(pk__in=SearchGram.objects.filter(gram=form).values("service_id"))
        .filter(search_primary__contains=form)
        .order_by()
        .values("id")
        for form in token.synonyms
        if len(form) <= search.GRAM_LENGTH
    ]
    by_gram = SearchGram.objects.filter(gram__in=short).values("service_id")
    if not in_text and not in_names and not short_names:
        return models.Q(pk__in=by_gram)
    if not short and not in_names and not short_names:
        return in_text
    ids = [Service.objects.filter(q).order_by().values("id") for q in (in_text, in_names) if q] + short_names
    if short:
        ids.insert(0, by_gram)
    return models.Q(pk__in=ids[0].union(*ids[1:], all=True))


def parse_query(query: str, synonyms: Sequence[Sequence[str]] | None = None) -> search.Terms:
    """``query`` parsed with the synonym groups (``synonyms``, else those staff entered: one query)."""
    if not search.query_tokens(query):
        return search.parse("")
    return search.parse(query, Synonym.objects.groups() if synonyms is None else synonyms)


class ServiceManager(SlugNaturalKeyMixin, models.Manager.from_queryset(ServiceQuerySet)):
    pass


class Service(models.Model):
    name = models.CharField(_("服务名称"), max_length=60)
    slug = models.SlugField(
        _("网址名"), max_length=80, unique=True, help_text=_("用于网址，只能用小写字母、数字和连字符。")
    )
    uuid = models.UUIDField(_("开放数据编号"), default=uuid.uuid4, unique=True, editable=False)
    summary = models.CharField(_("一句话简介"), max_length=200)
    description = models.TextField(_("服务内容"), blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="services", verbose_name=_("服务类别")
    )
    audiences = models.ManyToManyField(Audience, blank=True, related_name="services", verbose_name=_("服务对象"))
    venues = models.ManyToManyField(
        Venue,
        blank=True,
        related_name="services",
        verbose_name=_("服务场所"),
        help_text=_(
            "服务时间默认取这些场所中排在最前（楼层低、排序靠前）的一个的开放时间；不同时请在下方填写服务时间。"
        ),
    )

    walk_in = models.BooleanField(_("现场办理"), default=True)
    by_appointment = models.BooleanField(_("需要预约"), default=False)
    booking_phone = models.CharField(
        _("预约电话"), max_length=40, blank=True, help_text=_("需要预约时填写；留空时显示咨询电话。")
    )
    booking_desk = models.CharField(
        _("现场预约"),
        max_length=120,
        blank=True,
        help_text=_("在哪里、什么时间可以当面预约，例如：一楼社区事务受理大厅综合窗口，工作日 09:00–17:00。"),
    )
    booking_url = models.URLField(_("网上预约链接"), blank=True)
    self_service = models.BooleanField(_("自助机办理"), default=False)
    online = models.BooleanField(_("网上办理"), default=False)

    conditions = models.TextField(_("办理条件"), blank=True)
    materials = models.TextField(_("所需材料"), blank=True, help_text=_("每行一项。"))
    steps = models.TextField(_("办理流程"), blank=True, help_text=_("每行一步。"))
    time_limit = models.CharField(_("承诺时限"), max_length=40, blank=True, help_text=_("例如：即办、3个工作日。"))
    visits = models.PositiveSmallIntegerField(
        _("到现场次数"), null=True, blank=True, help_text=_("最多需要跑几次；0 表示不用跑。")
    )
    is_free = models.BooleanField(_("免费"), default=True)
    fee = models.CharField(_("收费说明"), max_length=120, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    online_url = models.URLField(_("网上办理链接"), blank=True)
    faq = models.TextField(
        _("常见问题"), blank=True, help_text=_("每个问题一行，以“问：”开头；下一行以“答：”开头写回答。")
    )
    keywords = models.CharField(
        _("关键词"), max_length=200, blank=True, help_text=_("居民可能搜索的其他说法，用空格分隔。")
    )

    status = models.CharField(_("服务状态"), max_length=20, choices=ServiceStatus, default=ServiceStatus.AVAILABLE)
    status_notice = models.CharField(
        _("状态说明"), max_length=200, blank=True, help_text=_("暂停时告诉居民原因和恢复时间。")
    )
    last_checked = models.DateField(_("信息核对日期"), null=True, blank=True)
    is_published = models.BooleanField(_("已发布"), default=True)
    is_featured = models.BooleanField(_("首页推荐"), default=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0, help_text=_("数字小的排在前面。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Kept up to date by services/search_index.py whenever the service, its rooms or its category change
    # (services/search.py says what each holds).
    search_name = models.TextField(_("搜索文本（名称）"), blank=True, default="", editable=False)
    search_primary = models.TextField(_("搜索文本（名称和关键词）"), blank=True, default="", editable=False)
    search_secondary = models.TextField(_("搜索文本（其他）"), blank=True, default="", editable=False)
    search_rare = models.TextField(_("搜索文本（多音字的其他读音）"), blank=True, default="", editable=False)

    objects = ServiceManager()

    history = HistoricalRecords(m2m_fields=["audiences", "venues"], excluded_fields=SEARCH_COLUMNS)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        # The catalogue's order, everywhere: lists, searches (after name matches), the kiosk and the API.
        ordering = ("category__sort_order", "sort_order", "name")
        indexes = [
            models.Index(
                fields=("category", "sort_order", "name", "id"),
                name="service_catalogue_order",
                condition=models.Q(is_published=True),
            ),
            models.Index(
                fields=("sort_order",), name="service_featured", condition=models.Q(is_featured=True, is_published=True)
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_suspended(self) -> bool:
        return self.status == ServiceStatus.SUSPENDED

    @cached_property
    def primary_venue(self) -> Venue | None:
        """The first of its rooms (of its published ones, when prefetched by ``for_cards``/``for_detail``)."""
        venues = self.venues.all()
        return venues[0] if venues else None

    @property
    def material_list(self) -> list[str]:
        return lines(self.materials)

    @property
    def step_list(self) -> list[str]:
        return lines(self.steps)

    @property
    def access_labels(self) -> list[str]:
        flags = (
            (self.walk_in, _("现场办理")),
            (self.by_appointment, _("需提前预约")),
            (self.self_service, _("自助机办理")),
            (self.online, _("网上办理")),
        )
        return [str(label) for on, label in flags if on]

    @property
    def faq_pairs(self) -> list[tuple[str, str]]:
        return faq_pairs(self.faq)

    def schedule(self) -> hours.Schedule | None:
        """Its own hours inside its room's, or else its room's; None if it has neither."""
        venue = self.primary_venue
        return service_schedule(venue.schedule() if venue else None, self.own_hours.all())


def service_schedule(
    venue_schedule: hours.Schedule | None, own_hours: Iterable["ServiceHours"]
) -> hours.Schedule | None:
    """A service's hours: its own (``own_hours``) inside its room's (``venue_schedule``), or else its
    room's; None if neither."""
    own = tuple(row.as_range() for row in own_hours)
    if own:
        return hours.Schedule(weekly=own, within=venue_schedule)
    return venue_schedule


class SearchGram(models.Model):
    """One- and two-character pieces of a service's search text, for fast short queries."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="search_grams")
    gram = models.CharField(max_length=search.GRAM_LENGTH)

    class Meta:
        verbose_name = _("搜索片段")
        verbose_name_plural = _("搜索片段")
        indexes = [models.Index(fields=("gram", "service"), name="searchgram_gram_service")]

    def __str__(self) -> str:
        return self.gram


class SynonymQuerySet(models.QuerySet):
    def groups(self) -> list[tuple[str, ...]]:
        """Every group's words, for ``zhujing_center.search.parse`` (one query)."""
        return [search.synonym_words(words) for words in self.values_list("words", flat=True)]


class Synonym(models.Model):
    """One group of words that mean the same to a resident searching: typing any of them finds the others.

    The query is widened, not the stored text: saving a group rebuilds nothing."""

    words = models.CharField(
        _("同义词"),
        max_length=200,
        help_text=_(
            "意思相同的几种说法，用空格或顿号隔开，例如：厕所 卫生间 洗手间。居民搜索其中任何一个词"
            "（汉字、拼音或拼音首字母都行），也能找到写着其他说法的服务、场所、活动和非遗项目。"
            "只写意思真正相同的词；每个词最多12个字。"
        ),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True, help_text=_("只给工作人员看，例如为什么加这一组。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SynonymQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")
        ordering = ("words",)

    def __str__(self) -> str:
        return "、".join(self.word_list)

    def save(self, *args, **kwargs) -> None:
        self.words = " ".join(self.word_list)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        words = self.word_list
        if len(words) < 2:
            raise ValidationError({"words": _("请至少写两个意思相同的词，用空格隔开。")})
        if len(words) > search.MAX_SYNONYMS:
            raise ValidationError(
                {"words": _("一组最多 %(n)d 个词；意思不同的词请另建一组。") % {"n": search.MAX_SYNONYMS}}
            )
        long = [word for word in words if len(word) > search.MAX_SYNONYM_LENGTH]
        if long:
            raise ValidationError(
                {"words": _("这些词太长了（每个词最多12个字）：%(words)s") % {"words": "、".join(long)}}
            )

    @property
    def word_list(self) -> tuple[str, ...]:
        return search.synonym_words(self.words)


class ServiceHours(WeeklyHours):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="own_hours", verbose_name=_("服务事项"))

    history = HistoricalRecords()

    class Meta(WeeklyHours.Meta):
        verbose_name = _("服务时间")
        verbose_name_plural = _("服务时间（与场所开放时间不同时才填写）")


def faq_pairs(text: str) -> list[tuple[str, str]]:
    """Parse lines of '问：…' and '答：…' into (question, answer) pairs.

    An answer may run over several lines; lines before the first question are ignored.
    """
    pairs: list[tuple[str, list[str]]] = []
    for line in lines(text):
        marker, rest = line[:1], line[1:].lstrip(":： ")
        if marker == "问" and line[1:2] in ":：":
            pairs.append((rest, []))
        elif pairs:
            pairs[-1][1].append(rest if marker == "答" and line[1:2] in ":：" else line)
    return [(question, "\n".join(answer)) for question, answer in pairs]
