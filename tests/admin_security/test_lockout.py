"""django-axes: 5 wrong passwords lock that user name on that address for an hour, with a Chinese page."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from zhujing_center.security import client_ip_address

from .conftest import PASSWORD, post_password

pytestmark = pytest.mark.django_db

LOBBY = "203.0.113.7"
HOME = "198.51.100.20"


def fail_five_times(client, username: str, ip: str = LOBBY) -> None:
    for _ in range(5):
        post_password(client, username, "wrong-password-123", ip=ip)


def logged_in(response) -> bool:
    """The password was accepted: redirected on into the admin."""
    return response.status_code == 302 and response.url == reverse("admin:index")


def test_four_wrong_passwords_do_not_lock(client, editor):
    for _ in range(4):
        assert post_password(client, "editor", "wrong-password-123", ip=LOBBY).status_code == 200
    assert logged_in(post_password(client, "editor", PASSWORD, ip=LOBBY))


def test_the_sixth_attempt_gets_the_lockout_page_even_with_the_right_password(client, editor):
    fail_five_times(client, "editor")
    response = post_password(client, "editor", PASSWORD, ip=LOBBY)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_why_for_how_long_and_whom_to_call(client, editor):
    fail_five_times(client, "editor")
    html = post_password(client, "editor", PASSWORD, ip=LOBBY).content.decode()
    assert "账号已暂时锁定" in html
    assert "连续输错 5 次" in html
    assert "锁定 1 小时" in html
    assert "中心的系统管理员" in html


def test_another_user_name_from_the_same_address_is_not_locked(client, editor, django_user_model):
    django_user_model.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    fail_five_times(client, "editor")
    assert logged_in(post_password(client, "colleague", PASSWORD, ip=LOBBY))


def test_the_same_user_name_from_another_address_is_not_locked(client, editor):
    fail_five_times(client, "editor", ip=LOBBY)
    assert logged_in(post_password(client, "editor", PASSWORD, ip=HOME))


def test_a_successful_login_resets_the_count(client, editor):
    for _ in range(4):
        post_password(client, "editor", "wrong-password-123", ip=LOBBY)
    assert logged_in(post_password(client, "editor", PASSWORD, ip=LOBBY))
    client.logout()
    for _ in range(4):
        post_password(client, "editor", "wrong-password-123", ip=LOBBY)
    assert logged_in(post_password(client, "editor", PASSWORD, ip=LOBBY))


def test_the_admin_login_page_is_the_counted_two_factor_login(client):
    response = client.get(reverse("admin:login") + "?next=/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor:login"))


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, editor):
    for n in range(5):
        client.post(
            reverse("two_factor:login"),
            {"auth-username": "editor", "auth-password": "wrong", "login_view-current_step": "auth"},
            REMOTE_ADDR=LOBBY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert post_password(client, "editor", PASSWORD, ip=LOBBY).status_code == 429


def address(settings, proxies: int, remote: str, forwarded: str | None) -> str | None:
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    return client_ip_address(RequestFactory().post("/", **extra))


def test_behind_one_proxy_the_client_is_the_address_it_appended(settings):
    assert address(settings, 1, "127.0.0.1", f"6.6.6.6, {LOBBY}") == LOBBY


def test_behind_two_proxies_the_client_is_second_from_the_right(settings):
    assert address(settings, 2, "10.0.0.2", f"6.6.6.6, {LOBBY}, 10.0.0.1") == LOBBY


def test_behind_a_proxy_without_the_header_the_remote_address_is_used(settings):
    assert address(settings, 1, LOBBY, None) == LOBBY


def test_with_no_trusted_proxy_the_remote_address_is_used(settings):
    assert address(settings, 0, LOBBY, "6.6.6.6") == LOBBY
