"""venues/floorplan.py (where rooms sit on a floor's grid, how that is drawn) and venues/status.py (a room's
first line): pure functions, no database."""

import datetime as dt

import pytest

from venues import floorplan, status
from venues.floorplan import GRID_COLUMNS, GRID_ROWS, Box, PlanMark, PlanRoom
from zhujing_center import hours


# ------------------------------------------------------------------ positions staff enter
def test_a_room_without_a_position_is_fine_and_not_placed():
    assert floorplan.position_errors(None, None, None, None, 1) == {}
    assert floorplan.box_of(None, None, None, None) is None


def test_column_and_row_go_together():
    assert set(floorplan.position_errors(3, None, None, None, 1)) == {"plan_row"}
    assert set(floorplan.position_errors(None, None, 2, None, 1)) == {"plan_column", "plan_row"}


def test_width_and_height_default_to_one_square():
    assert floorplan.position_errors(GRID_COLUMNS, GRID_ROWS, None, None, 1) == {}
    assert floorplan.box_of(2, 3, None, None) == Box(2, 3, 1, 1)


def test_a_room_must_stay_inside_the_grid():
    errors = floorplan.position_errors(GRID_COLUMNS - 1, GRID_ROWS, 3, 2, 1)
    assert set(errors) == {"plan_width", "plan_height"}
    assert "最多 2 格宽" in errors["plan_width"] and "最多 1 格高" in errors["plan_height"]
    assert set(floorplan.position_errors(0, GRID_ROWS + 1, 1, 1, 1)) == {"plan_column", "plan_row"}
    assert set(floorplan.position_errors(1, 1, 0, 0, 1)) == {"plan_width", "plan_height"}


def test_a_room_of_no_known_floor_cannot_be_placed():
    assert "先填写楼层" in floorplan.position_errors(1, 1, 1, 1, None)["plan_column"]


def test_impossible_stored_positions_are_not_drawn():
    assert floorplan.box_of(GRID_COLUMNS, 1, 2, 1) is None


@pytest.mark.parametrize(
    ("other", "expected"),
    [(Box(3, 2, 2, 2), True), (Box(4, 3), True), (Box(5, 2), False), (Box(1, 1, 2, 1), False), (Box(3, 4), False)],
)
def test_boxes_overlap_when_they_share_a_square(other, expected):
    assert Box(3, 2, 2, 2).overlaps(other) is expected
    assert other.overlaps(Box(3, 2, 2, 2)) is expected


def test_overlapping_names_the_rooms_in_the_way():
    others = [("图书馆", Box(1, 1, 2, 3)), ("未放置", None), ("多功能厅", Box(3, 3, 2, 2))]
    assert floorplan.overlapping(Box(2, 3, 2, 1), others) == ["图书馆", "多功能厅"]


# ------------------------------------------------------------------ drawing
def test_names_break_into_even_lines_or_are_left_out():
    width = 120 - 2 * floorplan.PADDING  # a room two squares wide
    assert floorplan.fit_lines("社区事务受理大厅", width, 3) == ("社区事务", "受理大厅")
    assert floorplan.fit_lines("朱泾花灯工作室", width, 3) == ("朱泾花灯", "工作室")
    assert floorplan.fit_lines("书画室", width, 1) == ("书画室",)
    assert floorplan.fit_lines("社区事务受理大厅", width, 1) == ()
    assert floorplan.fit_lines("很长的名字", 10, 5) == ()


def test_latin_letters_and_digits_count_as_half_a_character():
    assert floorplan.text_width("1楼") == pytest.approx(floorplan.NAME_SIZE * 1.55)


def test_a_one_square_high_room_tries_a_smaller_name_beside_its_badge():
    lines, size = floorplan.room_lines("古琴工作室", Box(7, 1, 2, 1))
    assert lines == ("古琴工作室",) and size == floorplan.SMALL_NAME_SIZE
    lines, size = floorplan.room_lines("书画室", Box(1, 1, 2, 1))
    assert lines == ("书画室",) and size == floorplan.NAME_SIZE


