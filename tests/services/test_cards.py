"""Service cards (services/cards.py): rooms from the cached room list, own hours, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.cards import attach_rooms, cards
from services.models import Service
from tests.factories import make_service, make_venue

pytestmark = pytest.mark.django_db


def test_a_card_names_the_first_published_room_in_the_rooms_order():
    upstairs = make_venue(name="二楼活动室", slug="upstairs", floor=2)
    hidden = make_venue(name="未开放的房间", slug="hidden", floor=1, is_published=False)
    ground = make_venue(name="一楼大厅", slug="ground", floor=1)
    service = make_service(name="代办服务", venues=(upstairs, hidden, ground))
    [card] = cards(None, Service.objects.filter(pk=service.pk).for_cards())
    assert "一楼大厅" in card.html and "未开放的房间" not in card.html
    listed = Service.objects.get(pk=service.pk)
    attach_rooms(None, [listed])
    assert [venue.slug for venue in listed.listed_venues] == ["ground", "upstairs"]


def test_own_hours_limit_the_badge_like_a_prefetched_service():
    room = make_venue(slug="always", open_24_hours=True)
    service = make_service(venues=(room,), own_hours=((0, "09:00", "10:00"),))
    listed = Service.objects.get(pk=service.pk)
    attach_rooms(None, [listed])
    prefetched = Service.objects.for_listing().get(pk=service.pk)
    assert listed.schedule() == prefetched.schedule()


def test_a_service_without_a_room_gets_no_room():
    service = make_service(name="上门服务")
    listed = Service.objects.get(pk=service.pk)
    attach_rooms(None, [listed])
    assert listed.listed_venues == [] and listed.primary_venue is None


@pytest.mark.parametrize("count", [1, 15])
def test_cards_cost_the_same_queries_for_one_service_or_many(count):
    room = make_venue(slug="room")
    for index in range(count):
        make_service(name=f"服务{index}", slug=f"service-{index}", venues=(room,), own_hours=((1, "09:00", "11:00"),))
    with CaptureQueriesContext(connection) as queries:
        found = cards(None, Service.objects.for_cards())
    assert len(found) == count
    # The services; the rooms, their hours and special days (cached between edits); links; own hours.
    assert len(queries) == 6
