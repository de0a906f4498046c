"""The 400, 403, 404, 500 and CSRF pages: Chinese, through the whole middleware stack, never a 500 of their own."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from portal import views
from zhujing_center import errors
from zhujing_center.roles import ensure_editor_group

pytestmark = pytest.mark.django_db

UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"
ENGLISH = ("Bad Request", "Forbidden", "Not Found", "Server Error", "CSRF")


def csrf_client(**extra) -> Client:
    """A browser that sends the CSRF cookie and has its token checked (the test client skips the check)."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False, **extra)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    return client


def assert_chinese_page(response, status: int, *phrases: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert re.search(r'<html lang="zh-hans"', html, re.IGNORECASE), html[:200]
    for word in ENGLISH:
        assert word not in html
    for phrase in phrases:
        assert phrase in html
    return html


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user("editor", password="zhujing-correct-horse-2024", is_staff=True)
    user.groups.add(ensure_editor_group())
    return user


def test_the_tests_run_with_debug_off():
    assert settings.DEBUG is False  # with DEBUG on, Django would show its technical pages instead


# ---------------------------------------------------------------- 400


@pytest.mark.parametrize("url", ["/", "/services/", "/feedback/service/anything/", "/admin/", "/admin/account/login/"])
def test_form_data_in_utf16_is_a_chinese_400(url):
    response = csrf_client().post(url, data=b"a=b", content_type=UTF16_FORM)
    assert_chinese_page(response, 400, "请求有误")


def test_form_data_in_utf16_at_an_unknown_address_is_a_chinese_404():
    response = csrf_client().post("/nope/", data=b"a=b", content_type=UTF16_FORM)
    assert_chinese_page(response, 404, "找不到这个页面")


def test_form_data_in_utf16_with_page_caching_on_is_a_400(settings):
    settings.PAGE_CACHE_SECONDS = 60
    for _ in range(2):
        assert csrf_client().post("/", data=b"a=b", content_type=UTF16_FORM).status_code == 400


def test_a_400_in_the_admin_links_back_to_the_admin(editor):
    client = csrf_client()
    client.force_login(editor)
    response = client.post(reverse("admin:services_service_changelist"), data=b"a=b", content_type=UTF16_FORM)
    assert_chinese_page(response, 400, f'href="{reverse("admin:index")}"', "返回管理首页")


def test_an_unknown_host_is_a_chinese_400():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert_chinese_page(response, 400, "请求有误")


# ---------------------------------------------------------------- 403 and CSRF


def test_a_wrong_csrf_token_is_a_chinese_403():
    response = csrf_client().post("/feedback/service/anything/", {"csrfmiddlewaretoken": "b" * 32, "message": "x"})
    assert_chinese_page(response, 403, "页面已过期", "刷新页面后重新提交")


def test_a_missing_csrf_cookie_is_a_chinese_403():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(reverse("two_factor:login"), {"auth-username": "x", "auth-password": "y"})
    html = assert_chinese_page(response, 403, "页面已过期")
    assert 'href="/admin/"' in html  # the login page is part of the admin: back to it


@pytest.mark.parametrize("view", ["admin:auth_user_changelist", "admin:auth_group_changelist"])
def test_an_editor_on_a_user_or_group_page_gets_the_chinese_403(client, editor, view):
    client.force_login(editor)
    response = client.get(reverse(view))
    assert_chinese_page(response, 403, "没有权限打开这个页面", "返回管理首页", f'href="{reverse("admin:index")}"')


def test_an_editor_on_a_user_page_with_page_caching_on_gets_a_403(client, editor, settings):
    settings.PAGE_CACHE_SECONDS = 60
    client.force_login(editor)
    for _ in range(2):
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


# ---------------------------------------------------------------- 404


@pytest.mark.parametrize("url", ["/nope/", "/services/nope/", "/venues/a%00b/"])
def test_an_unknown_address_is_the_chinese_404(client, url):
    assert_chinese_page(client.get(url), 404, "找不到这个页面")


def test_an_unknown_admin_address_is_the_chinese_404_for_staff(client, editor):
    client.force_login(editor)
    assert_chinese_page(client.get("/admin/nope/"), 404, "找不到这个页面")


def test_a_404_with_page_caching_on_is_never_cached(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    for _ in range(2):
        response = client.get("/nope/")
        assert response.status_code == 404 and "X-Page-Cache" not in response


def test_staff_without_a_code_are_told_why_a_draft_is_a_404(client, editor):
    client.force_login(editor)
    assert "草稿只对用两步验证登录的工作人员显示" in client.get("/services/nope/").content.decode()
    client.logout()
    assert "草稿只对" not in client.get("/services/nope/").content.decode()


# ---------------------------------------------------------------- 500


def test_an_unexpected_error_is_the_chinese_500(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    assert_chinese_page(client.get("/about/"), 500, "系统暂时出错")


# ---------------------------------------------------------------- when drawing the page fails


@pytest.fixture
def broken_templates(settings, tmp_path):
    """Error templates that fail when drawn (an unknown URL name), found before the real ones."""
    for name in ("400.html", "403.html", "403_csrf.html", "404_standalone.html", "500.html"):
        (tmp_path / name).write_text(
            '{% extends "error_base.html" %}{% block message %}{% url "no-such-page" %}{% endblock %}'
        )
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [tmp_path, *engine["DIRS"]]
    settings.TEMPLATES = [engine]
    return engine


def broken_context_processor(request):
    raise RuntimeError("a context processor failed")


@pytest.fixture
def broken_site_pages(settings, broken_templates):
    """The site's own pages fail too: every page drawn with the request meets a failing context processor."""
    engine = dict(broken_templates, OPTIONS=dict(broken_templates["OPTIONS"]))
    engine["OPTIONS"]["context_processors"] = [
        *engine["OPTIONS"]["context_processors"],
        "tests.test_error_pages.broken_context_processor",
    ]
    settings.TEMPLATES = [engine]


def assert_plain_chinese(response, status: int, phrase: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert phrase in response.content.decode()


def test_a_400_page_that_fails_answers_plain_chinese(broken_templates):
    response = csrf_client().post("/", data=b"a=b", content_type=UTF16_FORM)
    assert_plain_chinese(response, 400, "请求有误")


def test_a_csrf_page_that_fails_answers_plain_chinese(broken_templates):
    response = csrf_client().post("/feedback/service/anything/", {"csrfmiddlewaretoken": "b" * 32})
    assert_plain_chinese(response, 403, "没有权限打开这个页面，或者页面已过期")


def test_a_403_page_that_fails_answers_plain_chinese(client, editor, broken_templates):
    client.force_login(editor)
    assert_plain_chinese(client.get(reverse("admin:auth_user_changelist")), 403, "没有权限")


def test_a_500_page_that_fails_answers_plain_chinese(client, monkeypatch, broken_templates):
    monkeypatch.setattr(views, "render", lambda *args, **kwargs: 1 / 0)
    client.raise_request_exception = False
    assert_plain_chinese(client.get("/about/"), 500, "系统暂时出错")


def test_a_404_whose_site_page_fails_is_the_standalone_page(client, settings):
    engine = dict(settings.TEMPLATES[0], OPTIONS=dict(settings.TEMPLATES[0]["OPTIONS"]))
    engine["OPTIONS"]["context_processors"] = [
        *engine["OPTIONS"]["context_processors"],
        "tests.test_error_pages.broken_context_processor",
    ]
    settings.TEMPLATES = [engine]
    html = assert_chinese_page(client.get("/nope/"), 404, "找不到这个页面", "这个页面可能已经删除或改名。")
    assert 'name="q"' not in html  # the standalone page, without the site's search box


def test_a_404_whose_pages_all_fail_answers_plain_chinese(client, broken_site_pages):
    assert_plain_chinese(client.get("/nope/"), 404, "找不到这个页面")


# ---------------------------------------------------------------- the handlers themselves


def test_the_handlers_never_read_the_body(rf, editor):
    request = rf.post("/admin/", data=b"a=b", content_type=UTF16_FORM)
    request.user = editor

    class Unreadable(type(request)):
        @property
        def body(self):
            raise AssertionError("an error page read the request's body")

        def _load_post_and_files(self):
            raise AssertionError("an error page read the request's body")

    request.__class__ = Unreadable
    assert errors.bad_request(request, None).status_code == 400
    assert errors.permission_denied(request, None).status_code == 403
    assert errors.csrf_failure(request, reason="CSRF token incorrect.").status_code == 403
    assert errors.page_not_found(request, None).status_code == 404
    assert errors.server_error(request).status_code == 500


@pytest.mark.parametrize(
    ("path", "admin_url", "expected"),
    [
        ("/admin/", "admin/", True),
        ("/admin/auth/user/", "admin/", True),
        ("/administrator/", "admin/", False),
        ("/services/", "admin/", False),
        ("/guanli-7f3k/", "guanli-7f3k/", True),
        ("/admin/", "guanli-7f3k/", False),
    ],
)
def test_is_admin_path(path, admin_url, expected):
    assert errors.is_admin_path(path, admin_url) is expected


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_every_fallback_text_is_chinese(status):
    assert re.match(r"[\u4e00-\u9fff]", errors.fallback_text(status))


def test_an_unknown_status_falls_back_to_the_500_text():
    assert errors.fallback_text(418) == errors.fallback_text(500)
