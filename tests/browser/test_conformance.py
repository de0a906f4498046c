"""Every page type passes the W3C Nu HTML checker and axe-core with its best-practice rules, with 0 findings.

Which pages: the URLconf says. Every named address that takes no argument is checked as it is; one that
takes arguments is checked with a sample from the sample catalogue (``SAMPLES``); more states of a page
(a search, a form with errors, the code step of the sign-in, each error page) are in ``VARIANTS``; and
whatever is not a page (iCalendar, JSON, redirects, the admin's inner pages) is in ``EXCLUDED`` with the
reason. A named address that is none of these fails ``test_every_named_address_is_checked_or_excluded``,
so a new page type is never skipped in silence.

How: public pages in both display modes (standard and 长辈模式) at 390×844, kiosk pages at 1080×1920,
the staff sign-in and two-factor pages and the error pages (400, 403, CSRF 403, 404, 500, 503) as the
server draws them through the whole middleware stack.

- The Nu checker (``vnu-jar`` from tests/browser/package.json, run with Java): the HTML the server sends,
  every page written to one folder and checked by ONE run of vnu.jar (Java starts in seconds, not per
  page). A failure lists each error with its page, line and message.
- axe-core: the WCAG 2.0/2.1/2.2 A and AA rules plus ``best-practice``, in one browser, page after page.
  Pages a fresh browser cannot reach by a GET (a POST's answer, a failure) are drawn by the test client
  and handed to the browser at their own address, so their styles and scripts load as usual.

Run them on their own with ``pytest tests/browser/test_conformance.py`` (or ``pytest -m conformance``).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from tests.browser.conftest import KIOSK, PHONE
from tests.conftest import load_sample
from tests.factories import log_in_verified

pytestmark = [pytest.mark.conformance, pytest.mark.django_db(transaction=True)]

HERE = Path(__file__).resolve().parent
VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}

SERVICE = "mianfei-liang-xueya"  # 免费测量血压
VENUE = "health-station"  # 智慧健康驿站
ACTIVITY = "taiji-morning"  # 太极拳
HERITAGE = "zhujing-lantern"  # 朱泾花灯
CATEGORY = "health"
PASSWORD = "zhujing-correct-horse-2024"
UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"

# The arguments of the named addresses that take some: one sample page each.
SAMPLES: dict[str, dict[str, str]] = {
    "services:category": {"slug": CATEGORY},
    "services:detail": {"slug": SERVICE},
    "venues:detail": {"slug": VENUE},
    "activities:detail": {"slug": ACTIVITY},
    "heritage:detail": {"slug": HERITAGE},
    "feedback:service": {"slug": SERVICE},
    "feedback:service_thanks": {"slug": SERVICE},
    "feedback:venue": {"slug": VENUE},
    "feedback:venue_thanks": {"slug": VENUE},
    "kiosk:category": {"slug": CATEGORY},
    "kiosk:service": {"slug": SERVICE},
    "kiosk:venue": {"slug": VENUE},
    "kiosk:activity": {"slug": ACTIVITY},
    "kiosk:heritage_item": {"slug": HERITAGE},
    "kiosk:letters": {"letters": "xy"},
    "circle:point": {"slug": "linyuan-2-station"},
    "kiosk:circle_area": {"slug": "linyuan-2"},
    "kiosk:circle_point": {"slug": "linyuan-2-station"},
}

# Named addresses that are not HTML pages, or not pages of ours to check, and why.
EXCLUDED: dict[str, str] = {
    "healthz": "plain text for the load balancer",
    "live": "plain text for the load balancer",
    "favicon": "an image",
    "robots": "plain text for robots",
    "sitemap": "XML for search engines",
    "display-large": "a redirect back to the page (both modes of every page are checked)",
    "display-standard": "a redirect back to the page (both modes of every page are checked)",
    "activities:feed": "iCalendar",
    "activities:ics": "iCalendar",
    "activities:point_feed": "iCalendar",
    "kiosk:service_worker": "JavaScript",
    "opendata:catalogue-csv": "CSV",
    "opendata:hsds-package": "JSON",
    "opendata:api-root": "JSON",
    "opendata:openapi": "JSON",
    "opendata:api-not-found": "JSON",
    "opendata:service-list": "JSON",
    "opendata:service-detail": "JSON",
    "opendata:organization-list": "JSON",
    "opendata:organization-detail": "JSON",
    "opendata:location-list": "JSON",
    "opendata:location-detail": "JSON",
    "opendata:service-at-location-list": "JSON",
    "opendata:service-at-location-detail": "JSON",
    "opendata:taxonomy-list": "JSON",
    "opendata:taxonomy-detail": "JSON",
    "opendata:taxonomy-term-list": "JSON",
    "opendata:taxonomy-term-detail": "JSON",
    "circle:map": "an SVG image (the 15分钟服务圈 page that draws it inline is checked)",
    "two_factor:qr": "an SVG image (the setup page that shows it is checked)",
}
# Every address in the admin's namespace but its login (checked: it sends staff to two_factor's) is a
# page for signed-in staff drawn by Django's admin and third-party apps (adminsortable2's list rows
# carry attributes HTML does not have): outside these checks.
EXCLUDED_NAMESPACES = {"admin": "the staff admin's inner pages (Django's and third-party apps' templates)"}


@dataclass(frozen=True)
class Page:
    """One page type to check: ``kind`` says where and how (public: both display modes at phone size;
    kiosk: 1080×1920; staff and error: once, at phone size)."""

    label: str
    url_name: str  # the named address it stands for ("" for the error pages)
    path: str
    kind: str = "public"
    status: int = 200
    # How the test client draws it when a fresh browser's GET of ``path`` cannot (a POST's answer, a
    # failure, a signed-in page); None: a plain GET.
    draw: Callable[[Client], object] | None = None

    @property
    def modes(self) -> tuple[str, ...]:
        return ("standard", "large") if self.kind == "public" else ("kiosk",) if self.kind == "kiosk" else ("standard",)


def named_patterns(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, str, URLPattern]]:
    """Every address of the URLconf: its full name ("services:detail"; "" for an unnamed one), namespace, pattern."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            found += named_patterns(entry, inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            found.append((name, namespace, entry))
    return found


