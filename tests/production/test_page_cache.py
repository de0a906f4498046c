"""Whole-page and fragment caching, dropped the moment staff change anything a page shows; conditional GET.

Every edit test runs three times: page cache only, fragment cache only, and both (as in production).
"""

import datetime as dt

import pytest
from django.core.cache import cache, caches
from django.utils import timezone

from activities.models import Notice
from services.models import Category, Service
from venues.models import OpeningHours, SpecialDay, Venue

pytestmark = pytest.mark.django_db


def clear_caches():
    cache.clear()
    caches["fragments"].clear()


@pytest.fixture(params=["page", "fragments", "both"])
def caching(request, settings):
    settings.PAGE_CACHE_SECONDS = 60 if request.param in ("page", "both") else 0
    settings.FRAGMENT_CACHE_SECONDS = 3600 if request.param in ("fragments", "both") else 0
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def page_caching(settings):
    settings.PAGE_CACHE_SECONDS = 60
    clear_caches()
    yield
    clear_caches()


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.get("X-Page-Cache"), response.content.decode()


def test_second_visit_is_served_from_the_cache(client, sample, page_caching):
    assert fetch(client, "/services/")[0] == "miss"
    assert fetch(client, "/services/")[0] == "hit"


def test_editing_a_service_shows_at_once(client, sample, caching):
    service = Service.objects.get(slug="mianfei-liang-xueya")
    fetch(client, service.get_absolute_url())
    service.summary = "新的简介：每天都能量血压"
    service.save()
    assert "新的简介：每天都能量血压" in fetch(client, service.get_absolute_url())[1]


def test_renaming_a_room_shows_on_service_pages(client, sample, caching):
    service = Service.objects.get(slug="mianfei-liang-xueya")
    fetch(client, service.get_absolute_url())
    room = service.venues.get()
    room.name = "健康小屋"
    room.save()
    assert "健康小屋" in fetch(client, service.get_absolute_url())[1]


def test_changing_hours_shows_on_the_room_page(client, sample, caching):
    room = Venue.objects.get(slug="library")
    fetch(client, room.get_absolute_url())
    OpeningHours.objects.filter(venue=room).update(opens=dt.time(9))  # a queryset update sends no signal …
    row = OpeningHours.objects.filter(venue=room).first()
    row.opens = dt.time(10, 15)  # … an admin save does
    row.save()
    assert "10:15" in fetch(client, room.get_absolute_url())[1]


def test_a_holiday_closure_shows_at_once(client, sample, caching):
    room = Venue.objects.get(slug="library")
    fetch(client, room.get_absolute_url())
    SpecialDay.objects.create(venue=room, date=timezone.localdate() + dt.timedelta(days=2), reason="元旦闭馆")
    assert "元旦闭馆" in fetch(client, room.get_absolute_url())[1]


def test_renaming_a_category_shows_at_once(client, sample, caching):
    fetch(client, "/")
    category = Category.objects.get(slug="health")
    category.name = "卫生健康"
    category.save()
    assert "卫生健康" in fetch(client, "/")[1]


def test_a_new_notice_shows_on_the_home_page_at_once(client, sample, caching):
    fetch(client, "/")
    Notice.objects.create(title="明天停电检修", ends_at=timezone.now() + dt.timedelta(days=1))
    assert "明天停电检修" in fetch(client, "/")[1]


def test_deleting_a_service_removes_it_at_once(client, sample, caching):
    fetch(client, "/services/category/health/")
    Service.objects.get(slug="mianfei-liang-xueya").delete()
    assert "免费测量血压" not in fetch(client, "/services/category/health/")[1]


def test_staff_pages_are_never_cached_or_shared(client, admin_user, sample, page_caching):
    client.force_login(admin_user)
    response = client.get("/services/")
    assert "X-Page-Cache" not in response


def test_pages_with_forms_are_not_cached(client, sample, page_caching):
    response = client.get("/admin/login/")
    assert "X-Page-Cache" not in response


def test_conditional_get_answers_304(client, sample, page_caching):
    first = client.get("/venues/")
    etag = first["ETag"]
    again = client.get("/venues/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_renaming_a_room_shows_on_the_category_page_and_in_search(client, sample, caching):
    fetch(client, "/services/category/health/")
    fetch(client, "/services/?q=xueya")
    room = Venue.objects.get(slug="health-station")
    room.name = "健康小屋"
    room.save()
    assert "健康小屋" in fetch(client, "/services/category/health/")[1]
    assert "健康小屋" in fetch(client, "/services/?q=xueya")[1]


def test_unpublishing_a_featured_service_drops_it_from_the_home_page(client, sample, caching):
    featured = Service.objects.filter(is_featured=True, is_published=True).first()
    assert featured.name in fetch(client, "/")[1]
    featured.is_published = False
    featured.save()
    assert featured.name not in fetch(client, "/")[1]


def test_editing_the_centre_shows_in_every_footer(client, sample, caching):
    from zhujing_center.models import Centre

    fetch(client, "/venues/library/")
    centre = Centre.load()
    centre.phone = "021-5555 0000"
    centre.save()
    assert "021-5555 0000" in fetch(client, "/venues/library/")[1]


def test_a_cached_page_keeps_the_headers_of_a_fresh_one(client, sample, page_caching):
    fresh = client.get("/services/")
    cached = client.get("/services/")
    assert cached["X-Page-Cache"] == "hit"
    for name in ("Content-Type", "Content-Language", "X-Frame-Options", "Vary"):
        assert cached[name] == fresh[name], name
    assert "Cookie" in cached["Vary"]
