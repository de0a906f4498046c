"""The town map drawn on the server (circle/townmap.py) and served as SVG."""

import re

import pytest

from circle import townmap
from circle.models import ServicePoint
from tests.factories import make_area, make_point


def place(n, lat, lng):
    return townmap.Place(n, f"站{n}", f"/circle/p{n}/", (lat, lng))


def test_north_is_up_and_east_is_right_inside_the_margins():
    drawn = townmap.draw([place(1, 30.90, 121.15), place(2, 30.88, 121.17)])
    north_west, south_east = drawn.dots
    assert north_west.y < south_east.y and north_west.x < south_east.x
    for dot in drawn.dots:
        assert townmap.MARGIN - 0.1 <= dot.x <= drawn.width - townmap.MARGIN + 0.1
        assert townmap.MARGIN - 0.1 <= dot.y <= drawn.height - townmap.MARGIN + 0.1


def test_distances_keep_their_proportions_east_and_north():
    # 0.01° north ≈ 1,112 m; 0.01° east at 30.89° ≈ 954 m.
    drawn = townmap.draw([place(1, 30.89, 121.16), place(2, 30.90, 121.16), place(3, 30.89, 121.17)])
    origin, north, east = drawn.dots
    assert (origin.y - north.y) / (east.x - origin.x) == pytest.approx(1112 / 954, rel=0.01)


def test_one_point_alone_is_drawn_in_the_middle_at_the_minimum_extent():
    drawn = townmap.draw([place(1, 30.89, 121.16)])
    (dot,) = drawn.dots
    assert dot.x == pytest.approx(drawn.width / 2, abs=1) and dot.y == pytest.approx(drawn.height / 2, abs=1)


def test_the_ring_is_fifteen_minutes_of_walking_in_a_straight_line():
    home = place(0, 30.89, 121.16)
    drawn = townmap.draw([place(1, 30.89, 121.17)], home=home)
    units_per_m = (drawn.dots[0].x - drawn.home.x) / 954.4
    assert drawn.ring_radius == pytest.approx(15 * 60 / 1.3 * units_per_m, rel=0.01)


def test_nothing_to_draw_is_an_empty_map():
    assert townmap.draw([]).is_empty


@pytest.mark.django_db
def test_the_svg_holds_every_published_point_and_no_unpublished_one(client):
    area = make_area(slug="home-area")
    shown = [make_point(name=f"公开站{n}", slug=f"shown-{n}", areas=[area]) for n in range(3)]
    hidden = make_point(name="未发布站", slug="hidden", is_published=False)
    svg = client.get("/circle/map.svg?area=home-area").content.decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    links = set(re.findall(r'<a href="(/circle/[^"]+/)"', svg))
    assert links == {point.get_absolute_url() for point in shown}
    assert hidden.get_absolute_url() not in svg and "未发布站" not in svg
    page = client.get("/circle/").content.decode()
    assert all(point.get_absolute_url() in page for point in shown) and "未发布站" not in page
    assert ServicePoint.objects.count() == 4
