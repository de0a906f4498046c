"""Draft previews on the public pages: only for staff who signed in with their one-time code (drafts.py)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from activities.models import Activity
from heritage.models import HeritageItem
from services.models import Service
from tests.factories import log_in_verified
from venues.models import Venue
from zhujing_center.drafts import may_preview

PASSWORD = "zhujing-correct-horse-2024"
SERVICE = "/services/mianfei-liang-xueya/"
DRAFTS = [
    (Service, "mianfei-liang-xueya", SERVICE),
    (Venue, "dance-room", "/venues/dance-room/"),
    (Activity, "guqin-beginners", "/activities/guqin-beginners/"),
    (HeritageItem, "bozishu", "/heritage/bozishu/"),
]


def user(*, authenticated=True, active=True, staff=True, verified=True):
    return SimpleNamespace(
        is_authenticated=authenticated, is_active=active, is_staff=staff, is_verified=lambda: verified
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (user(), True),
        (user(verified=False), False),
        (user(staff=False), False),
        (user(active=False), False),
        (user(authenticated=False, staff=False, verified=False), False),
        (SimpleNamespace(is_authenticated=True, is_active=True, is_staff=True), False),  # no OTP middleware
        (None, False),
    ],
)
def test_may_preview(who, expected):
    assert may_preview(who) is expected


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("boss", password=PASSWORD)


@pytest.fixture
def drafts(sample):
    for model, slug, _ in DRAFTS:
        model.objects.filter(slug=slug).update(is_published=False)


def sign_in_with_password(client, username: str) -> None:
    """The login page's password step, as a person fills it in; without an app there is no second step."""
    response = client.post(
        reverse("two_factor:login"),
        {"auth-username": username, "auth-password": PASSWORD, "login_view-current_step": "auth"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "slug", "url"), DRAFTS)
def test_verified_staff_see_a_draft(client, superuser, drafts, model, slug, url):
    log_in_verified(client, superuser)
    response = client.get(url)
    assert response.status_code == 200
    assert "草稿预览" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "slug", "url"), DRAFTS)
def test_a_superuser_signed_in_with_the_password_only_sees_the_public_site(client, superuser, drafts, model, slug, url):
    sign_in_with_password(client, "boss")
    assert client.get(reverse("admin:index")).url == reverse("two_factor:setup")  # not set up yet
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_password_only_editor_gets_the_public_404_without_a_draft_banner(client, sample):
    editor = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    sign_in_with_password(client, editor.username)
    assert client.get(reverse("admin:index")).status_code == 200  # editors may work without an app
    Service.objects.filter(slug="mianfei-liang-xueya").update(is_published=False)
    response = client.get(SERVICE)
    assert response.status_code == 404
    html = response.content.decode()
    assert "草稿预览" not in html and "免费测量血压" not in html
