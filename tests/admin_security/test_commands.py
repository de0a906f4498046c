"""manage.py setup_roles and create_editor."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from zhujing_center.roles import EDITOR_GROUP_NAME

pytestmark = pytest.mark.django_db


def create_editor(monkeypatch, *args: str, password: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("create_editor", *args, "--password-stdin", stdout=out)
    return out.getvalue()


def test_create_editor_makes_a_staff_member_in_the_editor_group(monkeypatch):
    create_editor(monkeypatch, "wangfang", password="lantern-festival-2024")
    user = get_user_model().objects.get(username="wangfang")
    assert user.is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [EDITOR_GROUP_NAME]
    assert user.check_password("lantern-festival-2024")


def test_create_editor_refuses_a_short_password(monkeypatch):
    with pytest.raises(CommandError):
        create_editor(monkeypatch, "wangfang", password="short-pw")
    assert not get_user_model().objects.filter(username="wangfang").exists()


def test_create_editor_refuses_a_password_like_the_user_name(monkeypatch):
    with pytest.raises(CommandError):
        create_editor(monkeypatch, "wangfang2024", password="wangfang2024!")


def test_create_editor_refuses_an_existing_user(monkeypatch, editor):
    with pytest.raises(CommandError):
        create_editor(monkeypatch, "editor", password="lantern-festival-2024")


def test_setup_roles_reports_the_group():
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    assert EDITOR_GROUP_NAME in out.getvalue()
