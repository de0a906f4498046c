"""The whole-page cache: served to anonymous visitors, emptied once by every committed edit; conditional GET."""

import datetime as dt
import time
from unittest import mock

import pytest
from django.db import transaction
from django.db.models.deletion import Collector
from django.test import RequestFactory
from django.utils import timezone

from activities.models import Notice
from services.models import Category, SearchGram, Service
from venues.models import OpeningHours, SpecialDay, Venue
from zhujing_center import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def caching(commit):
    """Edits in these tests commit (``commit()``) before the next request, as a staff save does."""
    return commit


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.get("X-Page-Cache"), response.content.decode()


def test_second_visit_is_served_from_the_cache(client, sample, caching):
    assert fetch(client, "/services/")[0] == "miss"
    assert fetch(client, "/services/")[0] == "hit"


def test_editing_a_service_shows_at_once(client, sample, caching):
    service = Service.objects.get(slug="mianfei-liang-xueya")
    fetch(client, service.get_absolute_url())
    service.summary = "新的简介：每天都能量血压"
    service.save()
    caching()
    assert "新的简介：每天都能量血压" in fetch(client, service.get_absolute_url())[1]


def test_renaming_a_room_shows_on_service_pages(client, sample, caching):
    service = Service.objects.get(slug="mianfei-liang-xueya")
    fetch(client, service.get_absolute_url())
    room = service.venues.get()
    room.name = "健康小屋"
    room.save()
    caching()
    assert "健康小屋" in fetch(client, service.get_absolute_url())[1]


def test_changing_hours_shows_on_the_room_page(client, sample, caching):
    room = Venue.objects.get(slug="library")
    fetch(client, room.get_absolute_url())
    OpeningHours.objects.filter(venue=room).update(opens=dt.time(9))  # a queryset update sends no signal …
    row = OpeningHours.objects.filter(venue=room).first()
    row.opens = dt.time(10, 15)  # … an admin save does
    row.save()
    caching()
    assert "10:15" in fetch(client, room.get_absolute_url())[1]


def test_a_holiday_closure_shows_at_once(client, sample, caching):
    room = Venue.objects.get(slug="library")
    fetch(client, room.get_absolute_url())
    # update_or_create: on a Thursday the day is the sample's own Saturday closure (图书盘点).
    SpecialDay.objects.update_or_create(
        venue=room, date=timezone.localdate() + dt.timedelta(days=2), defaults={"closed": True, "reason": "元旦闭馆"}
    )
    caching()
    assert "元旦闭馆" in fetch(client, room.get_absolute_url())[1]


def test_renaming_a_category_shows_at_once(client, sample, caching):
    fetch(client, "/")
    category = Category.objects.get(slug="health")
    category.name = "卫生健康"
    category.save()
    caching()
    assert "卫生健康" in fetch(client, "/")[1]


def test_a_new_notice_shows_on_the_home_page_at_once(client, sample, caching):
    fetch(client, "/")
    Notice.objects.create(title="明天停电检修", ends_at=timezone.now() + dt.timedelta(days=1))
    caching()
    assert "明天停电检修" in fetch(client, "/")[1]


def test_deleting_a_service_removes_it_at_once(client, sample, caching):
    fetch(client, "/services/category/health/")
    Service.objects.get(slug="mianfei-liang-xueya").delete()
    caching()
    assert "免费测量血压" not in fetch(client, "/services/category/health/")[1]


def test_staff_pages_are_never_cached_or_shared(client, admin_user, sample, caching):
    client.force_login(admin_user)
    response = client.get("/services/")
    assert "X-Page-Cache" not in response


def test_pages_with_forms_are_not_cached(client, sample, caching):
    response = client.get("/admin/login/")
    assert "X-Page-Cache" not in response


def test_conditional_get_answers_304(client, sample, caching):
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
    caching()
    assert "健康小屋" in fetch(client, "/services/category/health/")[1]
    assert "健康小屋" in fetch(client, "/services/?q=xueya")[1]


