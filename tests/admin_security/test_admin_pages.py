"""Every admin page of the content models opens for an editor and for an administrator."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Notice
from feedback.models import Feedback
from heritage.models import HeritageItem
from tests.factories import make_area, make_audience, make_point, make_service, make_special_day, make_venue
from venues.models import Floor, FloorMark
from zhujing_center.models import Centre, CentreBody
from zhujing_center.roles import EDITOR_APP_LABELS

CONTENT_ADMINS = sorted(
    (model_admin for model, model_admin in admin.site._registry.items() if model._meta.app_label in EDITOR_APP_LABELS),
    key=lambda model_admin: model_admin.opts.label,
)


@pytest.fixture
def content(db):
    """One row of each content model (the centre's record comes from its migration)."""
    venue = make_venue()
    audience = make_audience()
    service = make_service(venues=[venue], audiences=[audience], own_hours=[(0, "09:00", "11:00")])
    Feedback.objects.create(service=service, message="电话打不通")
    make_special_day(venue, dt.date(2030, 10, 1), reason="国庆节")
    heritage = HeritageItem.objects.create(
        name="朱泾花灯", slug="zhujing-lantern", summary="花灯制作技艺", studio=venue
    )
    starts = timezone.make_aware(dt.datetime(2030, 9, 2, 9, 0))
    Activity.objects.create(
        title="花灯制作体验",
        slug="lantern-workshop",
        summary="跟传承人学做花灯",
        venue=venue,
        heritage=heritage,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
    )
    Notice.objects.create(title="本周六图书馆闭馆", ends_at=starts)
    CentreBody.objects.create(centre=Centre.objects.get(), name="朱泾镇社区卫生服务中心")
    floor = Floor.objects.create(number=1, summary="办事大厅和健康驿站")
    FloorMark.objects.create(floor=floor, kind="lift", plan_column=5, plan_row=2)
    make_point(areas=[make_area()], services=[service])


def admin_url(model_admin, view: str) -> str:
    opts = model_admin.opts
    name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
    if view == "change":
        obj = model_admin.model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {opts.label} to open: add one to the `content` fixture"
        return reverse(name, args=[obj.pk])
    return reverse(name)


def may_add(model_admin, user) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    return model_admin.has_add_permission(request)


@pytest.fixture(params=["editor", "administrator"])
def staff(request, content):
    """(client, user) for each role, signed in; the administrator past the second factor."""
    client = request.getfixturevalue(f"{'editor' if request.param == 'editor' else 'verified_administrator'}_client")
    return client, request.getfixturevalue(request.param)


@pytest.mark.parametrize("model_admin", CONTENT_ADMINS, ids=lambda model_admin: model_admin.opts.label)
@pytest.mark.parametrize("view", ["changelist", "add", "change"])
def test_content_admin_page_opens(staff, model_admin, view):
    client, user = staff
    expected = 200 if view != "add" or may_add(model_admin, user) else 403  # the centre's record: one, never added
    assert client.get(admin_url(model_admin, view)).status_code == expected


def test_the_content_admins_cover_the_catalogue():
    labels = {model_admin.opts.label for model_admin in CONTENT_ADMINS}
    assert {"services.Service", "venues.Venue", "activities.Activity", "heritage.HeritageItem"} <= labels


@pytest.mark.parametrize("model", [User, Group], ids=["user", "group"])
def test_editor_cannot_open_user_or_group_admin(editor_client, model):
    opts = model._meta
    for view in ("changelist", "add"):
        assert editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")).status_code == 403


def test_editor_does_not_see_users_or_groups_on_the_index(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:services_service_changelist") in html
    assert reverse("admin:auth_user_changelist") not in html
    assert reverse("admin:auth_group_changelist") not in html


@pytest.mark.parametrize("model", [User, Group], ids=["user", "group"])
def test_administrator_opens_user_and_group_admin(verified_administrator_client, model):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert verified_administrator_client.get(url).status_code == 200


def test_the_admin_lives_at_admin_url(settings):
    assert reverse("admin:index") == "/" + settings.ADMIN_URL
    assert reverse("two_factor:login").startswith("/" + settings.ADMIN_URL)
