"""The "内容编辑" group: what editors may change, created and kept up to date in code."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from zhujing_center.roles import EDITOR_APP_LABELS, EDITOR_GROUP_NAME, ensure_editor_group

pytestmark = pytest.mark.django_db


def codenames(group: Group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_group_exists_after_migrate():
    group = Group.objects.get(name=EDITOR_GROUP_NAME)
    assert "services.change_service" in codenames(group)


def test_ensure_editor_group_is_idempotent():
    first = ensure_editor_group()
    before = codenames(first)
    second = ensure_editor_group()
    assert second.pk == first.pk
    assert codenames(second) == before
    assert Group.objects.filter(name=EDITOR_GROUP_NAME).count() == 1


@pytest.mark.parametrize(
    "permission",
    [
        f"{app}.{action}_{model}"
        for app, model in [
            ("services", "category"),
            ("services", "audience"),
            ("services", "service"),
            ("services", "servicehours"),
            ("venues", "venue"),
            ("venues", "openinghours"),
            ("venues", "specialday"),
            ("activities", "activity"),
            ("activities", "notice"),
            ("heritage", "heritageitem"),
            ("zhujing_center", "centrebody"),
        ]
        for action in ("view", "add", "change", "delete")
    ],
)
def test_editors_may_view_add_change_and_delete_content(permission):
    assert permission in codenames(ensure_editor_group())


def test_editors_change_the_centre_record_but_do_not_add_or_delete_it():
    granted = codenames(ensure_editor_group())
    assert {"zhujing_center.view_centre", "zhujing_center.change_centre"} <= granted
    assert not {"zhujing_center.add_centre", "zhujing_center.delete_centre"} & granted


def test_editors_get_nothing_outside_the_content_apps():
    granted = ensure_editor_group().permissions.select_related("content_type")
    assert {p.content_type.app_label for p in granted} <= set(EDITOR_APP_LABELS)
    assert not granted.filter(
        content_type__app_label__in=("auth", "contenttypes", "sessions", "admin", "axes", "otp_totp", "otp_static")
    ).exists()


def test_a_model_added_later_is_picked_up():
    content_type = ContentType.objects.create(app_label="venues", model="modelfromnextyear")
    permission = Permission.objects.create(content_type=content_type, codename="change_modelfromnextyear", name="x")
    assert permission in ensure_editor_group().permissions.all()


def test_permissions_given_by_hand_are_reset_to_the_declared_list():
    group = ensure_editor_group()
    group.permissions.add(Permission.objects.get(content_type__app_label="auth", codename="add_user"))
    assert "auth.add_user" not in codenames(ensure_editor_group())