def test_unpublishing_a_featured_service_drops_it_from_the_home_page(client, sample, caching):
    featured = Service.objects.filter(is_featured=True, is_published=True).first()
    assert featured.name in fetch(client, "/")[1]
    featured.is_published = False
    featured.save()
    caching()
    assert featured.name not in fetch(client, "/")[1]


def test_editing_the_centre_shows_in_every_footer(client, sample, caching):
    from zhujing_center.models import Centre

    fetch(client, "/venues/library/")
    centre = Centre.load()
    centre.phone = "021-5555 0000"
    centre.save()
    caching()
    assert "021-5555 0000" in fetch(client, "/venues/library/")[1]


def test_a_cached_page_keeps_the_headers_of_a_fresh_one(client, sample, caching):
    fresh = client.get("/services/")
    cached = client.get("/services/")
    assert cached["X-Page-Cache"] == "hit"
    for name in ("Content-Type", "Content-Language", "X-Frame-Options", "Vary"):
        assert cached[name] == fresh[name], name
    assert "Cookie" in cached["Vary"]


def test_an_edit_empties_the_cache_once_on_commit_not_before(caching):
    service = Service.objects.create(
        name="代办", slug="daiban", summary="代办", category=Category.objects.create(name="类", slug="lei")
    )
    with mock.patch.object(page_cache, "clear") as clear:
        service.summary = "新的"
        service.save()
        service.venues.add(Venue.objects.create(name="大厅", slug="hall"))
        SearchGram.objects.filter(service=service).delete()
        assert clear.call_count == 0  # not before the commit
        caching()
    assert clear.call_count == 1  # a save with its links and search text: once


def test_a_rolled_back_edit_leaves_the_cache_alone(caching):
    category = Category.objects.create(name="类", slug="lei")
    caching()
    with mock.patch.object(page_cache, "clear") as clear:
        with pytest.raises(RuntimeError), transaction.atomic():
            category.name = "改名"
            category.save()
            raise RuntimeError
        caching()
    assert clear.call_count == 0


def test_derived_rows_keep_fast_deletes():
    """The search grams are rewritten with every save: a receiver on them would make each delete row by row."""
    assert Collector(using="default").can_fast_delete(SearchGram.objects.all())
    assert SearchGram not in [model for model in page_cache.content_models()]


def test_every_model_of_the_content_apps_empties_the_cache():
    from django.apps import apps

    covered = set(page_cache.content_models())
    for model in apps.get_models(include_auto_created=True):
        label = (model._meta.app_label, model._meta.model_name)
        if model._meta.app_label in page_cache.CONTENT_APPS and not model.__name__.startswith("Historical"):
            assert model in covered or label in page_cache.DERIVED_MODELS, model


def test_a_page_made_while_an_edit_committed_is_not_kept(client, sample):
    request = RequestFactory().get("/services/")
    key = page_cache.page_key(request)
    started = time.time()
    page_cache.clear()  # an edit commits while the page is being made from the rows read before it
    page_cache.store(key, client.get("/venues/"), started)
    assert page_cache.pages().get(key) is None
    page_cache.store(key, client.get("/venues/"), time.time() + 1)
    assert page_cache.pages().get(key) is not None


def test_a_head_request_is_kept_apart_from_a_get(client, sample):
    assert client.head("/services/")["X-Page-Cache"] == "miss"
    response = client.get("/services/")
    assert response["X-Page-Cache"] == "miss" and "服务事项" in response.content.decode()


def test_a_deploy_empties_the_cache(client, sample):
    """``manage.py clear_page_cache`` (run by zhujing.service at every start and reload): new code, new pages."""
    import io

    from django.core.management import call_command

    client.get("/services/")
    assert client.get("/services/")["X-Page-Cache"] == "hit"
    out = io.StringIO()
    call_command("clear_page_cache", stdout=out)
    assert out.getvalue().strip() == "已清空页面缓存。"
    assert client.get("/services/")["X-Page-Cache"] == "miss"