def url_names() -> set[str]:
    return {name for name, _namespace, _pattern in named_patterns() if name}


def kind_of(url_name: str) -> str:
    namespace = url_name.partition(":")[0] if ":" in url_name else ""
    return {"kiosk": "kiosk", "two_factor": "staff", "admin": "staff"}.get(namespace, "public")


# ------------------------------------------------------------------ drawing pages that need more than a GET


STAFF_NUMBERS = itertools.count(1)


def staff_user(username: str = "", *, superuser: bool = False):
    """A new staff account (an editor, or an administrator when ``superuser``)."""
    users = get_user_model().objects
    username = username or f"staff-{next(STAFF_NUMBERS)}"
    if superuser:
        return users.create_superuser(username, password=PASSWORD)
    user = users.create_user(username, password=PASSWORD, is_staff=True)
    from zhujing_center.roles import ensure_editor_group

    user.groups.add(ensure_editor_group())
    return user


def with_device(user, *, backup_codes: tuple[str, ...] = ()):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    if backup_codes:
        device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
        for code in backup_codes:
            device.token_set.create(token=code)
    return user


def post_password(client: Client, username: str, password: str = PASSWORD):
    return client.post(
        reverse("two_factor:login"),
        {"auth-username": username, "auth-password": password, "login_view-current_step": "auth"},
    )


def signed_in(path: str, *, verified: bool = True, superuser: bool = True, device: bool = True):
    """A GET of ``path`` by staff signed in (past the second factor when ``verified``)."""

    def draw(client: Client):
        user = staff_user(superuser=superuser)
        if verified:
            log_in_verified(client, user)
        else:
            if device:
                with_device(user)
            client.force_login(user)
        return client.get(path)

    return draw


def code_step(client: Client):
    """The answer to the right password of an account with an authenticator app (and backup codes)."""
    return post_password(client, with_device(staff_user(), backup_codes=("p3wzn8hc4d",)).username)


def wrong_code(client: Client):
    code_step(client)
    return client.post(reverse("two_factor:login"), {"token-otp_token": "000000", "login_view-current_step": "token"})


def backup_step(client: Client):
    code_step(client)
    return client.post(reverse("two_factor:login"), {"wizard_goto_step": "backup"})


def wrong_password(client: Client):
    return post_password(client, "nobody", "wrong-password-123")


def locked_out(client: Client):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = post_password(client, "locked-out", "wrong-password-123")
    return response


def setup_qr(client: Client):
    client.force_login(staff_user())
    return client.post(reverse("two_factor:setup"), {"setup_view-current_step": "welcome"})


def feedback_with_errors(client: Client):
    return client.post(reverse("feedback:service", kwargs={"slug": SERVICE}), {"message": ""})


def feedback_too_often(client: Client):
    url = reverse("feedback:service", kwargs={"slug": SERVICE})
    for _ in range(10):
        response = client.post(url, {"kind": "wrong", "message": "电话打不通"})
        if response.status_code == 429:
            break
    return response


