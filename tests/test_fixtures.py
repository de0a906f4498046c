"""The sample catalogue in fixtures/ loads and holds what the article describes."""

import pytest

from services.models import Category, Service
from venues.models import Venue

pytestmark = pytest.mark.django_db

# Every room and station the source article names (docs/sources.md), with the floor where it says one.
ARTICLE_ROOMS = {
    "芳香咖啡屋": None,
    "智慧健康驿站": 1,
    "市民健身驿站": None,
    "儿童友好空间": None,
    "社区图书馆": None,
    "母婴室": 1,
    "非遗展厅": 3,
    "爱心接力站": None,
    "社区事务受理大厅": None,
}


def test_six_categories_and_eighty_published_services(catalogue):
    assert Category.objects.count() == 6
    assert Service.objects.published().count() == 80


def test_every_room_in_the_article_is_there_on_its_floor(catalogue):
    venues = {venue.name: venue for venue in Venue.objects.published()}
    for name, floor in ARTICLE_ROOMS.items():
        assert name in venues, name
        if floor is not None:
            assert venues[name].floor == floor, name


def test_relay_station_and_its_machines_are_open_around_the_clock(catalogue):
    relay = Venue.objects.get(name="爱心接力站")
    assert relay.open_24_hours
    machines = {service.name for service in relay.services.filter(self_service=True)}
    assert {"一网通办自助终端", "社会保险自助查询", "办事指南自助查询"} <= machines


def test_every_other_room_has_weekly_hours(catalogue):
    without = Venue.objects.filter(open_24_hours=False, opening_hours__isnull=True)
    assert list(without) == []


def test_services_are_specific_not_filler(catalogue):
    services = list(Service.objects.all())
    assert len({s.name for s in services}) == 80
    assert len({s.summary for s in services}) == 80
    assert len({s.description for s in services}) == 80
    assert all(s.venues.exists() for s in services)


def test_categories_cover_the_seven_areas(catalogue):
    names = "".join(Category.objects.values_list("name", flat=True))
    for area in ["党", "政务", "生活", "教育", "就业", "健康", "文体"]:
        assert area in names, area


def test_sample_catalogue_pages_render(client, catalogue):
    for service in Service.objects.published():
        assert client.get(service.get_absolute_url()).status_code == 200, service.slug
    for venue in Venue.objects.published():
        assert client.get(venue.get_absolute_url()).status_code == 200, venue.slug
    for category in Category.objects.all():
        assert client.get(category.get_absolute_url()).status_code == 200, category.slug
