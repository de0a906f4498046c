"""Notices in the admin: "在站点上查看" leads to where residents read them, and backups keep their ids."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.urls import reverse
from django.utils import timezone

from activities.models import Notice
from zhujing_center.roles import ensure_editor_group

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = dt.timedelta(days=1)


@pytest.fixture
def editor_client(client):
    editor = get_user_model().objects.create_user("editor", password="zhujing-correct-horse-2024", is_staff=True)
    editor.groups.add(ensure_editor_group())
    client.force_login(editor)
    return client


def make_notice(**fields) -> Notice:
    fields.setdefault("title", "本周六图书馆闭馆")
    fields.setdefault("starts_at", timezone.now() - DAY)
    fields.setdefault("ends_at", timezone.now() + DAY)
    return Notice.objects.create(**fields)


def view_on_site_link(html: str) -> str | None:
    match = re.search(r'<a href="([^"]*)" class="viewsitelink">', html)
    return match and match[1]


def change_page(client, notice: Notice):
    response = client.get(reverse("admin:activities_notice_change", args=[notice.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_showing_notice_links_to_the_home_page_banner(editor_client):
    notice = make_notice(body="系统维护，暂停借书。")
    link = view_on_site_link(change_page(editor_client, notice))
    assert link == f"/#notice-{notice.pk}"
    response = editor_client.get(link.split("#")[0])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="notice-{notice.pk}"' in html and "本周六图书馆闭馆" in html and "系统维护，暂停借书。" in html


@pytest.mark.parametrize(
    "fields",
    [
        {"starts_at": NOW + DAY, "ends_at": NOW + 2 * DAY},  # not yet
        {"starts_at": NOW - 2 * DAY, "ends_at": NOW - DAY},  # over
        {"is_published": False},
    ],
)
def test_a_notice_residents_cannot_see_has_no_view_on_site_link(editor_client, fields):
    notice = make_notice(**fields)
    html = change_page(editor_client, notice)
    assert view_on_site_link(html) is None
    assert "在站点上查看" not in html


def test_the_admins_view_on_site_address_redirects_to_a_page_that_answers(editor_client):
    notice = make_notice()
    content_type = ContentType.objects.get_for_model(Notice)
    response = editor_client.get(reverse("admin:view_on_site", args=[content_type.pk, notice.pk]))
    assert response.status_code == 302
    assert response.url.endswith(f"/#notice-{notice.pk}")
    assert editor_client.get(response.url.split("#")[0]).status_code == 200


def test_the_notice_list_says_which_are_showing(editor_client):
    make_notice(title="正在显示的通知")
    make_notice(title="下周的通知", starts_at=NOW + 7 * DAY, ends_at=NOW + 8 * DAY)
    response = editor_client.get(reverse("admin:activities_notice_changelist"))
    assert response.status_code == 200
    assert response.content.decode().count('alt="True"') == 1 + 2  # "正在显示" once, "已发布" twice


@pytest.mark.parametrize(
    ("fields", "at", "expected"),
    [
        ({}, NOW, True),
        ({}, NOW - DAY, True),  # from the first second
        ({}, NOW + DAY, False),  # up to, not including, the end
        ({}, NOW - DAY - dt.timedelta(seconds=1), False),
        ({"is_published": False}, NOW, False),
    ],
)
def test_is_current_is_the_rule_of_the_home_page(fields, at, expected):
    notice = make_notice(starts_at=NOW - DAY, ends_at=NOW + DAY, **fields)
    assert notice.is_current(at) is expected
    assert Notice.objects.current(at).filter(pk=notice.pk).exists() is expected


def test_a_backup_keeps_a_notices_id_and_so_its_history(settings):
    """As zhujing_center/backups.py dumps (natural keys) and restores (history from the archive only)."""
    notice = make_notice()
    notice.title = "本周日图书馆闭馆"
    notice.save()
    dumped = serializers.serialize("json", [notice], use_natural_primary_keys=True, use_natural_foreign_keys=True)
    Notice.objects.all().delete()
    settings.SIMPLE_HISTORY_ENABLED = False
    for restored in serializers.deserialize("json", dumped):
        restored.save()
    restored = Notice.objects.get()
    assert restored.pk == notice.pk
    assert [h.history_type for h in restored.history.order_by("history_date")] == ["+", "~", "-"]


def test_important_notices_come_first_on_the_home_page(client, db):
    from django.utils import timezone

    from activities.models import Notice

    now = timezone.now()
    for day in range(6):
        Notice.objects.create(
            title=f"一般通知{day}", starts_at=now - dt.timedelta(days=6 - day), ends_at=now + dt.timedelta(days=1)
        )
    Notice.objects.create(
        title="停水通知", level="important", starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=1)
    )
    html = client.get("/").content.decode()
    shown = [title for title in ["停水通知", *(f"一般通知{day}" for day in range(6))] if title in html]
    assert shown == ["停水通知", "一般通知0", "一般通知1", "一般通知2", "一般通知3"]  # five at most
    assert html.index("停水通知") < html.index("一般通知0")