def csrf_checking_client(client: Client) -> Client:
    """A browser whose CSRF token is checked (the test client skips the check unless told)."""
    checking = Client(enforce_csrf_checks=True, raise_request_exception=False)
    checking.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    return checking


def bad_request(client: Client):
    return csrf_checking_client(client).post("/", data=b"a=b", content_type=UTF16_FORM)


def bad_request_in_admin(client: Client):
    checking = csrf_checking_client(client)
    checking.force_login(staff_user())
    return checking.post(reverse("admin:services_service_changelist"), data=b"a=b", content_type=UTF16_FORM)


def permission_denied(client: Client):
    client.force_login(staff_user())
    return client.get(reverse("admin:auth_user_changelist"))


def csrf_refused(client: Client):
    checking = csrf_checking_client(client)
    url = reverse("feedback:service", kwargs={"slug": SERVICE})
    return checking.post(url, {"csrfmiddlewaretoken": "b" * 32, "message": "x"})


def uncached(client: Client) -> Client:
    """The page cache emptied, so that the view runs (and fails) again."""
    from django.core.cache import caches

    caches["pages"].clear()
    return client


def server_error(client: Client):
    import portal.views

    uncached(client)
    with mock.patch.object(portal.views, "render", side_effect=RuntimeError("boom")):
        return client.get(reverse("about"))


def database_down(client: Client):
    import portal.views

    uncached(client)
    with mock.patch.object(portal.views, "render", side_effect=OperationalError("connection refused")):
        return client.get(reverse("about"))


def standalone_not_found(client: Client):
    from zhujing_center import errors

    with mock.patch.object(errors, "_staff_without_code", side_effect=OperationalError("connection refused")):
        return client.get("/no-such-page/")


def draft_not_found_for_staff(client: Client):
    client.force_login(staff_user())
    return client.get(reverse("services:detail", kwargs={"slug": "no-such-service"}))


# More states of the pages: searches, empty results, forms with errors, each step of the sign-in, the errors.
LOGIN = "/admin/account/login/"
VARIANTS: list[Page] = [
    Page("search", "services:list", "/services/?q=血压"),
    Page("search by initials", "services:list", "/services/?q=xy"),
    Page("search without results", "services:list", "/services/?q=zzzzqq"),
    Page("catalogue, page 2", "services:list", "/services/?page=2"),
    Page("catalogue, open now and free", "services:list", "/services/?open=on&free=on"),
    Page("feedback with errors", "feedback:service", f"/feedback/service/{SERVICE}/?errors", draw=feedback_with_errors),
    Page(
        "feedback too often",
        "feedback:service",
        f"/feedback/service/{SERVICE}/?429",
        status=429,
        draw=feedback_too_often,
    ),
    Page("site 404", "", "/no-such-page/", status=404),
    Page("404, staff without a code", "", "/services/no-such-service/", status=404, draw=draft_not_found_for_staff),
    Page("kiosk: letters without results", "kiosk:letters", "/kiosk/letters/zzz/", kind="kiosk"),
    Page("sign-in: wrong password", "two_factor:login", f"{LOGIN}?wrong", kind="staff", draw=wrong_password),
    Page("sign-in: the code", "two_factor:login", f"{LOGIN}?code", kind="staff", draw=code_step),
    Page("sign-in: wrong code", "two_factor:login", f"{LOGIN}?wrong-code", kind="staff", draw=wrong_code),
    Page("sign-in: a backup code", "two_factor:login", f"{LOGIN}?backup", kind="staff", draw=backup_step),
    Page("sign-in: locked out", "two_factor:login", f"{LOGIN}?locked", kind="staff", status=429, draw=locked_out),
    Page(
        "two-factor setup: QR code",
        "two_factor:setup",
        "/admin/account/two_factor/setup/?qr",
        kind="staff",
        draw=setup_qr,
    ),
    Page("400", "", "/400", kind="error", status=400, draw=bad_request),
    Page("400 in the admin", "", "/admin/400", kind="error", status=400, draw=bad_request_in_admin),
    Page("403 in the admin", "", "/admin/403", kind="error", status=403, draw=permission_denied),
    Page("403 CSRF", "", "/feedback/403", kind="error", status=403, draw=csrf_refused),
    Page("404 without the database", "", "/404", kind="error", status=404, draw=standalone_not_found),
    Page("500", "", "/500", kind="error", status=500, draw=server_error),
    Page("503", "", "/503", kind="error", status=503, draw=database_down),
]
# Named addresses whose plain GET is not the page: the admin's login sends staff on to two_factor's, and
# two_factor's own pages send a visitor who is not signed in to the sign-in.
DRAWN = {
    "admin:login": lambda client: client.get(reverse("admin:login"), follow=True),
    "two_factor:setup": signed_in("/admin/account/two_factor/setup/", verified=False, superuser=False, device=False),
    "two_factor:setup_complete": signed_in("/admin/account/two_factor/setup/complete/"),
    "two_factor:backup_tokens": signed_in("/admin/account/two_factor/backup/tokens/"),
    "two_factor:profile": signed_in("/admin/account/two_factor/"),
    "two_factor:disable": signed_in("/admin/account/two_factor/disable/"),
}
# Pages other helpers are adding; checked as soon as their address exists (no name needed here).
COMING = [
    Page("search everything: 厕所", "", "/search/?q=厕所"),
    Page("search everything: 喝水", "", "/search/?q=喝水"),
    Page("search everything without results", "", "/search/?q=zzzzqq"),
    Page("search everything: 临源 (service points, 离…最近的服务站)", "", "/search/?q=临源"),
]


