import datetime as dt

import pytest

from services.models import Category, Service, faq_pairs
from tests.factories import make_category, make_service, make_venue
from venues.models import Venue

T = dt.time.fromisoformat


def test_faq_pairs_reads_questions_and_multiline_answers():
    text = "说明文字\n问：要预约吗？\n答：不用。\n带上身份证即可。\n问:周末开吗\n答:周六上午开放"
    assert faq_pairs(text) == [("要预约吗？", "不用。\n带上身份证即可。"), ("周末开吗", "周六上午开放")]


def test_faq_pairs_of_nothing_is_empty():
    assert faq_pairs("") == []


@pytest.mark.django_db
def test_published_hides_drafts():
    shown = make_service(name="看得见")
    make_service(name="草稿", is_published=False)
    assert list(Service.objects.published()) == [shown]


@pytest.mark.django_db
def test_venue_published_hides_drafts():
    shown = make_venue(name="开放的")
    make_venue(name="未发布", is_published=False)
    assert list(Venue.objects.published()) == [shown]


@pytest.mark.django_db
def test_category_counts_only_published_services():
    category = make_category()
    make_service(category=category)
    make_service(category=category, is_published=False)
    assert Category.objects.with_service_counts().get(pk=category.pk).service_count == 1


@pytest.mark.django_db
def test_service_without_own_hours_uses_its_rooms():
    room = make_venue(weekly=((0, "09:00", "17:00"),))
    service = make_service(venues=[room])
    assert service.schedule().weekly == room.schedule().weekly


@pytest.mark.django_db
def test_service_with_own_hours_is_limited_to_its_rooms():
    room = make_venue(weekly=((1, "09:00", "17:00"),))
    service = make_service(venues=[room], own_hours=[(1, "08:30", "11:00")])
    schedule = service.schedule()
    assert [(r.weekday, r.opens, r.closes) for r in schedule.weekly] == [(1, T("08:30"), T("11:00"))]
    assert schedule.within.weekly == room.schedule().weekly


@pytest.mark.django_db
def test_service_with_no_room_has_no_schedule():
    assert make_service().schedule() is None


@pytest.mark.django_db
def test_access_labels_follow_the_flags():
    service = make_service(walk_in=True, online=True)
    assert service.access_labels == ["现场办理", "网上办理"]


@pytest.mark.django_db
def test_category_counts_keep_the_staff_order():
    make_category(name="乙", sort_order=2)
    make_category(name="甲", sort_order=1)
    make_category(name="丙", sort_order=3)
    assert [c.name for c in Category.objects.with_service_counts()] == ["甲", "乙", "丙"]
