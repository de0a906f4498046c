"""Service cards (services/cards.py): slots, rooms from the per-edit tables, one base per service, queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from services.cards import attach_rooms, cards, fill_slots, group_by_category, split_slots
from services.models import Service
from tests.factories import make_category, make_service, make_venue

pytestmark = pytest.mark.django_db

MONDAY_9 = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_slots_split_and_fill_in_order():
    pieces = split_slots("<h3>\x00title\x00</h3><p>\x00summary\x00</p>")
    assert pieces == ("<h3>", "title", "</h3><p>", "summary", "</p>")
    assert (
        fill_slots(pieces, {"title": "<mark>血压</mark>", "summary": "每天"}) == "<h3><mark>血压</mark></h3><p>每天</p>"
    )


def test_text_around_the_slots_is_kept_as_it_is():
    assert fill_slots(split_slots("no slot: a < b & {x}"), {}) == "no slot: a < b & {x}"


def test_a_card_names_the_first_published_room_in_the_rooms_order():
    upstairs = make_venue(name="二楼活动室", slug="upstairs", floor=2)
    hidden = make_venue(name="未开放的房间", slug="hidden", floor=1, is_published=False)
    ground = make_venue(name="一楼大厅", slug="ground", floor=1)
    service = make_service(name="代办服务", venues=(upstairs, hidden, ground))
    [card] = cards(None, [service.pk])
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


def test_the_search_words_are_highlighted_and_escaped():
    service = make_service(name="免费测量血压<b>", summary="量血压 & 测血糖")
    [card] = cards(None, [service.pk], "血压")
    assert "<mark>血压</mark>&lt;b&gt;" in card.html
    assert "量<mark>血压</mark> &amp; 测血糖" in card.html
    assert "<b>" not in card.html


def test_a_suspended_service_shows_no_open_badge():
    room = make_venue(slug="always", open_24_hours=True)
    service = make_service(venues=(room,), status="suspended")
    [card] = cards(None, [service.pk])
    assert "暂停服务" in card.html and "is-open" not in card.html


def test_one_base_serves_every_search_and_minute(fragment_caching, monkeypatch):
    """The base is rendered once; the highlights and the badge are filled in for each page."""
    room = make_venue(slug="morning", weekly=((0, "09:00", "10:00"),))
    service = make_service(name="免费测量血压", venues=(room,))
    monkeypatch.setattr(timezone, "now", lambda: MONDAY_9)
    cards(None, [service.pk], "血压")
    with CaptureQueriesContext(connection) as queries:
        [card] = cards(None, [service.pk], "测量")
    assert len(queries) == 0
    assert "免费<mark>测量</mark>血压" in card.html and "is-open" in card.html
    monkeypatch.setattr(timezone, "now", lambda: MONDAY_9 + dt.timedelta(hours=1))
    [later] = cards(None, [service.pk])
    assert "is-closed" in later.html and "<mark>" not in later.html


def test_cards_are_grouped_under_their_categories_in_order():
    health, culture = make_category(name="健康", slug="health"), make_category(name="文化", slug="culture")
    first = make_service(name="量血压", slug="a", category=health)
    second = make_service(name="借书", slug="b", category=culture)
    third = make_service(name="测血糖", slug="c", category=health)
    found = cards(None, [first.pk, third.pk, second.pk])
    groups = group_by_category(found, [culture, health])
    assert [(category.slug, [card.service_id for card in group]) for category, group in groups] == [
        ("health", [first.pk, third.pk]),
        ("culture", [second.pk]),
    ]


@pytest.mark.parametrize("count", [1, 15])
def test_cards_cost_the_same_queries_for_one_service_or_many(count):
    room = make_venue(slug="room")
    for index in range(count):
        make_service(name=f"服务{index}", slug=f"service-{index}", venues=(room,), own_hours=((1, "09:00", "11:00"),))
    ids = list(Service.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        found = cards(None, ids)
    assert [card.service_id for card in found] == ids
    # The services; the rooms, their hours and special days (cached between edits); links; own hours.
    assert len(queries) == 6


def test_only_the_three_slot_names_are_slots():
    assert split_slots("a\x00other\x00b\x00badge\x00c") == ("a\x00other\x00b", "badge", "c")