# Named addresses that reverse() cannot write as a page (the kiosk's catch-all 404): the address to open.
ADDRESSES: dict[str, tuple[str, int]] = {"kiosk:not_found": ("/kiosk/no-such-page/", 404)}


def is_excluded(url_name: str) -> bool:
    return url_name in EXCLUDED or (url_name.partition(":")[0] in EXCLUDED_NAMESPACES and url_name != "admin:login")


def pages_to_check() -> list[Page]:
    """Every page type: each checked named address once (a sample for those with arguments), then VARIANTS."""
    pages: list[Page] = []
    seen: set[str] = set()
    for url_name, _namespace, _pattern in named_patterns():
        if not url_name or url_name in seen or is_excluded(url_name):
            continue
        seen.add(url_name)
        if url_name in ADDRESSES:
            path, status = ADDRESSES[url_name]
            pages.append(Page(url_name, url_name, path, kind_of(url_name), status))
            continue
        paths = []
        with contextlib.suppress(NoReverseMatch):  # an address with arguments
            paths.append(reverse(url_name))
        if url_name in SAMPLES:
            paths.append(reverse(url_name, kwargs=SAMPLES[url_name]))
        for path in paths:
            label = url_name if len(paths) == 1 else f"{url_name} ({path})"
            pages.append(Page(label, url_name, path, kind_of(url_name), draw=DRAWN.get(url_name)))
    pages += VARIANTS
    for page in COMING:
        try:
            resolve(page.path.partition("?")[0])
        except Resolver404:
            continue
        pages.append(page)
    return pages


@pytest.fixture
def site(transactional_db):
    """The sample catalogue, heritage collection, this week's activities and a notice, committed."""
    load_sample()


def client_in(mode: str) -> Client:
    client = Client(raise_request_exception=False)
    if mode == "large":
        client.cookies["display"] = "large"
    return client


def draw(page: Page, mode: str):
    """The page as the server sends it, drawn by the test client (in 长辈模式 when ``mode`` is "large")."""
    client = client_in(mode)
    response = page.draw(client) if page.draw else client.get(page.path)
    problem = ""
    if response.status_code != page.status:
        problem = f"answered {response.status_code}, not {page.status}"
    elif not response["Content-Type"].startswith("text/html"):
        problem = f"is {response['Content-Type']}, not HTML"
    elif mode == "large" and 'class="large-text"' not in response.content.decode()[:500]:
        problem = "is not in 长辈模式 with the display cookie"
    return response, problem


# ------------------------------------------------------------------ the list of pages itself


def test_every_named_address_is_checked_or_excluded_with_a_reason():
    checked = {page.url_name for page in pages_to_check()}
    unknown = []
    for url_name, namespace, pattern in named_patterns():
        if not url_name and namespace not in EXCLUDED_NAMESPACES:
            unknown.append(f"an unnamed address {pattern.pattern} ({pattern.lookup_str}): name it")
        elif url_name and url_name not in checked and not is_excluded(url_name):
            unknown.append(f"{url_name}: add a sample to SAMPLES, or a reason to EXCLUDED")
    assert unknown == [], "\n".join(unknown)
    assert set(SAMPLES) <= url_names(), "a sample of an address that is gone"
    assert set(EXCLUDED) <= url_names(), "an exclusion of an address that is gone"


def test_the_public_pages_kiosk_pages_sign_in_and_error_pages_are_all_in_the_list():
    pages = pages_to_check()
    kinds = {kind: [page for page in pages if page.kind == kind] for kind in ("public", "kiosk", "staff", "error")}
    assert len(kinds["public"]) >= 20 and len(kinds["kiosk"]) >= 10 and len(kinds["staff"]) >= 10
    assert {page.status for page in kinds["error"]} == {400, 403, 404, 500, 503}
    assert {"/", "/services/", "/venues/", "/activities/", "/heritage/", "/about/", "/open-data/"} <= {
        page.path for page in pages
    }


