"""Staff accounts for the admin-security tests: an editor, an administrator, devices and a login helper."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import log_in_verified
from zhujing_center.roles import ensure_editor_group

PASSWORD = "zhujing-correct-horse-2024"


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_editor_group())
    return user


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser("boss", password=PASSWORD)


def add_totp_device(user) -> TOTPDevice:
    """A confirmed authenticator-app device, as two_factor's setup leaves it (named "default")."""
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def add_backup_codes(user, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    for code in codes:
        device.token_set.create(token=code)
    return device


def current_code(device: TOTPDevice) -> str:
    """What the authenticator app shows right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def login_url() -> str:
    return reverse("two_factor:login")


def post_password(client, username: str, password: str, *, ip: str = "10.0.0.1", next_url: str = ""):
    """The first step of the login page (user name and password)."""
    url = login_url() + (f"?next={next_url}" if next_url else "")
    return client.post(
        url,
        {"auth-username": username, "auth-password": password, "login_view-current_step": "auth"},
        REMOTE_ADDR=ip,
    )


def post_code(client, code: str, *, step: str = "token", ip: str = "10.0.0.1"):
    """The second step of the login page: the authenticator's code ("token") or a backup code ("backup")."""
    return client.post(login_url(), {f"{step}-otp_token": code, "login_view-current_step": step}, REMOTE_ADDR=ip)


@pytest.fixture
def verified_administrator_client(client, administrator):
    log_in_verified(client, administrator, add_totp_device(administrator))
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
