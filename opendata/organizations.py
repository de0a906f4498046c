"""The centre and its "1+1+X" bodies as HSDS organizations, and which body provides which service.

Everything about the organizations lives in this one module, as constants, until the centre's own
record becomes a staff-edited model: then only this module changes (``bodies()``, ``centre()``,
``body_for_category()`` and ``category_kinds()`` read the model instead), and the ids stay the
same because they are derived from each body's ``key``, never from its name.

Which body provides a service is decided by its category's kind — the category's icon choice
(党旗, 政务, 生活, 教育, 健康, 文体), which stays the same when staff rename a category or change
its web name. A kind not listed here belongs to the centre itself.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

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

# Where the town is (the street address itself is the centre's staff-edited record).
CITY, REGION, STATE_PROVINCE, POSTAL_CODE, COUNTRY = _("上海市"), _("金山区"), _("上海市"), "201500", "CN"


def address(centre: Centre) -> Address:
    """The centre's address (``Centre.address``, e.g. 上海市金山区朱泾镇人民路360号) in HSDS's parts."""
    street = str(centre.address).strip()
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


def by_id(organization_id: str) -> Body | None:
    return _BY_ID.get(organization_id)


def body_for_category(category: Category) -> Body:
    return _BY_KEY[CATEGORY_BODIES.get(category.icon, CENTRE_KEY)]


def category_kinds(body: Body) -> tuple[set[str], bool]:
    """The category kinds whose services ``body`` provides, and whether it also takes every unlisted one."""
    return {str(kind) for kind, key in CATEGORY_BODIES.items() if key == body.key}, body.is_centre
