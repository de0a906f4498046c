"""The history page as staff read it: Chinese headings, 是/否, names instead of ids, nothing that says None."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from services.models import Service
from venues.models import Venue
from zhujing_center.history_display import display_value

pytestmark = pytest.mark.django_db


def field(model, name):
    return model._meta.get_field(name)


def test_values_in_words():
    assert display_value(field(Service, "is_published"), True) == "是"
    assert display_value(field(Service, "is_published"), False) == "否"
    assert display_value(field(Service, "phone"), None) == "（空）"
    assert display_value(field(Service, "phone"), "") == "（空）"
    assert display_value(field(Service, "status"), "available") == str(
        dict(field(Service, "status").flatchoices)["available"]
    )
    assert display_value(field(Service, "venues"), []) == "（无）"
    assert display_value(field(Service, "summary"), "长" * 100).endswith("…")
    assert display_value(field(Service, "last_checked"), dt.date(2026, 11, 3)) == "2026-11-03"


def test_links_and_foreign_keys_by_name(sample):
    room = Venue.objects.get(slug="library")
    service = Service.objects.get(slug="mianfei-liang-xueya")
    assert display_value(field(Service, "venues"), [{"venue": room.pk, "service": 1}]) == room.name
    assert display_value(field(Service, "category"), service.category_id) == service.category.name
    assert display_value(field(Service, "category"), 999999) == "（已删除，编号 999999）"


def test_the_history_page_reads_as_staff_expect(staff_client, staff, sample):
    service = Service.objects.get(slug="mianfei-liang-xueya")
    room = Venue.objects.exclude(services=service).first()
    service.is_published = False
    service.save()
    service.is_published = True
    service._history_user = staff
    service.save()
    service.venues.add(room)
    service.save()
    html = staff_client.get(reverse("admin:services_service_history", args=[service.pk])).content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert "已发布：否 → 是" in text
    assert room.name in html
    for leftover in ("CHANGES", "Changes", "None", "False", "True", "[]"):
        assert leftover not in html, leftover
    assert "修改人" in html and "zhangsan" in html
    assert "/admin/auth/user/" not in html  # editors may not open user pages: no link to one
