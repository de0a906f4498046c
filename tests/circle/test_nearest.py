"""Nearest first, against hand-computed cases (circle/nearest.py)."""

from dataclasses import dataclass

from circle.nearest import nearest_first

HOME = (30.89, 121.16)
# 0.001° of latitude = 111.2 m straight, 144.6 m walked.
NORTH_111 = (30.891, 121.16)
NORTH_556 = (30.895, 121.16)
NORTH_1112 = (30.90, 121.16)


@dataclass
class P:
    pk: int
    latlng: tuple | None


def order(points, origin=HOME, serving=()):
    return [nearby.point.pk for nearby in nearest_first(points, origin, set(serving))]


def test_nearest_first_by_straight_line():
    assert order([P(1, NORTH_1112), P(2, NORTH_111), P(3, NORTH_556)]) == [2, 3, 1]


def test_points_serving_the_area_come_first_even_when_farther():
    assert order([P(1, NORTH_111), P(2, NORTH_1112), P(3, NORTH_556)], serving=[2]) == [2, 1, 3]


def test_points_without_coordinates_come_last_in_the_staff_order():
    assert order([P(1, None), P(2, NORTH_556), P(3, None), P(4, NORTH_111)]) == [4, 2, 1, 3]


def test_without_an_origin_the_staff_order_stays_and_no_walk_is_given():
    result = nearest_first([P(1, NORTH_556), P(2, NORTH_111)], None, set())
    assert [n.point.pk for n in result] == [1, 2]
    assert all(n.walk is None and not n.in_circle for n in result)


def test_walks_are_the_hand_computed_ones():
    (near, far) = nearest_first([P(1, NORTH_111), P(2, NORTH_1112)], HOME, set())
    assert (near.walk.metres, near.walk.minutes, near.in_circle) == (145, 3, True)
    # 0.01° = 1,111.95 m straight → 1,445.5 m walked → 24.09 → 25 minutes
    assert (far.walk.metres, far.walk.minutes, far.in_circle) == (1446, 25, False)
    assert far.walk.distance_text == "约 1.4 公里"


def test_equal_distances_keep_the_staff_order():
    same = (30.891, 121.161)  # two points in one building
    assert order([P(7, same), P(3, same), P(5, NORTH_111)]) == [5, 7, 3]
