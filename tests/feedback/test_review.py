"""Content that stays true: the "due for review" list, the "今天已核对" button and action, the public date."""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback import review
from feedback.models import FeedbackStatus
from services.models import Service
from tests.factories import make_service, make_venue
from venues.models import Venue
from zhujing_center.checking import mark_checked_today

from .helpers import make_feedback

pytestmark = pytest.mark.django_db

REVIEW = "/admin/feedback/feedback/review/"
CHECK = "/admin/feedback/feedback/review/check/"


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def entries(db):
    """A service checked 200 days ago, one checked yesterday, one never; rooms likewise."""
    return {
        "old": make_service(name="两百天前核对的服务", last_checked=days_ago(200)),
        "fresh": make_service(name="昨天核对的服务", last_checked=days_ago(1)),
        "never": make_service(name="从未核对的服务", last_checked=None),
        "reported": make_service(name="有反馈的服务", last_checked=days_ago(1)),
        "old_room": make_venue(name="两百天前核对的场所", last_checked=days_ago(200)),
        "fresh_room": make_venue(name="昨天核对的场所", last_checked=days_ago(1)),
    }


def listed_names(response) -> list[str]:
    return [row["entry"].obj.name for row in response.context["rows"]]


def test_review_url():
    assert reverse("admin:feedback_feedback_review") == REVIEW


def test_review_lists_entries_checked_200_days_ago(staff_client, entries):
    names = listed_names(staff_client.get(REVIEW))
    assert "两百天前核对的服务" in names
    assert "两百天前核对的场所" in names


def test_review_lists_entries_with_open_feedback(staff_client, entries):
    make_feedback(entries["reported"])
    assert "有反馈的服务" in listed_names(staff_client.get(REVIEW))


def test_review_leaves_out_entries_checked_yesterday(staff_client, entries):
    names = listed_names(staff_client.get(REVIEW))
    assert "昨天核对的服务" not in names
    assert "昨天核对的场所" not in names


def test_handled_feedback_does_not_make_an_entry_due(staff_client, entries):
    make_feedback(entries["reported"], status=FeedbackStatus.DONE)
    assert "有反馈的服务" not in listed_names(staff_client.get(REVIEW))


def test_review_lists_never_checked_first_then_oldest(staff_client, entries):
    make_feedback(entries["reported"])
    assert listed_names(staff_client.get(REVIEW)) == [
        "从未核对的服务",
        "两百天前核对的场所",
        "两百天前核对的服务",
        "有反馈的服务",
    ]


def test_review_leaves_out_drafts(staff_client, entries):
    make_service(name="草稿服务", last_checked=None, is_published=False)
    assert "草稿服务" not in listed_names(staff_client.get(REVIEW))


def test_exactly_180_days_is_due_and_179_is_not(db):
    make_service(name="180天", last_checked=days_ago(180))
    make_service(name="179天", last_checked=days_ago(179))
    assert [row.obj.name for row in review.due_entries()] == ["180天"]


def test_review_page_shows_links_dates_and_feedback(staff_client, entries):
    make_feedback(entries["reported"])
    make_feedback(entries["reported"])
    html = staff_client.get(REVIEW).content.decode()
    old = entries["old"]
    assert f'href="{reverse("admin:services_service_change", args=[old.pk])}"' in html
    assert f'href="{old.get_absolute_url()}"' in html
    assert f"{days_ago(200):%Y-%m-%d}（200 天前）" in html
    assert "从未核对" in html
    assert f"?service__exact={entries['reported'].pk}&amp;status__exact=open" in html
    assert "2 条" in html
    assert "今天已核对" in html


def test_feedback_link_from_the_review_list_filters_the_inbox(staff_client, entries):
    mine = make_feedback(entries["reported"])
    make_feedback(entries["old"])
    url = f"/admin/feedback/feedback/?service__exact={entries['reported'].pk}&status__exact=open"
    assert list(staff_client.get(url).context["cl"].result_list) == [mine]


def test_due_count_matches_the_list(entries):
    make_feedback(entries["reported"])
    make_feedback(entries["reported"])  # two on one entry still count it once
    assert review.due_count() == len(review.due_entries()) == 4


def test_review_needs_the_feedback_permission(staff):
    client = Client()
    client.force_login(staff)  # without the feedback permissions
    assert client.get(REVIEW).status_code == 403


def test_review_query_count_does_not_grow_with_the_list(staff_client, db):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(REVIEW).status_code == 200
        return len(captured)

    service = make_service(last_checked=None)
    make_feedback(service)
    make_venue(last_checked=None)
    before = queries()
    for _ in range(10):
        make_feedback(make_service(last_checked=days_ago(300)))
        make_venue(last_checked=None)
    assert queries() == before


# ---------------------------------------------------------------- the "今天已核对" button


def test_checked_today_button_sets_the_date_to_today(staff_client, entries):
    old = entries["old"]
    response = staff_client.post(CHECK, {"about": "service", "pk": old.pk})
    assert response.status_code == 302
    assert response["Location"] == REVIEW
    old.refresh_from_db()
    assert old.last_checked == timezone.localdate()


def test_checked_today_button_works_for_rooms(staff_client, entries):
    room = entries["old_room"]
    staff_client.post(CHECK, {"about": "venue", "pk": room.pk})
    room.refresh_from_db()
    assert room.last_checked == timezone.localdate()


