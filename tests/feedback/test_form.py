"""The public feedback form: success, errors next to the fields, spam, floods, odd input, CSRF, 404s."""

import pytest
from django.test import Client
from django.urls import reverse

from feedback import ratelimit
from feedback.models import Feedback, FeedbackKind, FeedbackStatus
from tests.factories import log_in_verified

from .helpers import csrf_token, form_data

pytestmark = pytest.mark.django_db


def form_url(entry) -> str:
    return reverse(f"feedback:{entry._meta.model_name}", kwargs={"slug": entry.slug})


def thanks_url(entry) -> str:
    return reverse(f"feedback:{entry._meta.model_name}_thanks", kwargs={"slug": entry.slug})


# ---------------------------------------------------------------- links and URLs


def test_urls_are_the_documented_ones(service, venue):
    assert form_url(service) == "/feedback/service/xueya/"
    assert form_url(venue) == "/feedback/venue/health-station/"
    assert thanks_url(service) == "/feedback/service/xueya/thanks/"


def test_service_page_links_to_its_feedback_form(client, service):
    html = client.get(service.get_absolute_url()).content.decode()
    assert f'href="{form_url(service)}"' in html
    assert "信息有误？ / 我要建议" in html


def test_room_page_links_to_its_feedback_form(client, venue):
    html = client.get(venue.get_absolute_url()).content.decode()
    assert f'href="{form_url(venue)}"' in html


def test_draft_preview_has_no_feedback_link(service, staff):
    service.is_published = False
    service.save()
    client = Client()
    log_in_verified(client, staff)  # drafts are shown to staff past the second factor only
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    assert form_url(service) not in response.content.decode()


# ---------------------------------------------------------------- the form page


def test_form_page_has_kind_message_phone_and_submit(client, service):
    response = client.get(form_url(service))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="radio" name="kind" value="wrong"' in html
    assert 'type="radio" name="kind" value="suggestion"' in html
    assert '<textarea name="message"' in html
    assert 'name="phone"' in html
    assert '<button type="submit">' in html
    assert "免费测量血压" in html


def test_form_page_names_the_entry_and_links_back(client, venue):
    html = client.get(form_url(venue)).content.decode()
    assert "健康驿站" in html
    assert f'href="{venue.get_absolute_url()}"' in html


def test_honeypot_is_hidden_from_people_and_screen_readers(client, service):
    html = client.get(form_url(service)).content.decode()
    assert '<div class="feedback-trap" aria-hidden="true">' in html
    trap = html[html.index('name="website"') - 200 : html.index('name="website"') + 200]
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap


def test_form_page_is_not_cached(client, service):
    response = client.get(form_url(service))
    assert "no-store" in response["Cache-Control"]


