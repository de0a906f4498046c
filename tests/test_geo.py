"""Distances, walks and datum conversions (zhujing_center/geo.py), against hand-computed cases."""

import math

import pytest

from zhujing_center import geo


def test_one_degree_of_latitude_is_about_111_km():
    assert geo.distance_m((30.0, 121.0), (31.0, 121.0)) == pytest.approx(111_195, rel=1e-4)


def test_one_degree_of_longitude_at_the_towns_latitude_shrinks_by_its_cosine():
    expected = 111_195 * math.cos(math.radians(30.89))
    assert geo.distance_m((30.89, 121.0), (30.89, 122.0)) == pytest.approx(expected, rel=1e-3)


def test_distance_is_symmetric_and_zero_to_itself():
    a, b = (30.8967, 121.1608), (30.9012, 121.1701)
    assert geo.distance_m(a, a) == 0
    assert geo.distance_m(a, b) == pytest.approx(geo.distance_m(b, a))


def test_a_walk_is_the_straight_line_times_the_detour_at_sixty_metres_a_minute():
    # 0.009° of latitude ≈ 1,000.8 m straight → 1,301 m walked → 21.7 → 22 minutes.
    walk = geo.walk((30.89, 121.16), (30.899, 121.16))
    assert walk.straight_m == pytest.approx(1000.76, abs=0.1)
    assert walk.metres == 1301
    assert walk.minutes == 22
    assert not walk.in_circle
    assert walk.distance_text == "约 1.3 公里" and walk.minutes_text == "步行约 22 分钟"


def test_a_short_walk_is_at_least_one_minute_and_rounded_to_ten_metres():
    walk = geo.walk((30.89, 121.16), (30.8903, 121.16))  # 33 m straight, 43 m walked
    assert (walk.metres, walk.minutes, walk.in_circle) == (43, 1, True)
    assert walk.distance_text == "约 40 米"


def test_fifteen_minutes_is_the_edge_of_the_circle():
    # 900 m walked = 692.3 m straight.
    metres = 15 * geo.WALKING_METRES_PER_MINUTE / geo.DETOUR
    degrees = metres / 111_195
    assert geo.walk((30.89, 121.16), (30.89 + degrees * 0.999, 121.16)).in_circle
    assert not geo.walk((30.89, 121.16), (30.89 + degrees * 1.01, 121.16)).in_circle


def test_gcj02_moves_a_shanghai_point_about_half_a_kilometre_and_back():
    wgs = (30.8966, 121.1605)
    gcj = geo.to_gcj02(wgs)
    assert 400 < geo.distance_m(wgs, gcj) < 600
    assert gcj[0] < wgs[0] and gcj[1] > wgs[1]  # south-east of where GPS says, in Shanghai
    assert geo.distance_m(geo.from_gcj02(gcj), wgs) < 0.01


def test_outside_china_nothing_moves():
    assert geo.to_gcj02((51.5, -0.12)) == (51.5, -0.12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("121.165300,30.894500", (30.8945, 121.1653)),  # 高德: longitude first
        ("30.8945, 121.1653", (30.8945, 121.1653)),
        ("121.1653，30.8945", (30.8945, 121.1653)),
        (" 121.1653 30.8945 ", (30.8945, 121.1653)),
    ],
)
def test_a_pasted_map_position_reads_either_order(text, expected):
    assert geo.parse_map_position(text) == expected


@pytest.mark.parametrize("text", ["", "121.16", "abc,def", "1,2,3", "0.1,0.2", "nan,nan", "-121,30"])
def test_a_bad_pasted_position_is_refused(text):
    with pytest.raises(ValueError):
        geo.parse_map_position(text)


def test_rounded_keeps_six_decimals():
    assert [str(value) for value in geo.rounded((30.12345678, 121.1))] == ["30.123457", "121.100000"]
