"""Service cards (includes/service_card.html from Service.objects.for_cards()): rooms, badges, highlights, queries."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from services.models import Service
from services.views import group_by_category
from tests.factories import make_category, make_service, make_venue

pytestmark = pytest.mark.django_db

MONDAY_9 = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def card(service: Service, q: str = "") -> str:
    return render_to_string(
        "includes/service_card.html", {"service": Service.objects.for_cards().get(pk=service.pk), "q": q}
    )


def test_a_card_names_the_first_published_room_in_the_rooms_order():
    upstairs = make_venue(name="二楼活动室", slug="upstairs", floor=2)
    hidden = make_venue(name="未开放的房间", slug="hidden", floor=1, is_published=False)
    ground = make_venue(name="一楼大厅", slug="ground", floor=1)
    service = make_service(name="代办服务", venues=(upstairs, hidden, ground))
    html = card(service)
    assert "一楼大厅" in html and "未开放的房间" not in html
    listed = Service.objects.for_cards().get(pk=service.pk)
    assert [venue.slug for venue in listed.venues.all()] == ["ground", "upstairs"]


def test_own_hours_limit_the_badge_inside_the_rooms_hours(monkeypatch):
    room = make_venue(slug="always", open_24_hours=True)
    service = make_service(venues=(room,), own_hours=((0, "09:00", "10:00"),))
    monkeypatch.setattr(timezone, "now", lambda: MONDAY_9)
    assert "is-open" in card(service)
    monkeypatch.setattr(timezone, "now", lambda: MONDAY_9 + dt.timedelta(hours=1))
    assert "is-closed" in card(service)


def test_a_service_without_a_room_gets_no_room():
    service = make_service(name="上门服务")
    listed = Service.objects.for_cards().get(pk=service.pk)
    assert listed.primary_venue is None and 'class="where"' not in card(service)


def test_the_search_words_are_highlighted_and_escaped():
    service = make_service(name="免费测量血压<b>", summary="量血压 & 测血糖")
    html = card(service, "血压")
    assert "<mark>血压</mark>&lt;b&gt;" in html
    assert "量<mark>血压</mark> &amp; 测血糖" in html
    assert "<b>" not in html


def test_a_suspended_service_shows_no_open_badge():
    room = make_venue(slug="always", open_24_hours=True)
    service = make_service(venues=(room,), status="suspended")
    html = card(service)
    assert "暂停服务" in html and "is-open" not in html


def test_cards_are_grouped_under_their_categories_in_order():
    health, culture = make_category(name="健康", slug="health"), make_category(name="文化", slug="culture")
    first = make_service(name="量血压", slug="a", category=health)
    second = make_service(name="借书", slug="b", category=culture)
    third = make_service(name="测血糖", slug="c", category=health)
    groups = group_by_category([first, third, second], [culture, health])
    assert [(category.slug, [service.pk for service in group]) for category, group in groups] == [
        ("health", [first.pk, third.pk]),
        ("culture", [second.pk]),
    ]


@pytest.mark.parametrize("count", [1, 15])
def test_cards_cost_the_same_queries_for_one_service_or_many(count):
    room = make_venue(slug="room")
    for index in range(count):
        make_service(name=f"服务{index}", slug=f"service-{index}", venues=(room,), own_hours=((1, "09:00", "11:00"),))
    with CaptureQueriesContext(connection) as queries:
        html = "".join(
            render_to_string("includes/service_card.html", {"service": service})
            for service in Service.objects.for_cards()
        )
    assert html.count('class="card service-card"') == count
    # The services; their published rooms, the rooms' weekly hours and near special days; own hours.
    assert len(queries) == 5
