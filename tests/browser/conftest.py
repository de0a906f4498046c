"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser)."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
KIOSK = {"width": 1080, "height": 1920}


def pytest_configure(config):
    # tests/browser/test_conformance.py (run it alone with `pytest -m conformance`).
    config.addinivalue_line("markers", "conformance: the W3C Nu HTML checker and axe-core over every page type")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make test does it as root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page that refuses any request leaving the test server."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        is_mobile=True,
        has_touch=True,
    )
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(live_server.url):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.outside_requests = outside
    yield page
    context.close()
    assert outside == [], f"requests left the machine: {outside}"


def signed_in_editor(browser, live_server, password: str):
    """A browser page signed in as the editor wangfang through the login page, its console watched
    (``page.console_errors``: script errors and refused inline script or style on any page). A generator
    for fixtures to ``yield from``; it closes the browser context afterwards."""
    from django.contrib.auth import get_user_model

    from zhujing_center.roles import ensure_editor_group

    user = get_user_model().objects.create_user("wangfang", password=password, is_staff=True)
    user.groups.add(ensure_editor_group())
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.console_errors = []

    def watch(message):
        if message.type == "error" and "favicon.ico" not in message.location.get("url", ""):  # not ours
            page.console_errors.append(f"{message.text} on {page.url}")

    page.on("console", watch)
    page.goto(f"{live_server.url}/admin/")
    page.fill('input[name="auth-username"]', "wangfang")
    page.fill('input[name="auth-password"]', password)
    with page.expect_navigation():
        page.click('input[type="submit"]')
    page.wait_for_url(f"{live_server.url}/admin/")
    yield page
    context.close()
