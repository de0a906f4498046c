"""No silent overwrite, through what the admin page renders: the version travels in the page itself.

Every POST here is read from the rendered HTML (tests/html_forms.py), as a browser sends it.
"""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from services.models import Service
from tests.html_forms import admin_form_data
from zhujing_center.admin_base import VERSION_FIELD, latest_version

from .test_content_admin import ADMIN_MODELS

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def errors_of(response) -> object:
    if response.status_code != 200 or not response.context:
        return response.status_code
    formsets = [inline.formset.errors for inline in response.context.get("inline_admin_formsets", [])]
    return response.context["adminform"].form.errors, formsets


@pytest.mark.parametrize(("app", "model"), ADMIN_MODELS)
def test_every_change_form_renders_its_version_and_saves_twice(staff_client, sample, app, model):
    obj = apps.get_model(app, model)._default_manager.first()
    url = change_url(obj)
    for _ in range(2):  # open, save; open again, save again
        page = staff_client.get(url)
        data = admin_form_data(page)
        assert data[VERSION_FIELD] == str(latest_version(obj) or ""), "the page must carry the version it shows"
        response = staff_client.post(url, data)
        assert response.status_code == 302, errors_of(response)


@pytest.mark.parametrize(("app", "model"), ADMIN_MODELS)
def test_a_form_opened_before_a_colleagues_save_is_refused(staff_client, sample, app, model):
    obj = apps.get_model(app, model)._default_manager.first()
    url = change_url(obj)
    stale = admin_form_data(staff_client.get(url))
    assert staff_client.post(url, admin_form_data(staff_client.get(url))).status_code == 302
    response = staff_client.post(url, stale)
    assert response.status_code == 200
    assert "没有保存" in response.content.decode()


def test_a_refused_save_keeps_what_was_typed_and_says_who_changed_what(staff_client, other_staff, sample):
    world = Service.objects.get(slug="mianfei-liang-xueya")
    url = change_url(world)
    mine = admin_form_data(staff_client.get(url))
    colleague = Client()
    colleague.force_login(other_staff)
    theirs = admin_form_data(colleague.get(url))
    theirs["phone"] = "021-11112222"
    theirs.pop("is_featured", None)  # unticked
    assert colleague.post(url, theirs).status_code == 302

    mine["summary"] = "我的修改：每周一至周五均可测量"
    response = staff_client.post(url, mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "没有保存" in html and "lisi" in html
    assert "咨询电话" in html and "021-11112222" in html
    assert "首页推荐：是 → 否" in html and "True" not in html and "False" not in html
    assert "我的修改：每周一至周五均可测量" in html  # nothing typed is lost
    world.refresh_from_db()
    assert world.phone == "021-11112222" and world.summary != mine["summary"]

    # Having read what changed, the editor saves again on purpose: the refused page carries the new version.
    again = admin_form_data(response)
    assert again["summary"] == mine["summary"]
    assert staff_client.post(url, again).status_code == 302
    world.refresh_from_db()
    assert world.summary == mine["summary"]


def test_restoring_a_version_goes_through_the_same_check(staff_client, sample):
    world = Service.objects.get(slug="mianfei-liang-xueya")
    original = world.phone
    world.phone = "021-00000000"
    world.save()
    first = world.history.order_by("history_id").first()
    url = reverse("admin:services_service_simple_history", args=[world.pk, first.history_id])
    stale = admin_form_data(staff_client.get(url))
    world.summary = "又改了一次"
    world.save()
    assert staff_client.post(url, stale).status_code == 200  # opened before the last save: refused
    assert staff_client.post(url, admin_form_data(staff_client.get(url))).status_code == 302
    world.refresh_from_db()
    assert world.phone == original


@pytest.mark.parametrize(
    "path",
    [
        "/admin/services/service/abc/history/",
        "/admin/services/service/1/history/abc/",
        "/admin/services/service/abc/history/1/",
        "/admin/services/service/999999/history/",
        "/admin/services/service/1/history/999999/",
    ],
)
def test_history_addresses_with_bad_ids_are_not_found(staff_client, sample, path):
    assert staff_client.get(path).status_code == 404
    assert staff_client.post(path, {}).status_code == 404
