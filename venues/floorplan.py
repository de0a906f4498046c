"""The floor diagrams of 楼层导览: where each room sits on its floor's grid, and how that is drawn.

Staff place a room without drawing anything: every floor is the same fixed grid of
``GRID_COLUMNS`` × ``GRID_ROWS`` squares, north at the top, and a room is a rectangle of whole
squares — its first column and row (counted from the top-left corner, from 1) and its width and
height in squares. The entrance, lifts, stairs, the lobby and its touch screen are marks placed the
same way (``FloorMark``).

Pure functions over plain data, no ORM: ``position_errors`` and ``overlapping`` are the admin's
checks; ``draw`` turns one floor's rooms and marks into the shapes of an SVG (in user units, drawn
by templates/venues/floor_plan.svg.html). The list of rooms beside the diagram is the page's real
content; the diagram is an aid, each room numbered as in the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

GRID_COLUMNS = 8
GRID_ROWS = 6
# One square of the grid, in SVG user units; the drawing is a little wider than tall, as the building.
CELL = 60
MARGIN = 4
# The number badge in each room's top-left corner, and the room's name beside or below it.
BADGE_RADIUS = 14
NAME_SIZE = 17
NAME_LINE = 21
# A one-square-high room whose name does not fit beside its badge tries this size before leaving it out.
SMALL_NAME_SIZE = 13
# Marks (电梯, 楼梯, 触摸屏) are labelled a little smaller: they fit in one square.
MARK_SIZE = 15
PADDING = 6

POSITION_FIELDS = ("plan_column", "plan_row", "plan_width", "plan_height")


@dataclass(frozen=True)
class Box:
    """A rectangle of whole squares: first column and row (from 1, top-left), width and height."""

    column: int
    row: int
    width: int = 1
    height: int = 1

    @property
    def last_column(self) -> int:
        return self.column + self.width - 1

    @property
    def last_row(self) -> int:
        return self.row + self.height - 1

    def fits(self) -> bool:
        return (
            self.width >= 1
            and self.height >= 1
            and self.column >= 1
            and self.row >= 1
            and self.last_column <= GRID_COLUMNS
            and self.last_row <= GRID_ROWS
        )

    def overlaps(self, other: Box) -> bool:
        return not (
            self.last_column < other.column
            or other.last_column < self.column
            or self.last_row < other.row
            or other.last_row < self.row
        )


def box_of(column: int | None, row: int | None, width: int | None, height: int | None) -> Box | None:
    """The box of four stored values, or None when the room is not placed (or placed impossibly)."""
    if column is None or row is None:
        return None
    box = Box(column, row, 1 if width is None else width, 1 if height is None else height)
    return box if box.fits() else None


def position_errors(
    column: int | None, row: int | None, width: int | None, height: int | None, floor: int | None = 0
) -> dict[str, str]:
    """What is wrong with a room's position, by field name (empty when it is fine or not given).

    Column and row go together (a width or height alone is an error); width and height default to 1.
    ``floor`` None means the room's floor is unknown: it cannot be placed on a floor's diagram.
    """
    given = {"plan_column": column, "plan_row": row, "plan_width": width, "plan_height": height}
    if all(value is None for value in given.values()):
        return {}
    errors: dict[str, str] = {}
    if column is None:
        errors["plan_column"] = _("请同时填写“列”和“行”，或者四项都留空（不在楼层图上显示）。")
    if row is None:
        errors["plan_row"] = _("请同时填写“列”和“行”，或者四项都留空（不在楼层图上显示）。")
    if errors:
        return errors
    if floor is None:
        errors["plan_column"] = _("先填写楼层，才能放到那一层的楼层图上。")
        return errors
    width, height = (1 if width is None else width), (1 if height is None else height)
    if not 1 <= column <= GRID_COLUMNS:
        errors["plan_column"] = _("列要在 1 到 %(n)d 之间（从左往右数）。") % {"n": GRID_COLUMNS}
    if not 1 <= row <= GRID_ROWS:
        errors["plan_row"] = _("行要在 1 到 %(n)d 之间（从上往下数）。") % {"n": GRID_ROWS}
    if width < 1:
        errors["plan_width"] = _("宽至少是 1 格。")
    elif "plan_column" not in errors and column + width - 1 > GRID_COLUMNS:
        errors["plan_width"] = _("从第 %(column)d 列起最多 %(most)d 格宽，否则超出楼层图右边。") % {
            "column": column,
            "most": GRID_COLUMNS - column + 1,
        }
    if height < 1:
        errors["plan_height"] = _("高至少是 1 格。")
    elif "plan_row" not in errors and row + height - 1 > GRID_ROWS:
        errors["plan_height"] = _("从第 %(row)d 行起最多 %(most)d 格高，否则超出楼层图下边。") % {
            "row": row,
            "most": GRID_ROWS - row + 1,
        }
    return errors


def overlapping(box: Box, others: Iterable[tuple[str, Box | None]]) -> list[str]:
    """The names of ``others`` whose boxes share a square with ``box``."""
    return [name for name, other in others if other is not None and box.overlaps(other)]


# ------------------------------------------------------------------ drawing
@dataclass(frozen=True)
class PlanRoom:
    """One room as the diagram needs it."""

    number: int
    name: str
    url: str
    box: Box | None
    kind: str = ""
    highlighted: bool = False


@dataclass(frozen=True)
class PlanMark:
    kind: str
    label: str
    box: Box


@dataclass(frozen=True)
class Shape:
    """A rectangle of the drawing, in user units, with what is written in it."""

    x: int
    y: int
    width: int
    height: int
    label: str  # the room's or mark's full name (its <title>)
    lines: tuple[str, ...] = ()  # the name as drawn, in lines that fit (none when it does not fit)
    number: int | None = None
    url: str = ""
    kind: str = ""
    highlighted: bool = False
    size: int = NAME_SIZE  # the font size of ``lines``

    @property
    def is_small(self) -> bool:
        return self.size < NAME_SIZE and self.number is not None

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2

    @property
    def badge_x(self) -> int:
        return self.x + PADDING + BADGE_RADIUS

    @property
    def badge_y(self) -> int:
        return self.y + PADDING + BADGE_RADIUS

    @property
    def line_positions(self) -> list[tuple[str, float, float]]:
        """(text, x, baseline y) of each drawn line: beside the badge in a one-square-high room, else below it."""
        if not self.lines:
            return []
        if self.height <= CELL:
            left = self.x + PADDING + 2 * BADGE_RADIUS + 4
            x = left + (self.x + self.width - PADDING - left) / 2 if self.number is not None else self.centre_x
            return [(self.lines[0], x, self.y + self.height / 2 + self.size * 0.36)]
        top = self.y + (PADDING + 2 * BADGE_RADIUS + 4 if self.number is not None else PADDING)
        space = self.y + self.height - PADDING - top
        step = self.size + 4
        first = top + (space - step * len(self.lines)) / 2 + self.size * 0.86
        return [(text, self.centre_x, first + index * step) for index, text in enumerate(self.lines)]


@dataclass(frozen=True)
class Plan:
    width: int
    height: int
    areas: tuple[Shape, ...] = ()  # the lobby: drawn first, under everything
    rooms: tuple[Shape, ...] = ()
    marks: tuple[Shape, ...] = ()
    unplaced: tuple[PlanRoom, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.rooms and not self.marks and not self.areas


# Marks that are places one walks through (drawn as a light area under the rooms), not points.
AREA_KINDS = frozenset({"lobby"})


def text_width(text: str, size: float = NAME_SIZE) -> float:
    """The drawn width of ``text``: a Chinese character is one em, a Latin letter or digit about half."""
    return sum(size if ord(char) > 0x2E7F else size * 0.55 for char in text)


def fit_lines(text: str, width: float, max_lines: int, size: float = NAME_SIZE) -> tuple[str, ...]:
    """``text`` in at most ``max_lines`` lines no wider than ``width``, as even as possible ("社区事务/受理大厅",
    not "社区事务受理/大厅"); () when it cannot fit."""
    lines = _greedy_lines(text, width, size)
    if not lines or len(lines) > max_lines:
        return ()
    if len(lines) == 1:
        return tuple(lines)
    # The narrowest width that still needs no more lines: every line about as long.
    narrowest = max(text_width(line, size) for line in lines)
    target = max(text_width(text, size) / len(lines), max(text_width(char, size) for char in text))
    while target < narrowest:
        even = _greedy_lines(text, target, size)
        if even and len(even) == len(lines):
            return tuple(even)
        target += 1
    return tuple(lines)


def _greedy_lines(text: str, width: float, size: float) -> list[str]:
    """As many characters on each line as fit; [] when one character alone is too wide."""
    lines: list[str] = []
    current = ""
    for char in text:
        if text_width(current + char, size) <= width:
            current += char
            continue
        if not current:
            return []
        lines.append(current)
        current = char
    if current:
        lines.append(current)
    return lines


def shape_of(box: Box, label: str, **extra) -> Shape:
    x = MARGIN + (box.column - 1) * CELL
    y = MARGIN + (box.row - 1) * CELL
    return Shape(x, y, box.width * CELL, box.height * CELL, label, **extra)


def room_lines(name: str, box: Box) -> tuple[tuple[str, ...], int]:
    """The name as drawn in the room, and its font size: beside the badge in a one-square-high room (smaller
    if need be), else below it in as many lines as the room has room for."""
    width = box.width * CELL
    height = box.height * CELL
    if box.height == 1:
        beside = width - 2 * PADDING - 2 * BADGE_RADIUS - 4
        if lines := fit_lines(name, beside, 1):
            return lines, NAME_SIZE
        return fit_lines(name, beside, 1, SMALL_NAME_SIZE), SMALL_NAME_SIZE
    space = height - 2 * PADDING - 2 * BADGE_RADIUS - 4
    return fit_lines(name, width - 2 * PADDING, max(1, int(space // NAME_LINE))), NAME_SIZE


def mark_lines(label: str, box: Box) -> tuple[str, ...]:
    lines = max(1, int((box.height * CELL - 2 * PADDING) // (MARK_SIZE + 4)))
    return fit_lines(label, box.width * CELL - 2 * PADDING, lines, MARK_SIZE)


def draw(rooms: Sequence[PlanRoom], marks: Sequence[PlanMark]) -> Plan:
    """The shapes of one floor's diagram. Rooms without a box are returned as ``unplaced``."""
    areas, points = [], []
    for mark in marks:
        target = areas if mark.kind in AREA_KINDS else points
        lines = mark_lines(mark.label, mark.box)
        target.append(shape_of(mark.box, mark.label, lines=lines, kind=mark.kind, size=MARK_SIZE))
    placed = []
    for room in rooms:
        if room.box is None:
            continue
        lines, size = room_lines(room.name, room.box)
        placed.append(
            shape_of(
                room.box,
                room.name,
                lines=lines,
                number=room.number,
                url=room.url,
                kind=room.kind,
                highlighted=room.highlighted,
                size=size,
            )
        )
    return Plan(
        width=GRID_COLUMNS * CELL + 2 * MARGIN,
        height=GRID_ROWS * CELL + 2 * MARGIN,
        areas=tuple(areas),
        rooms=tuple(placed),
        marks=tuple(points),
        unplaced=tuple(room for room in rooms if room.box is None),
    )