def test_odd_get_parameters_are_ignored(client, service):
    response = client.get(form_url(service), {"kind": "<script>", "page": "-1", "message": "x" * 5000, "a[]": "1"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


# ---------------------------------------------------------------- success


def test_feedback_about_a_service_is_stored(client, service):
    client.post(form_url(service), form_data(phone="138 0000 0000"))
    feedback = Feedback.objects.get()
    assert (feedback.service, feedback.venue) == (service, None)
    assert feedback.kind == FeedbackKind.WRONG
    assert feedback.message == "咨询电话已经换号了，现在打不通。"
    assert feedback.phone == "138 0000 0000"
    assert feedback.status == FeedbackStatus.OPEN


def test_feedback_about_a_room_is_stored(client, venue):
    client.post(form_url(venue), form_data(kind="suggestion", message="希望周末也开放"))
    feedback = Feedback.objects.get()
    assert (feedback.service, feedback.venue) == (None, venue)
    assert feedback.kind == FeedbackKind.SUGGESTION


def test_success_redirects_to_the_thank_you_page(client, service):
    response = client.post(form_url(service), form_data())
    assert response.status_code == 302
    assert response["Location"] == thanks_url(service)


def test_thank_you_page_links_back_to_the_entry(client, service):
    response = client.post(form_url(service), form_data(), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "谢谢您的反馈" in html
    assert f'href="{service.get_absolute_url()}"' in html


def test_phone_with_country_code_dashes_and_spaces_is_accepted(client, service):
    client.post(form_url(service), form_data(phone="+86 21-5731 0000"))
    assert Feedback.objects.get().phone == "+86 21-5731 0000"


def test_nothing_is_emailed(client, service, mailoutbox):
    client.post(form_url(service), form_data())
    assert Feedback.objects.count() == 1
    assert mailoutbox == []


# ---------------------------------------------------------------- form errors


def errors_of(response) -> dict:
    return response.context["form"].errors


def test_missing_message_is_an_error_next_to_the_field(client, service):
    response = client.post(form_url(service), form_data(message=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert list(errors_of(response)) == ["message"]
    assert '<ul class="errorlist" id="id_message_error"><li>请写下哪里有误或您的建议。</li></ul>' in html
    assert 'aria-invalid="true"' in html
    assert Feedback.objects.count() == 0


def test_message_of_only_spaces_is_missing(client, service):
    response = client.post(form_url(service), form_data(message="  \n\t "))
    assert list(errors_of(response)) == ["message"]
    assert Feedback.objects.count() == 0


def test_message_over_500_characters_is_refused(client, service):
    response = client.post(form_url(service), form_data(message="错" * 501))
    assert "最多 500 字，现在是 501 字" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_message_of_500_characters_is_accepted(client, service):
    client.post(form_url(service), form_data(message="对" * 500))
    assert len(Feedback.objects.get().message) == 500


def test_phone_over_20_characters_is_refused(client, service):
    response = client.post(form_url(service), form_data(phone="1" * 21))
    assert list(errors_of(response)) == ["phone"]
    assert Feedback.objects.count() == 0


def test_phone_with_letters_is_refused(client, service):
    response = client.post(form_url(service), form_data(phone="call me"))
    assert "电话号码只能包含数字" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_unknown_kind_is_refused(client, service):
    response = client.post(form_url(service), form_data(kind="complaint"))
    assert list(errors_of(response)) == ["kind"]
    assert Feedback.objects.count() == 0


def test_what_was_typed_is_kept_after_an_error(client, service):
    response = client.post(form_url(service), form_data(message="错" * 501, phone="12345"))
    html = response.content.decode()
    assert "错" * 501 in html
    assert 'value="12345"' in html


# ---------------------------------------------------------------- spam and floods


def test_filled_honeypot_stores_nothing(client, service):
    client.post(form_url(service), form_data(website="http://spam.example"))
    assert Feedback.objects.count() == 0


def test_filled_honeypot_looks_like_success(client, service):
    response = client.post(form_url(service), form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == thanks_url(service)


def test_sixth_submission_within_ten_minutes_gets_429(client, service):
    for n in range(5):
        assert client.post(form_url(service), form_data(message=f"第{n}条")).status_code == 302
    response = client.post(form_url(service), form_data(message="第6条"))
    html = response.content.decode()
    assert response.status_code == 429
    assert "提交太频繁了" in html
    assert "第6条" in html  # what they typed is still there
    assert Feedback.objects.count() == 5


def test_rate_limit_is_per_client_address(client, service):
    for _ in range(5):
        client.post(form_url(service), form_data(), REMOTE_ADDR="203.0.113.1")
    assert client.post(form_url(service), form_data(), REMOTE_ADDR="203.0.113.1").status_code == 429
    assert client.post(form_url(service), form_data(), REMOTE_ADDR="203.0.113.2").status_code == 302
    assert Feedback.objects.count() == 6


def test_honeypot_hits_count_towards_the_limit(client, service):
    for _ in range(5):
        client.post(form_url(service), form_data(website="x"))
    assert client.post(form_url(service), form_data()).status_code == 429
    assert Feedback.objects.count() == 0


def test_form_errors_do_not_count_towards_the_limit(client, service):
    for _ in range(5):
        client.post(form_url(service), form_data(message=""))
    assert client.post(form_url(service), form_data()).status_code == 302


def test_rate_limit_key_does_not_contain_the_address(rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.77")
    assert "203.0.113.77" not in ratelimit.client_key(request)
    assert ratelimit.client_key(request) == ratelimit.client_key(rf.get("/", REMOTE_ADDR="203.0.113.77"))
    assert ratelimit.client_key(request) != ratelimit.client_key(rf.get("/", REMOTE_ADDR="203.0.113.78"))


def test_the_client_address_is_not_stored(client, service):
    client.post(form_url(service), form_data(), REMOTE_ADDR="203.0.113.77")
    row = Feedback.objects.values().get()
    assert not any("203.0.113.77" in str(value) for value in row.values())


# ---------------------------------------------------------------- never a 500

GARBAGE_FORMS = [
    {},
    {"kind": ""},
    {"kind": ["wrong", "suggestion"], "message": ["一", "二"]},
    {"message": "空字符\x00在这里"},
    {"kind": "wrong", "message": "好", "phone": "\x00"},
    {"csrfmiddlewaretoken": "x", "unknown": "y" * 10_000},
    {"message": "好", "website": ["", ""]},
]


@pytest.mark.parametrize("data", GARBAGE_FORMS)
def test_garbage_form_posts_get_the_form_back(client, service, data):
    response = client.post(form_url(service), data)
    assert response.status_code in (200, 302)
    assert not any("\x00" in row.message + row.phone for row in Feedback.objects.all())


RAW_BODIES = [
    ("application/x-www-form-urlencoded", b"\xff\xfe\x00garbage=%%%&&=="),
    ("application/x-www-form-urlencoded", b"kind=wrong&message=%ED%A0%80%FF&phone=%00"),
    ("application/json", b'{"message": "hi"}'),
    ("multipart/form-data; boundary=xyz", b"--xyz\r\nnot really multipart"),
    ("multipart/form-data", b"no boundary at all"),
    ("text/plain", b"\x00" * 100),
]


@pytest.mark.parametrize(("content_type", "body"), RAW_BODIES)
def test_garbage_bodies_get_a_defined_answer(client, service, content_type, body):
    response = client.post(form_url(service), body, content_type=content_type)
    assert response.status_code in (200, 400)
    assert Feedback.objects.count() == 0


def test_invalid_utf8_in_a_valid_form_is_replaced_not_an_error(client, service):
    body = b"kind=wrong&message=%ED%A0%80%FF%E5%A5%BD"
    response = client.post(form_url(service), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert Feedback.objects.get().message.endswith("好")


def test_huge_body_is_a_400(client, service):
    response = client.post(form_url(service), form_data(message="长" * 1_500_000))
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_huge_message_under_the_upload_limit_is_a_form_error(client, service):
    response = client.post(form_url(service), form_data(message="长" * 100_000))
    assert list(errors_of(response)) == ["message"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_405(client, service, method):
    assert getattr(client, method)(form_url(service)).status_code == 405


def test_thank_you_page_refuses_post(client, service):
    assert client.post(thanks_url(service), form_data()).status_code == 405


# ---------------------------------------------------------------- 404s


@pytest.mark.parametrize(
    "url",
    [
        "/feedback/service/no-such-service/",
        "/feedback/venue/no-such-room/",
        "/feedback/service/no-such-service/thanks/",
        "/feedback/venue/no-such-room/thanks/",
        "/feedback/activity/xueya/",
        "/feedback/service/%E4%B8%AD/",
    ],
)
def test_unknown_entries_are_404(client, service, url):
    assert client.get(url).status_code == 404
    if not url.endswith("/thanks/"):  # the thank-you page only answers GET (405 otherwise)
        assert client.post(url, form_data()).status_code == 404


def test_a_service_slug_is_not_found_as_a_room(client, service):
    assert client.get(f"/feedback/venue/{service.slug}/").status_code == 404


@pytest.mark.parametrize("which", ["service", "venue"])
def test_drafts_are_404(client, service, venue, which):
    entry = {"service": service, "venue": venue}[which]
    entry.is_published = False
    entry.save()
    assert client.get(form_url(entry)).status_code == 404
    assert client.post(form_url(entry), form_data()).status_code == 404
    assert client.get(thanks_url(entry)).status_code == 404
    assert Feedback.objects.count() == 0


# ---------------------------------------------------------------- CSRF


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_post_without_the_csrf_token_is_refused(csrf_client, service):
    response = csrf_client.post(form_url(service), form_data())
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_post_with_the_csrf_token_from_the_form_is_accepted(csrf_client, service):
    token = csrf_token(csrf_client.get(form_url(service)).content.decode())
    response = csrf_client.post(form_url(service), form_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Feedback.objects.count() == 1
