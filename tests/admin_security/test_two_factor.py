"""Two-factor sign-in: required for administrators, optional for editors, backup codes as a last resort."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import (
    PASSWORD,
    add_backup_codes,
    add_totp_device,
    current_code,
    log_in_verified,
    post_code,
    post_password,
)

pytestmark = pytest.mark.django_db


def admin_index() -> str:
    return reverse("admin:index")


# --- administrators -------------------------------------------------------------------------------


def test_administrator_without_a_device_is_sent_to_set_one_up(client, administrator):
    response = post_password(client, "boss", PASSWORD, next_url=admin_index())
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == reverse("two_factor:setup")


@pytest.mark.parametrize("view", ["admin:index", "admin:services_service_changelist", "admin:auth_user_changelist"])
def test_administrator_without_a_device_cannot_use_the_admin(client, administrator, view):
    client.force_login(administrator)
    response = client.get(reverse(view))
    assert response.status_code == 302
    assert response.url == reverse("two_factor:setup")


def test_administrator_without_a_device_may_still_log_out(client, administrator):
    client.force_login(administrator)
    client.post(reverse("admin:logout"))
    assert "_auth_user_id" not in client.session


def test_administrator_sets_up_the_authenticator_and_then_uses_the_admin(client, administrator):
    client.force_login(administrator)
    setup = reverse("two_factor:setup")
    welcome = client.get(setup)
    assert "设置两步验证" in welcome.content.decode()
    page = client.post(setup, {"setup_view-current_step": "welcome"})
    html = page.content.decode()
    assert f'<img src="{reverse("two_factor:qr")}"' in html
    secret = client.session["django_two_factor-qr_secret_key"]
    qr = client.get(reverse("two_factor:qr"))
    assert qr["Content-Type"].startswith("image/svg+xml")
    totp = TOTP(base64.b32decode(secret))
    done = client.post(setup, {"setup_view-current_step": "generator", "generator-token": f"{totp.token():06d}"})
    assert done.status_code == 302
    assert TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()
    assert client.get(admin_index()).status_code == 200


def test_administrator_with_a_device_must_enter_the_code(client, administrator):
    add_totp_device(administrator)
    response = post_password(client, "boss", PASSWORD)
    assert response.status_code == 200
    assert "输入验证码" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(admin_index()).status_code == 302


def test_administrator_with_a_device_gets_in_with_the_right_code(client, administrator):
    device = add_totp_device(administrator)
    post_password(client, "boss", PASSWORD)
    response = post_code(client, current_code(device))
    assert response.status_code == 302
    assert client.get(admin_index()).status_code == 200


def test_a_wrong_code_is_refused_in_chinese(client, administrator):
    device = add_totp_device(administrator)
    post_password(client, "boss", PASSWORD)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = post_code(client, wrong)
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_signed_in_but_unverified_device_holder_is_sent_back_to_the_login(client, administrator):
    add_totp_device(administrator)
    client.force_login(administrator)
    response = client.get(admin_index())
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor:login"))


# --- editors --------------------------------------------------------------------------------------


def test_editor_without_a_device_uses_the_admin_after_the_password(client, editor):
    response = post_password(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert client.get(admin_index()).status_code == 200


def test_editor_with_a_device_must_enter_the_code(client, editor):
    device = add_totp_device(editor)
    response = post_password(client, "editor", PASSWORD)
    assert "输入验证码" in response.content.decode()
    assert client.get(admin_index()).status_code == 302
    post_code(client, current_code(device))
    assert client.get(admin_index()).status_code == 200


def test_editor_with_a_device_but_an_unverified_session_cannot_use_the_admin(client, editor):
    add_totp_device(editor)
    client.force_login(editor)
    assert client.get(admin_index()).status_code == 302


def test_editor_may_open_the_two_factor_setup(client, editor):
    client.force_login(editor)
    response = client.get(reverse("two_factor:profile"))
    assert response.status_code == 200
    assert "开启两步验证" in response.content.decode()


# --- backup codes ---------------------------------------------------------------------------------


def test_administrator_logs_in_with_a_backup_code(client, administrator):
    add_totp_device(administrator)
    add_backup_codes(administrator, "kq7mbx2rvt", "p3wzn8hc4d")
    post_password(client, "boss", PASSWORD)
    client.post(reverse("two_factor:login"), {"wizard_goto_step": "backup"})
    response = post_code(client, "kq7mbx2rvt", step="backup")
    assert response.status_code == 302
    assert client.get(admin_index()).status_code == 200


def test_a_backup_code_is_used_up(client, administrator):
    add_totp_device(administrator)
    add_backup_codes(administrator, "kq7mbx2rvt", "p3wzn8hc4d")
    post_password(client, "boss", PASSWORD)
    client.post(reverse("two_factor:login"), {"wizard_goto_step": "backup"})
    post_code(client, "kq7mbx2rvt", step="backup")
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["p3wzn8hc4d"]
    client.logout()
    post_password(client, "boss", PASSWORD)
    client.post(reverse("two_factor:login"), {"wizard_goto_step": "backup"})
    response = post_code(client, "kq7mbx2rvt", step="backup")
    assert response.status_code == 200
    assert "已经用过" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_verified_administrator_generates_backup_codes(verified_administrator_client):
    url = reverse("two_factor:backup_tokens")
    response = verified_administrator_client.post(url, follow=True)
    assert response.status_code == 200
    assert StaticToken.objects.count() == 10
    assert "每个备用码只能用一次" in response.content.decode()


# --- the pages ------------------------------------------------------------------------------------


def two_factor_pages(client, administrator) -> list[str]:
    """The login page, the lockout page, the two setup steps, backup codes and the profile page."""
    pages = [client.get(reverse("two_factor:login")).content.decode()]
    for _ in range(6):
        locked = post_password(client, "nobody", "wrong-password-123")
    pages.append(locked.content.decode())
    client.force_login(administrator)
    pages.append(client.get(reverse("two_factor:setup")).content.decode())
    pages.append(client.post(reverse("two_factor:setup"), {"setup_view-current_step": "welcome"}).content.decode())
    log_in_verified(client, administrator, add_totp_device(administrator))
    pages.append(client.get(reverse("two_factor:backup_tokens")).content.decode())
    pages.append(client.get(reverse("two_factor:profile")).content.decode())
    return pages


def test_the_login_pages_load_nothing_from_other_sites(client, administrator):
    for html in two_factor_pages(client, administrator):
        assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == []


def test_the_login_pages_have_no_inline_script_or_style(client, administrator):
    """The Content-Security-Policy allows none."""
    for html in two_factor_pages(client, administrator):
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag
        assert not re.search(r"<style\b|\sstyle=\"|\son[a-z]+=\"|javascript:", html)


def test_the_login_page_is_in_chinese(client):
    html = client.get(reverse("two_factor:login")).content.decode()
    assert "请输入管理后台的用户名和密码" in html
    assert "朱泾镇社区党群服务中心" in html