def test_checked_today_button_is_in_the_history_with_who(staff_client, staff, entries):
    old = entries["old"]
    versions = old.history.count()
    staff_client.post(CHECK, {"about": "service", "pk": old.pk})
    assert old.history.count() == versions + 1
    latest = old.history.first()
    assert latest.last_checked == timezone.localdate()
    assert latest.history_user == staff
    assert latest.history_change_reason == "标记为今天已核对"


def test_checked_entry_leaves_the_review_list(staff_client, entries):
    staff_client.post(CHECK, {"about": "service", "pk": entries["old"].pk})
    response = staff_client.get(REVIEW)
    assert "两百天前核对的服务" not in listed_names(response)


def test_checked_entry_with_open_feedback_stays_until_the_feedback_is_done(staff_client, entries):
    reported = entries["reported"]
    feedback = make_feedback(reported)
    staff_client.post(CHECK, {"about": "service", "pk": reported.pk})
    assert "有反馈的服务" in listed_names(staff_client.get(REVIEW))
    staff_client.post("/admin/feedback/feedback/", {"action": "mark_done", "_selected_action": [feedback.pk]})
    assert "有反馈的服务" not in listed_names(staff_client.get(REVIEW))


def test_marking_feedback_done_does_not_change_last_checked(staff_client, entries):
    reported = entries["reported"]
    feedback = make_feedback(reported)
    staff_client.post("/admin/feedback/feedback/", {"action": "mark_done", "_selected_action": [feedback.pk]})
    reported.refresh_from_db()
    assert reported.last_checked == days_ago(1)


def test_checked_today_button_refuses_get(staff_client, entries):
    assert staff_client.get(CHECK).status_code == 405


@pytest.mark.parametrize(
    "data", [{}, {"about": "service"}, {"about": "activity", "pk": "1"}, {"about": "service", "pk": "x"}]
)
def test_checked_today_button_with_bad_input_is_404(staff_client, entries, data):
    assert staff_client.post(CHECK, data).status_code == 404


def test_checked_today_button_for_a_missing_entry_is_404(staff_client, entries):
    assert staff_client.post(CHECK, {"about": "service", "pk": "999999"}).status_code == 404


def test_checked_today_button_needs_the_csrf_token(staff, entries):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    old = entries["old"]
    assert client.post(CHECK, {"about": "service", "pk": old.pk}).status_code == 403
    old.refresh_from_db()
    assert old.last_checked == days_ago(200)


# ---------------------------------------------------------------- the admin action


def test_mark_checked_today_action_on_services(staff_client, staff, entries, monkeypatch):
    """As the services admin will use it: ``actions = (*PublishingAdmin.actions, mark_checked_today)``."""
    service_admin = admin.site._registry[Service]
    monkeypatch.setattr(type(service_admin), "actions", (*type(service_admin).actions, mark_checked_today))
    chosen = [entries["old"], entries["never"]]
    versions = {service.pk: service.history.count() for service in chosen}
    response = staff_client.post(
        reverse("admin:services_service_changelist"),
        {"action": "mark_checked_today", "_selected_action": [service.pk for service in chosen]},
        follow=True,
    )
    assert f"已将 2 条标记为 {timezone.localdate():%Y-%m-%d} 已核对" in response.content.decode()
    for service in chosen:
        service.refresh_from_db()
        assert service.last_checked == timezone.localdate()
        assert service.history.count() == versions[service.pk] + 1
        assert service.history.first().history_user == staff
    entries["fresh"].refresh_from_db()
    assert entries["fresh"].last_checked == days_ago(1)


def test_mark_checked_today_action_on_rooms(staff_client, entries, monkeypatch):
    venue_admin = admin.site._registry[Venue]
    monkeypatch.setattr(type(venue_admin), "actions", (*type(venue_admin).actions, mark_checked_today))
    room = entries["old_room"]
    staff_client.post(
        reverse("admin:venues_venue_changelist"), {"action": "mark_checked_today", "_selected_action": [room.pk]}
    )
    room.refresh_from_db()
    assert room.last_checked == timezone.localdate()
    assert room.history.first().history_change_reason == "标记为今天已核对"


def test_mark_checked_today_action_is_described_in_chinese():
    assert str(mark_checked_today.short_description) == "标记为今天已核对"
    assert mark_checked_today.allowed_permissions == ["change"]


# ---------------------------------------------------------------- the public pages


def test_service_page_shows_the_date_staff_set(client, db):
    service = make_service(last_checked=dt.date(2026, 11, 20))
    assert "信息核对于 2026-11-20" in client.get(service.get_absolute_url()).content.decode()


def test_room_page_shows_the_date_staff_set(client, db):
    venue = make_venue(last_checked=dt.date(2026, 11, 20))
    assert "信息核对于 2026-11-20" in client.get(venue.get_absolute_url()).content.decode()


def test_public_page_shows_the_new_date_after_checked_today(client, staff_client, entries):
    old = entries["old"]
    staff_client.post(CHECK, {"about": "service", "pk": old.pk})
    html = client.get(old.get_absolute_url()).content.decode()
    assert f"信息核对于 {timezone.localdate():%Y-%m-%d}" in html
    assert f"信息核对于 {days_ago(200):%Y-%m-%d}" not in html


def test_feedback_link_comes_just_before_the_checked_date(client, db):
    service = make_service(last_checked=dt.date(2026, 11, 20))
    html = client.get(service.get_absolute_url()).content.decode()
    assert html.index('class="feedback-link"') < html.index("信息核对于 2026-11-20")