# ------------------------------------------------------------------ the W3C Nu HTML checker


def run_vnu(files: list[Path]) -> list[dict]:
    """The Nu checker's errors in ``files``, from one run of vnu.jar."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: install a Java runtime (.ci/run installs default-jre-headless).")
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `npm ci --prefix tests/browser` (make test does it).")
    command = [java, "-Xss4m", "-jar", str(VNU), "--format", "json", "--errors-only", "--stdout"]
    done = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=300)
    if not done.stdout.strip():
        pytest.fail(f"vnu.jar gave no report (exit {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)["messages"]


def test_the_nu_html_checker_finds_no_error_on_any_page_type(site, tmp_path):
    labels: dict[str, str] = {}
    files, problems = [], []
    for page in pages_to_check():
        for mode in page.modes:
            response, problem = draw(page, mode)
            label = f"{page.label} [{mode}] {page.path}"
            if problem:
                problems.append(f"{label} {problem}")
                continue
            file = tmp_path / f"page-{len(files):03d}.html"
            file.write_bytes(response.content)
            files.append(file)
            labels[file.name] = label
    assert problems == [], "\n".join(problems)
    errors = []
    for message in run_vnu(files):
        url = message.get("url", "?")
        where = labels.get(url.rpartition("/")[2], url)
        line = message.get("lastLine", "?")
        extract = (message.get("extract") or "").strip().replace("\n", " ")[:160]
        errors.append(f"{where}, line {line}: {message.get('message')}  «{extract}»")
    print(f"Nu HTML checker: {len(files)} pages, {len(errors)} error(s)")
    assert errors == [], "\n".join(errors)


# ------------------------------------------------------------------ axe-core, best practices included


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (options) => (await axe.run(document, options)).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': '
                                               + n.failureSummary.replace(/\\s+/g, ' '))}))""",
        AXE_OPTIONS,
    )


def axe_findings(browser, live_server, pages: list[Page], mode: str) -> list[str]:
    """axe-core's violations on ``pages`` in ``mode``, one context and page reused for all of them."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/browser` (make test does it).")
    viewport = KIOSK if mode == "kiosk" else PHONE
    context = browser.new_context(
        viewport=viewport,
        device_scale_factor=1 if mode == "kiosk" else 2,
        is_mobile=mode != "kiosk",
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        bypass_csp=True,  # axe goes into the page as an inline script, which the site's policy (rightly) forbids
    )
    if mode == "large":
        context.add_cookies([{"name": "display", "value": "large", "url": live_server.url}])
    tab = context.new_page()
    findings = []
    try:
        for page in pages:
            label = f"{page.label} [{mode}] {page.path}"
            url = live_server.url + page.path
            if page.draw:
                response, problem = draw(page, mode)
                if problem:
                    findings.append(f"{label} {problem}")
                    continue
                headers = {"Content-Type": response["Content-Type"]}

                def here(address, url=url):
                    return address == url

                def fulfil(route, *, response=response, headers=headers):
                    route.fulfill(status=response.status_code, headers=headers, body=response.content)

                tab.route(here, fulfil)
                answer = tab.goto(url)
                tab.unroute(here)
            else:
                answer = tab.goto(url)
            if answer is None or answer.status != page.status:
                findings.append(f"{label} answered {answer and answer.status}, not {page.status}")
                continue
            for violation in run_axe(tab):
                nodes = "\n      ".join(violation["nodes"])
                findings.append(
                    f"{label}: {violation['id']} ({violation['impact']}) {violation['help']}\n      {nodes}"
                )
    finally:
        context.close()
    print(f"axe [{mode}]: {len(pages)} pages, {len(findings)} finding(s)")
    return findings


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["standard", "large"])
def test_axe_finds_nothing_on_a_phone_best_practices_included(browser, live_server, site, mode):
    pages = [page for page in pages_to_check() if mode in page.modes and page.kind != "kiosk"]
    findings = axe_findings(browser, live_server, pages, mode)
    assert findings == [], "\n".join(findings)


@pytest.mark.browser
def test_axe_finds_nothing_on_the_kiosk_best_practices_included(browser, live_server, site):
    pages = [page for page in pages_to_check() if page.kind == "kiosk"]
    findings = axe_findings(browser, live_server, pages, "kiosk")
    assert findings == [], "\n".join(findings)
