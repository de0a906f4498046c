"""The staff admin: pages open, publishing, history and restore, no silent overwrite, protected deletes."""

import re

import pytest
from django.urls import reverse

from activities.models import Activity
from services.models import Category, Service
from tests.factories import log_in_verified, make_audience, make_category, make_service, make_venue
from tests.html_forms import admin_form_data
from venues.models import OpeningHours, Venue

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [
    ("services", "category"),
    ("services", "audience"),
    ("services", "service"),
    ("venues", "venue"),
    ("venues", "specialday"),
    ("activities", "activity"),
    ("activities", "notice"),
    ("heritage", "heritageitem"),
    ("services", "synonym"),
    ("zhujing_center", "centre"),
    ("circle", "area"),
    ("circle", "servicepoint"),
]

# The admins with Excel import and export.
SPREADSHEET_MODELS = [("services", "service"), ("venues", "venue"), ("circle", "area"), ("circle", "servicepoint")]


@pytest.fixture
def world(sample):
    return Service.objects.get(slug="mianfei-liang-xueya")


@pytest.mark.parametrize(("app", "model"), ADMIN_MODELS)
def test_every_admin_page_opens(staff_client, world, app, model):
    from django.apps import apps

    obj = apps.get_model(app, model)._default_manager.first()
    pages = [
        reverse(f"admin:{app}_{model}_changelist"),
        reverse(f"admin:{app}_{model}_change", args=[obj.pk]),
        reverse(f"admin:{app}_{model}_history", args=[obj.pk]),
        reverse(f"admin:{app}_{model}_deleted"),
    ]
    if model != "centre":
        pages.append(reverse(f"admin:{app}_{model}_add"))
    for url in pages:
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize(("app", "model"), SPREADSHEET_MODELS)
def test_import_and_export_pages_open(staff_client, world, app, model):
    assert staff_client.get(reverse(f"admin:{app}_{model}_import")).status_code == 200
    assert staff_client.get(reverse(f"admin:{app}_{model}_export")).status_code == 200


def test_admin_index_and_lists_are_in_chinese(staff_client, world):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "朱泾镇社区党群服务中心" in html and "服务事项" in html
    html = staff_client.get(reverse("admin:services_service_changelist")).content.decode()
    assert "最后修改人" in html and "已删除的条目" in html


def test_admin_search_understands_pinyin_initials(staff_client, world):
    response = staff_client.get(reverse("admin:services_service_changelist"), {"q": "xy"})
    names = [service.name for service in response.context["cl"].result_list]
    assert "免费测量血压" in names


def test_publish_unpublish_and_duplicate_actions(staff_client, world):
    url = reverse("admin:services_service_changelist")
    staff_client.post(url, {"action": "unpublish", "_selected_action": [world.pk]})
    world.refresh_from_db()
    assert world.is_published is False
    staff_client.post(url, {"action": "publish", "_selected_action": [world.pk]})
    world.refresh_from_db()
    assert world.is_published is True
    staff_client.post(url, {"action": "duplicate", "_selected_action": [world.pk]})
    copy = Service.objects.get(slug="mianfei-liang-xueya-copy")
    assert copy.is_published is False and copy.name == "免费测量血压（副本）"
    assert set(copy.venues.all()) == set(world.venues.all())
    assert set(copy.audiences.all()) == set(world.audiences.all())


def test_duplicating_a_room_copies_its_hours(staff_client, world):
    room = Venue.objects.get(slug="library")
    staff_client.post(reverse("admin:venues_venue_changelist"), {"action": "duplicate", "_selected_action": [room.pk]})
    copy = Venue.objects.get(slug="library-copy")
    assert copy.opening_hours.count() == room.opening_hours.count() > 0


def test_draft_preview_is_for_staff_only(client, staff_client, staff, world):
    log_in_verified(staff_client, staff)  # drafts are for staff past the second factor (tests/test_drafts.py)
    Service.objects.filter(pk=world.pk).update(is_published=False)
    assert client.get(world.get_absolute_url()).status_code == 404
    response = staff_client.get(world.get_absolute_url())
    assert response.status_code == 200
    assert "草稿预览" in response.content.decode()
    activity = Activity.objects.first()
    Activity.objects.filter(pk=activity.pk).update(is_published=False)
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert "草稿预览" in staff_client.get(activity.get_absolute_url()).content.decode()


def test_every_edit_is_in_the_history_with_who_and_what(staff_client, staff, world):
    url = reverse("admin:services_service_change", args=[world.pk])
    data = admin_form_data(staff_client.get(url))
    data["phone"] = "021-99990000"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = world.history.first()
    assert latest.history_user == staff and latest.phone == "021-99990000"
    history = staff_client.get(reverse("admin:services_service_history", args=[world.pk])).content.decode()
    assert "021-99990000" in history and "zhangsan" in history


