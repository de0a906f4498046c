"""The circle's admin (areas and service points): search, list filters, protected deletes, restores."""

import re

import pytest
from django.urls import reverse, reverse_lazy

from circle.models import Area, ServicePoint
from tests.html_forms import admin_form_data

pytestmark = pytest.mark.django_db

POINTS = reverse_lazy("admin:circle_servicepoint_changelist")


def listed(client, url, params) -> set[str]:
    response = client.get(str(url), params)
    assert response.status_code == 200
    return {point.slug for point in response.context["cl"].result_list}


def test_a_point_is_found_by_the_name_of_the_area_it_stands_in(staff_client, sample):
    # A point whose name, summary and address do not say its area …
    ServicePoint.objects.filter(slug="hehua-station").update(name="荷塘边党群服务站", summary="", address="沈家路1号")
    # … and the affairs point at 西林 serves 荷花居民区 too.
    assert listed(staff_client, POINTS, {"q": "荷花居民区"}) == {"hehua-station", "xilin-affairs-point"}


def test_a_point_is_found_by_the_name_of_an_area_it_serves(staff_client, sample):
    # 罗星居民区 has its own station, and the health station at 东风 serves it too.
    assert listed(staff_client, POINTS, {"q": "罗星居民区"}) == {"luoxing-station", "dongfeng-health-station"}


def test_the_point_list_filters_by_kind_area_published_and_sample(staff_client, sample):
    assert listed(staff_client, POINTS, {"kind__exact": "health"}) == {
        "dongfeng-health-station",
        "xinhua-health-station",
    }
    area = Area.objects.get(slug="xilin")
    assert listed(staff_client, POINTS, {"area__id__exact": area.pk}) == {"xilin-station"}
    ServicePoint.objects.filter(slug="xilin-station").update(is_published=False, is_sample=False)
    assert listed(staff_client, POINTS, {"is_published__exact": "0"}) == {"xilin-station"}
    assert listed(staff_client, POINTS, {"is_sample__exact": "0"}) == {"xilin-station"}
    assert len(listed(staff_client, POINTS, {"is_published__exact": "1"})) == ServicePoint.objects.count() - 1
    # The filters' choices are labelled in Chinese.
    html = staff_client.get(str(POINTS)).content.decode()
    assert "居民区党群服务站" in html and "西林居民区" in html and "示例数据" in html


def test_the_area_list_filters_and_searches(staff_client, sample):
    url = reverse("admin:circle_area_changelist")
    villages = {area.slug for area in Area.objects.filter(kind="village")}
    assert {a.slug for a in staff_client.get(url, {"kind__exact": "village"}).context["cl"].result_list} == villages
    assert {a.slug for a in staff_client.get(url, {"q": "临源二村"}).context["cl"].result_list} == {"linyuan-2"}


