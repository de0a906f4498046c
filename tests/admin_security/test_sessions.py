"""Staff sessions end when the browser closes, and 8 hours after login at the latest."""

import pytest
from django.conf import settings

from .conftest import PASSWORD, post_password


def test_sessions_expire_at_browser_close():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_sessions_last_at_most_8_hours():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_a_click_does_not_extend_the_session():
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


@pytest.mark.django_db
def test_the_login_cookie_is_a_browser_session_cookie(client, editor):
    post_password(client, "editor", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert client.session.get_expiry_age() == 8 * 60 * 60