def test_a_stale_form_is_refused_and_says_what_changed(staff_client, other_staff, world):
    url = reverse("admin:services_service_change", args=[world.pk])
    mine = admin_form_data(staff_client.get(url))
    # A colleague saves the same entry meanwhile.
    colleague = Service.objects.get(pk=world.pk)
    colleague.phone = "021-11112222"
    colleague._history_user = other_staff
    colleague.save()
    mine["summary"] = "我的修改"
    response = staff_client.post(url, mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "没有保存" in html and "lisi" in html and "咨询电话" in html and "021-11112222" in html
    world.refresh_from_db()
    assert world.phone == "021-11112222" and world.summary != "我的修改"


def test_a_fresh_form_still_saves(staff_client, world):
    url = reverse("admin:venues_venue_change", args=[world.venues.first().pk])
    data = admin_form_data(staff_client.get(url))
    data["location"] = "一楼东侧，电梯旁"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors or [
        f.formset.errors for f in response.context["inline_admin_formsets"]
    ]


def test_deleted_service_is_restored_with_its_links(staff_client, world):
    rooms, audiences = set(world.venues.all()), set(world.audiences.all())
    pk = world.pk
    delete_url = reverse("admin:services_service_delete", args=[pk])
    assert staff_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Service.objects.filter(pk=pk).exists()
    listing = staff_client.get(reverse("admin:services_service_deleted")).content.decode()
    assert "<td>免费测量血压</td>" in listing
    record = Service.history.filter(id=pk, history_type="-").first()
    response = staff_client.post(reverse("admin:services_service_restore", args=[record.history_id]))
    assert response.status_code == 302
    restored = Service.objects.get(pk=pk)
    assert set(restored.venues.all()) == rooms and set(restored.audiences.all()) == audiences
    assert staff_client.get(restored.get_absolute_url()).status_code == 200
    assert "<td>免费测量血压</td>" not in staff_client.get(reverse("admin:services_service_deleted")).content.decode()


def test_deleted_room_comes_back_with_its_hours(staff_client):
    room = make_venue(name="临时活动室", slug="temp-room")
    hours = room.opening_hours.count()
    assert staff_client.post(reverse("admin:venues_venue_delete", args=[room.pk]), {"post": "yes"}).status_code == 302
    assert not OpeningHours.objects.filter(venue_id=room.pk).exists()
    record = Venue.history.filter(id=room.pk, history_type="-").first()
    staff_client.post(reverse("admin:venues_venue_restore", args=[record.history_id]))
    assert OpeningHours.objects.filter(venue_id=room.pk).count() == hours > 0


def test_room_with_services_cannot_be_deleted(staff_client, world):
    room = world.venues.first()
    response = staff_client.post(reverse("admin:venues_venue_delete", args=[room.pk]), {"post": "yes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "免费测量血压" in html
    assert Venue.objects.filter(pk=room.pk).exists()


def test_category_with_services_cannot_be_deleted(staff_client, world):
    category = world.category
    response = staff_client.post(reverse("admin:services_category_delete", args=[category.pk]), {"post": "yes"})
    assert response.status_code == 200
    assert Category.objects.filter(pk=category.pk).exists()
    assert re.search("免费测量血压|受保护|protected", response.content.decode())


def test_empty_category_can_be_deleted_and_restored(staff_client):
    category = make_category(name="临时类别", slug="temp")
    assert (
        staff_client.post(reverse("admin:services_category_delete", args=[category.pk]), {"post": "yes"}).status_code
        == 302
    )
    record = Category.history.filter(id=category.pk, history_type="-").first()
    staff_client.post(reverse("admin:services_category_restore", args=[record.history_id]))
    assert Category.objects.filter(slug="temp").exists()


def test_restore_needs_a_post(staff_client, world):
    pk = world.pk
    world.delete()
    record = Service.history.filter(id=pk, history_type="-").first()
    assert staff_client.get(reverse("admin:services_service_restore", args=[record.history_id])).status_code == 403


def test_anonymous_visitors_cannot_reach_the_admin(client, world):
    response = client.get(reverse("admin:services_service_deleted"))
    assert response.status_code == 302


def test_duplicate_twice_gets_a_new_slug(staff_client):
    service = make_service(slug="abc", audiences=[make_audience()])
    for _ in range(2):
        staff_client.post(
            reverse("admin:services_service_changelist"), {"action": "duplicate", "_selected_action": [service.pk]}
        )
    assert set(Service.objects.filter(slug__startswith="abc").values_list("slug", flat=True)) == {
        "abc",
        "abc-copy",
        "abc-copy-2",
    }


def test_activity_photo_is_cleaned_like_room_photos(staff_client, world, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.venues.test_photos import phone_jpeg

    settings.MEDIA_ROOT = tmp_path
    activity = Activity.objects.first()
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    data = admin_form_data(staff_client.get(url))
    data["photo"] = SimpleUploadedFile("IMG_0002.jpg", phone_jpeg((400, 200), orientation=6), "image/jpeg")
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity.refresh_from_db()
    stored = Image.open(io.BytesIO(activity.photo.read()))
    assert stored.size == (200, 400) and not stored.getexif()


def test_activity_photo_that_is_not_an_image_is_a_form_error(staff_client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = Activity.objects.first()
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    data = admin_form_data(staff_client.get(url))
    data["photo"] = SimpleUploadedFile("notes.jpg", b"not really a photo", "image/jpeg")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]


def test_drag_and_drop_ordering_is_saved_and_in_the_history(staff_client, world):
    categories = list(Category.objects.order_by("sort_order"))
    first, second = categories[0], categories[1]
    url = reverse("admin:services_category_sortable_update")
    moves = [[first.pk, second.sort_order], [second.pk, first.sort_order]]
    response = staff_client.post(url, {"updatedItems": moves}, content_type="application/json")
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert list(Category.objects.order_by("sort_order")[:2]) == [second, first]
    assert first.history.first().history_change_reason == "调整排序"
