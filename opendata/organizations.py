"""The centre, its "1+1+X" bodies and the areas' committees as HSDS organizations, and who provides what.

Everything about the organizations lives in this one module. The "1+1+X" bodies are constants
until their staff-edited rows (``CentreBody``) get a stable key: then only this module changes
(``bodies()``, ``centre()``, ``body_for_category()`` and ``category_kinds()`` read the model instead),
and the ids stay the same because they are derived from each body's ``key``, never from its name.

Which body provides a service is decided by its category's kind — the category's icon choice
(党旗, 政务, 生活, 教育, 健康, 文体), which stays the same when staff rename a category or change
its web name. A kind not listed here belongs to the centre itself.

The centre's name and introduction come from its staff-edited record (``Centre``, ``from_record``).
A service point of the 15-minute circle belongs to the body its kind names (``POINT_BODIES``); a
residential area's or village's station belongs to that area's committee (居委会/村委会), an
organization of its own whose id is derived from the area's ``uuid`` (``committee``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from circle.models import COMMITTEE_KINDS, Area, AreaKind, PointKind, ServicePoint
from services.models import Category
from zhujing_center.models import Centre

from . import identifiers

CENTRE_KEY = "centre"


@dataclass(frozen=True)
class Body:
    key: str  # stable: the organization's id is derived from it
    name: str
    alternate_name: str
    description: str

    @property
    def id(self) -> str:
        return identifiers.constant(f"organization:{self.key}")

    @property
    def is_centre(self) -> bool:
        return self.key == CENTRE_KEY


@dataclass(frozen=True)
class Address:
    address_1: str
    city: str
    region: str
    state_province: str
    postal_code: str
    country: str

    @property
    def full(self) -> str:
        return f"{self.state_province}{self.region}{self.address_1}"


BODIES: tuple[Body, ...] = (
    Body(
        CENTRE_KEY,
        _("金山区朱泾镇社区党群服务中心"),
        _("朱泾镇社区党群服务中心"),
        _("集“党务+政务+服务”于一体的家门口服务阵地，统筹党建引领下的各项服务，联合“1+1+X”各机构提供六大类服务。"),
    ),
    Body(
        "civilization-practice",
        _("朱泾镇新时代文明实践分中心"),
        _("新时代文明实践分中心"),
        _("志愿服务与文明实践活动，以及家门口的学习和教育服务。"),
    ),
    Body(
        "community-affairs",
        _("朱泾镇社区事务受理服务中心"),
        _("社区事务受理服务中心"),
        _("社保、医保、居住证、户籍证明等政务事项的受理和办理。"),
    ),
    Body("culture", _("朱泾镇社区文化活动中心"), _("社区文化活动中心"), _("文化、体育和非遗活动。")),
    Body("life", _("朱泾镇社区生活服务中心"), _("社区生活服务中心"), _("助餐、维修、法律咨询等生活服务。")),
    Body("health", _("朱泾镇社区卫生服务中心"), _("社区卫生服务中心"), _("家庭医生、健康检测与咨询。")),
)

# Category kind (``Category.Icon``) → the key of the body that provides its services.
CATEGORY_BODIES: dict[str, str] = {
    Category.Icon.PARTY: CENTRE_KEY,
    Category.Icon.GOVERNMENT: "community-affairs",
    Category.Icon.LIFE: "life",
    Category.Icon.EDUCATION: "civilization-practice",
    Category.Icon.HEALTH: "health",
    Category.Icon.CULTURE: "culture",
}

# Service point kind → the key of the body that runs such points (committee-run kinds: see ``body_key_for_point``).
POINT_BODIES: dict[str, str] = {
    PointKind.CIVILIZATION: "civilization-practice",
    PointKind.AFFAIRS: "community-affairs",
    PointKind.CULTURE: "culture",
    PointKind.LIFE: "life",
    PointKind.HEALTH: "health",
}

COMMITTEE_KEY_PREFIX = "committee:"

# Where the town is (the street address itself is the centre's staff-edited record).
CITY, REGION, STATE_PROVINCE, POSTAL_CODE, COUNTRY = _("上海市"), _("金山区"), _("上海市"), "201500", "CN"


def address(centre: Centre) -> Address:
    """The centre's address (``Centre.address``, e.g. 上海市金山区朱泾镇人民路360号) in HSDS's parts."""
    return street_address(centre.address)


def street_address(text: str) -> Address:
    """An address in the town ('上海市金山区朱泾镇人民路360号' or '朱泾镇临源街123号一楼') in HSDS's parts:
    the city, district and country are the town's; ``address_1`` is the rest."""
    street = str(text).strip()
    for prefix in (str(STATE_PROVINCE), str(REGION)):
        street = street.removeprefix(prefix)
    return Address(street, CITY, REGION, STATE_PROVINCE, POSTAL_CODE, COUNTRY)


_BY_KEY = {body.key: body for body in BODIES}
_BY_ID = {body.id: body for body in BODIES}


def bodies() -> tuple[Body, ...]:
    """All organizations, the centre first."""
    return BODIES


def centre() -> Body:
    return _BY_KEY[CENTRE_KEY]


def from_record(body: Body, centre: Centre) -> Body:
    """The centre's organization named and described as its staff-edited record says (the constant when empty)."""
    if not body.is_centre:
        return body
    return Body(
        body.key,
        centre.name.strip() or body.name,
        body.alternate_name,
        centre.introduction.strip() or body.description,
    )


def committee(area: Area) -> Body:
    """The residents' or villagers' committee of ``area`` (居委会/村委会): the organization running its stations."""
    if area.kind == AreaKind.VILLAGE:
        description = _("%(area)s的村民自治组织，负责那里的村党群服务站。")
    else:
        description = _("%(area)s的居民自治组织，负责那里的居民区党群服务站。")
    return Body(f"{COMMITTEE_KEY_PREFIX}{area.uuid}", area.committee_name, area.name, description % {"area": area.name})


def body_key_for_point(kind: str) -> str | None:
    """The key of the body running a point of ``kind``; None when the committee of its area runs it.
    A kind this module does not know belongs to the centre."""
    if kind in COMMITTEE_KINDS:
        return None
    return POINT_BODIES.get(kind, CENTRE_KEY)


def body_for_point(point: ServicePoint) -> Body:
    """Who runs ``point``: its "1+1+X" body, or its area's committee (the centre when that area is not public)."""
    key = body_key_for_point(point.kind)
    if key is not None:
        return _BY_KEY[key]
    area = point.area
    if area is None or not area.is_published:
        return centre()
    return committee(area)


def committee_by_id(organization_id: str, areas) -> Body | None:
    """The committee among those of ``areas`` (published areas) whose id is ``organization_id``."""
    return next((body for body in map(committee, areas) if body.id == organization_id), None)


def by_id(organization_id: str) -> Body | None:
    return _BY_ID.get(organization_id)


def body_for_category(category: Category) -> Body:
    return _BY_KEY[CATEGORY_BODIES.get(category.icon, CENTRE_KEY)]


def category_kinds(body: Body) -> tuple[set[str], bool]:
    """The category kinds whose services ``body`` provides, and whether it also takes every unlisted one."""
    return {str(kind) for kind, key in CATEGORY_BODIES.items() if key == body.key}, body.is_centre