def test_draw_places_rooms_on_the_grid_and_keeps_the_unplaced():
    rooms = [
        PlanRoom(1, "社区事务受理大厅", "/venues/affairs-hall/", Box(7, 2, 2, 4)),
        PlanRoom(2, "新房间", "/venues/new/", None),
        PlanRoom(3, "非遗展厅", "/venues/heritage-hall/", Box(3, 4, 4, 3), highlighted=True),
    ]
    marks = [PlanMark("lobby", "一楼大厅", Box(3, 2, 4, 4)), PlanMark("lift", "电梯", Box(6, 2))]
    plan = floorplan.draw(rooms, marks)
    cell, margin = floorplan.CELL, floorplan.MARGIN
    assert (plan.width, plan.height) == (GRID_COLUMNS * cell + 2 * margin, GRID_ROWS * cell + 2 * margin)
    hall, heritage = plan.rooms
    assert (hall.x, hall.y, hall.width, hall.height) == (margin + 6 * cell, margin + cell, 2 * cell, 4 * cell)
    assert (hall.number, hall.url, hall.highlighted, heritage.highlighted) == (1, "/venues/affairs-hall/", False, True)
    assert [room.name for room in plan.unplaced] == ["新房间"]
    assert [area.label for area in plan.areas] == ["一楼大厅"] and [mark.label for mark in plan.marks] == ["电梯"]
    assert plan.marks[0].lines == ("电梯",)


def test_drawn_lines_stay_inside_their_room():
    plan = floorplan.draw([PlanRoom(1, "社区事务受理大厅", "/", Box(7, 2, 2, 4))], [])
    room = plan.rooms[0]
    for text, x, y in room.line_positions:
        assert room.x < x - floorplan.text_width(text) / 2 and x + floorplan.text_width(text) / 2 < room.x + room.width
        assert room.y + 2 * floorplan.BADGE_RADIUS < y < room.y + room.height


def test_a_floor_with_nothing_placed_draws_nothing():
    assert floorplan.draw([PlanRoom(1, "新房间", "/", None)], []).is_empty


# ------------------------------------------------------------------ a room's first line
TZ = hours.CENTRE_TZ
DAYTIME = hours.Schedule(weekly=tuple(hours.WeeklyRange(day, dt.time(8, 30), dt.time(17)) for day in range(6)))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date(2026, 11, 30) + dt.timedelta(days=day), dt.time(hour, minute), TZ)


def test_open_now_with_todays_hours():
    now = status.room_now(DAYTIME, at(1, 10))
    assert (now.is_open, now.text, now.today) == (True, "正在开放，今天 08:30–17:00", "")


def test_closed_in_the_evening_says_when_it_opens_tomorrow():
    now = status.room_now(DAYTIME, at(1, 18))
    assert (now.is_open, now.text, now.today) == (False, "已关闭，明天 08:30 开放", "今天 08:30–17:00")


def test_closed_before_opening_says_today():
    assert status.room_now(DAYTIME, at(1, 7)).text == "已关闭，今天 08:30 开放"


def test_closed_on_sunday_says_today_is_a_day_off():
    now = status.room_now(DAYTIME, at(6, 10))
    assert (now.text, now.today) == ("已关闭，明天 08:30 开放", "今天休息")


def test_an_always_open_room_attended_in_the_day_says_nobody_is_there_at_night():
    always = hours.Schedule(always_open=True)
    attended = hours.Schedule(weekly=DAYTIME.weekly, within=always)
    night = status.room_now(always, at(2, 2), attended)
    assert (night.text, night.attended_now) == ("24小时开放", "现在无人值守")
    assert night.attended == "周一至周六 08:30–17:00 有人值守，其余时间无人值守"
    assert status.room_now(always, at(2, 10), attended).attended_now == "现在有人值守"
    assert status.room_now(always, at(2, 2)).attended == ""
