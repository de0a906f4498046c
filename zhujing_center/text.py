"""Small text helpers shared by the apps."""

from django.utils.translation import gettext as _


def lines(text: str) -> list[str]:
    """The non-blank lines of a multi-line field, stripped (one item per line in the admin)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def floor_label(floor: int | None) -> str:
    """一楼 as "1楼", a basement as "地下1层"; nothing for an unknown floor."""
    if floor is None:
        return ""
    if floor < 0:
        return _("地下%(n)d层") % {"n": -floor}
    return _("%(n)d楼") % {"n": floor}
