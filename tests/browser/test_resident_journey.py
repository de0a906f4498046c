"""A resident on a phone, in a real browser: find a service from the home page, open its room."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import KIOSK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sample(transactional_db):
    call_command("loaddata", "catalogue", verbosity=0)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_find_blood_pressure_check_and_its_room(phone, live_server, sample):
    page = phone
    page.goto(live_server.url + "/")
    assert no_sideways_scroll(page)
    page.get_by_role("link", name="健康服务").first.click()
    page.get_by_role("link", name="免费测量血压").click()
    assert page.locator("h1").inner_text() == "免费测量血压"
    assert page.locator("a[href^='tel:']").count() >= 2
    assert "开放" in page.locator(".facts .open-badge").inner_text() or "关闭" in page.locator(".facts").inner_text()
    assert no_sideways_scroll(page)
    page.get_by_role("link", name="智慧健康驿站").first.click()
    assert page.locator("h1").inner_text() == "智慧健康驿站"
    assert page.locator("table.week-hours tr").count() == 7
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("path", ["/", "/services/", "/venues/", "/venues/relay-station/", "/no-such-page/"])
def test_pages_fit_a_phone_and_a_kiosk_screen(browser, live_server, sample, path):
    for viewport in ({"width": 390, "height": 844}, {"width": 320, "height": 640}, KIOSK):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(live_server.url + path)
        assert no_sideways_scroll(page), (path, viewport)
        assert page.locator("h1").count() == 1
        context.close()


def test_a_busy_rooms_page_leads_to_all_its_services(phone, live_server, transactional_db):
    """A room with more services than its page shows: the link opens the catalogue filtered by that room."""
    from tests.factories import make_service, make_venue
    from venues.views import ROOM_CARDS

    hall = make_venue(name="办事大厅", slug="hall")
    for index in range(ROOM_CARDS + 3):
        make_service(name=f"窗口服务{index:02}", slug=f"window-{index}", venues=(hall,), sort_order=index)
    page = phone
    page.goto(live_server.url + "/venues/hall/")
    assert page.locator(".service-card").count() == ROOM_CARDS
    with page.expect_navigation():
        page.get_by_role("link", name=f"查看这里的全部 {ROOM_CARDS + 3} 项服务").click()
    assert page.url.endswith("/services/?venue=hall")
    assert f"共 {ROOM_CARDS + 3} 项服务" in page.locator(".result-count").inner_text()
    assert page.locator("select#id_venue").input_value() == "hall"
    assert no_sideways_scroll(page)