def test_an_area_a_point_stands_in_cannot_be_deleted_and_the_page_says_which(staff_client, sample):
    area = Area.objects.get(slug="xilin")
    response = staff_client.post(reverse("admin:circle_area_delete", args=[area.pk]), {"post": "yes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "“西林居民区”现在不能删除" in html and "把“所在居民区/村”改成别的地方" in html
    link = r'<a href="/admin/circle/servicepoint/\d+/change/">西林居民区党群服务站</a>'
    assert re.search(f"服务站点“{link}”在“西林居民区”里", html)
    assert html.count("西林居民区党群服务站") == 1  # said once, not also as the admin's own bare list
    assert Area.objects.filter(pk=area.pk).exists()


def test_an_empty_area_deleted_and_restored_is_served_again_by_its_points(staff_client, sample):
    area = Area.objects.create(name="新建小区", slug="xinjian")
    point = ServicePoint.objects.get(slug="dongfeng-health-station")
    point.areas.add(area)
    assert staff_client.post(reverse("admin:circle_area_delete", args=[area.pk]), {"post": "yes"}).status_code == 302
    assert not point.areas.filter(pk=area.pk).exists()
    record = Area.history.filter(id=area.pk, history_type="-").first()
    assert staff_client.post(reverse("admin:circle_area_restore", args=[record.history_id])).status_code == 302
    assert point.areas.filter(pk=area.pk).exists()


def test_restoring_an_earlier_version_of_a_point_brings_back_the_areas_it_served(staff_client, sample):
    point = ServicePoint.objects.get(slug="linyuan-civilization-station")
    served = set(point.areas.values_list("slug", flat=True))
    before = point.history.first().history_id
    url = reverse("admin:circle_servicepoint_change", args=[point.pk])
    data = admin_form_data(staff_client.get(url))
    data["areas"] = [str(Area.objects.get(slug="linyuan-2").pk)]
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(point.areas.values_list("slug", flat=True)) == {"linyuan-2"}

    restore_url = reverse("admin:circle_servicepoint_simple_history", args=[point.pk, before])
    form = admin_form_data(staff_client.get(restore_url))
    assert {Area.objects.get(pk=pk).slug for pk in form["areas"]} == served  # the page shows what comes back
    assert staff_client.post(restore_url, form).status_code == 302
    assert set(point.areas.values_list("slug", flat=True)) == served


def test_a_save_that_changes_the_areas_is_one_version_with_all_of_it(staff_client, sample):
    point = ServicePoint.objects.get(slug="linyuan-2-station")
    versions = point.history.count()
    url = reverse("admin:circle_servicepoint_change", args=[point.pk])
    data = admin_form_data(staff_client.get(url))
    data["summary"] = "帮办代办"
    data["areas"] = [
        str(pk) for pk in Area.objects.filter(slug__in=["linyuan-1", "linyuan-2"]).values_list("pk", flat=True)
    ]
    assert staff_client.post(url, data).status_code == 302
    assert point.history.count() == versions + 1
    newest = point.history.first()
    assert newest.summary == "帮办代办" and newest.history_type == "~"
    assert {row.area.slug for row in newest.areas.all()} == {"linyuan-1", "linyuan-2"}
    history = staff_client.get(reverse("admin:circle_servicepoint_history", args=[point.pk])).content.decode()
    assert "服务的居民区和村" in history and "临源二村居民区、临源一村居民区" in history


def test_a_point_added_with_areas_is_one_created_version(staff_client, sample):
    url = reverse("admin:circle_servicepoint_add")
    data = admin_form_data(staff_client.get(url))
    area = Area.objects.get(slug="xilin")
    data.update(name="西林睦邻点", slug="xilin-neighbours", kind="life", address="西林街1号", areas=[str(area.pk)])
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    point = ServicePoint.objects.get(slug="xilin-neighbours")
    assert [record.history_type for record in point.history.all()] == ["+"]
    assert [row.area_id for row in point.history.first().areas.all()] == [area.pk]


@pytest.mark.parametrize("model", ["area", "servicepoint"])
def test_the_import_page_says_the_coordinates_are_gps_not_amap(staff_client, sample, model):
    html = staff_client.get(reverse(f"admin:circle_{model}_import")).content.decode()
    assert "<td>纬度</td><td>数字，例如 30.896700：GPS 坐标（WGS-84）。从高德地图查到的坐标不能直接填" in html
    assert "<td>经度</td><td>数字，例如 121.160800" in html


def test_the_point_import_page_says_areas_are_named_by_their_slugs(staff_client, sample):
    html = staff_client.get(reverse("admin:circle_servicepoint_import")).content.decode()
    assert "<td>所在居民区/村</td><td>居民区和村的网址名</td>" in html
    assert "<td>服务的居民区和村</td><td>居民区和村的网址名，多个用空格分开</td>" in html


def test_duplicating_a_point_copies_its_hours_offers_and_areas_unpublished(staff_client, sample):
    point = ServicePoint.objects.get(slug="dongfeng-health-station")
    staff_client.post(str(POINTS), {"action": "duplicate", "_selected_action": [point.pk]})
    copy = ServicePoint.objects.get(slug="dongfeng-health-station-copy")
    assert copy.name == "东风社区卫生服务站（副本）" and copy.is_published is False
    assert copy.opening_hours.count() == point.opening_hours.count() > 0
    assert copy.offers.count() == point.offers.count() > 0
    assert set(copy.areas.all()) == set(point.areas.all())


def test_marking_points_checked_today(staff_client, sample):
    from django.utils import timezone

    point = ServicePoint.objects.get(slug="xilin-station")
    staff_client.post(str(POINTS), {"action": "mark_checked_today", "_selected_action": [point.pk]})
    point.refresh_from_db()
    assert point.last_checked == timezone.localdate()


def test_an_activity_is_placed_at_a_service_point_from_its_admin_form(staff_client):
    """The form as rendered, filled as staff would: a point instead of a room; neither is refused in Chinese."""
    from activities.models import Activity
    from tests.factories import make_point

    point = make_point(name="东方村党群服务站", slug="dongfang-station")
    data = admin_form_data(staff_client.get("/admin/activities/activity/add/"))
    data.update(
        title="剪纸课",
        slug="jianzhi",
        summary="村里的剪纸课",
        starts_at_0="2026-12-10",
        starts_at_1="09:00",
        ends_at_0="2026-12-10",
        ends_at_1="10:00",
    )
    refused = staff_client.post("/admin/activities/activity/add/", {**data, "venue": "", "point": ""})
    assert refused.status_code == 200 and "请选择举办活动的场所（中心里的房间）或服务站点。" in refused.content.decode()
    saved = staff_client.post("/admin/activities/activity/add/", {**data, "venue": "", "point": str(point.pk)})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Activity.objects.get(slug="jianzhi").place == point
    listing = staff_client.get("/admin/activities/activity/").content.decode()
    assert "东方村党群服务站" in listing
