"""The feedback inbox in the admin, and the count of open feedback on the admin index."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import Feedback, FeedbackKind, FeedbackStatus

from .helpers import make_feedback

pytestmark = pytest.mark.django_db

INBOX = "/admin/feedback/feedback/"


def test_inbox_url_is_the_admin_changelist():
    assert reverse("admin:feedback_feedback_changelist") == INBOX


def test_inbox_lists_feedback_with_links_to_the_entry(staff_client, service, venue):
    make_feedback(service, message="电话打不通", phone="13800000000")
    make_feedback(venue, kind=FeedbackKind.SUGGESTION, message="希望周末开放")
    html = staff_client.get(INBOX).content.decode()
    assert f'href="{reverse("admin:services_service_change", args=[service.pk])}"' in html
    assert f'href="{service.get_absolute_url()}"' in html
    assert f'href="{reverse("admin:venues_venue_change", args=[venue.pk])}"' in html
    assert f'href="{venue.get_absolute_url()}"' in html
    assert "电话打不通" in html
    assert "13800000000" in html
    assert "希望周末开放" in html
    assert "我要建议" in html


def test_inbox_shows_an_excerpt_of_long_messages(staff_client, service):
    make_feedback(service, message="长" * 100)
    html = staff_client.get(INBOX).content.decode()
    assert "长" * 39 + "…" in html
    assert "长" * 41 not in html


def test_inbox_lists_open_first_then_newest(staff_client, service):
    now = timezone.now()
    old_open = make_feedback(service, message="旧的待处理", created_at=now - dt.timedelta(days=3))
    new_done = make_feedback(service, message="新的已处理", status=FeedbackStatus.DONE, created_at=now)
    new_open = make_feedback(service, message="新的待处理", created_at=now - dt.timedelta(days=1))
    listed = list(staff_client.get(INBOX).context["cl"].result_list)
    assert listed == [new_open, old_open, new_done]


@pytest.mark.parametrize(("query", "expected"), [("status__exact=open", ["开"]), ("kind__exact=suggestion", ["议"])])
def test_inbox_filters_by_status_and_kind(staff_client, service, query, expected):
    make_feedback(service, message="开")
    make_feedback(service, message="完", status=FeedbackStatus.DONE)
    make_feedback(service, message="议", kind=FeedbackKind.SUGGESTION, status=FeedbackStatus.DONE)
    listed = staff_client.get(f"{INBOX}?{query}").context["cl"].result_list
    assert [feedback.message for feedback in listed] == expected


def test_mark_done_action_sets_status_handler_time_and_note(staff_client, staff, service):
    first, second = make_feedback(service), make_feedback(service)
    untouched = make_feedback(service)
    response = staff_client.post(
        INBOX,
        {"action": "mark_done", "_selected_action": [first.pk, second.pk], "reply": "已更正电话号码"},
        follow=True,
    )
    assert "已将 2 条反馈标记为已处理" in response.content.decode()
    for feedback in (first, second):
        feedback.refresh_from_db()
        assert feedback.status == FeedbackStatus.DONE
        assert feedback.handled_by == staff
        assert feedback.handled_at is not None
        assert feedback.reply == "已更正电话号码"
    untouched.refresh_from_db()
    assert untouched.status == FeedbackStatus.OPEN


def test_mark_done_without_a_note_keeps_the_note(staff_client, service):
    feedback = make_feedback(service, reply="已回电")
    staff_client.post(INBOX, {"action": "mark_done", "_selected_action": [feedback.pk], "reply": ""})
    feedback.refresh_from_db()
    assert (feedback.status, feedback.reply) == (FeedbackStatus.DONE, "已回电")


def test_change_page_sets_status_and_note(staff_client, staff, service):
    feedback = make_feedback(service, message="材料清单过时了")
    url = reverse("admin:feedback_feedback_change", args=[feedback.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert "材料清单过时了" in page.content.decode()
    response = staff_client.post(url, {"status": "done", "reply": "已更新材料"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.status, feedback.reply, feedback.handled_by) == (FeedbackStatus.DONE, "已更新材料", staff)


def test_reopening_clears_the_handler(staff_client, staff, service):
    feedback = make_feedback(service, status=FeedbackStatus.DONE, handled_by=staff, handled_at=timezone.now())
    staff_client.post(reverse("admin:feedback_feedback_change", args=[feedback.pk]), {"status": "open", "reply": ""})
    feedback.refresh_from_db()
    assert (feedback.status, feedback.handled_by, feedback.handled_at) == (FeedbackStatus.OPEN, None, None)


def test_the_residents_words_cannot_be_edited(staff_client, service):
    feedback = make_feedback(service, message="原话")
    url = reverse("admin:feedback_feedback_change", args=[feedback.pk])
    staff_client.post(url, {"status": "open", "reply": "", "message": "改过的话", "phone": "1"})
    feedback.refresh_from_db()
    assert (feedback.message, feedback.phone) == ("原话", "")


def test_staff_cannot_add_feedback_in_the_admin(staff_client):
    assert staff_client.get(reverse("admin:feedback_feedback_add")).status_code == 403


def test_feedback_is_about_exactly_one_entry(service, venue):
    for about in ({}, {"service": service, "venue": venue}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Feedback.objects.create(message="x", **about)


# ---------------------------------------------------------------- admin index


def test_admin_index_shows_the_open_count_linking_to_the_inbox(staff_client, service, venue):
    make_feedback(service)
    make_feedback(venue)
    make_feedback(service, status=FeedbackStatus.DONE)
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "待处理的居民反馈：2 条" in html
    assert f'href="{INBOX}?status__exact=open"' in html


def test_admin_index_links_to_the_review_list(staff_client, service, venue):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "需要核对的条目：2 条" in html  # neither has ever been checked
    assert f'href="{reverse("admin:feedback_feedback_review")}"' in html


def test_admin_index_box_needs_the_feedback_permission(staff, service):
    client = Client()
    client.force_login(staff)  # the admin tests' staff member, without the feedback permissions
    html = client.get(reverse("admin:index")).content.decode()
    assert "待处理的居民反馈" not in html


def test_admin_index_box_costs_two_queries_whatever_the_numbers(staff_client, service, venue):
    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("admin:index")).status_code == 200
        return [query["sql"] for query in captured]

    before = queries()
    for _ in range(10):
        make_feedback(service)
        make_feedback(venue)
    after = queries()
    assert len(after) == len(before)
    # The open count, and the entries due for review (which looks at open feedback too).
    assert len([sql for sql in after if "feedback_feedback" in sql]) == 2


def test_inbox_query_count_does_not_grow_with_the_feedback(staff_client, service, venue):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(INBOX).status_code == 200
        return len(captured)

    make_feedback(service)
    before = queries()
    for _ in range(15):
        make_feedback(service)
        make_feedback(venue)
    assert queries() == before
