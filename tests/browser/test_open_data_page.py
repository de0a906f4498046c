"""The /open-data/ page in a real browser: it fits a phone and loads nothing from elsewhere."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_catalogue(transactional_db):
    """The sample catalogue, committed so the live server's thread can read it."""
    call_command("loaddata", "catalogue", verbosity=0)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_open_data_page_fits_a_phone(phone, live_server, live_catalogue):
    page = phone
    page.goto(live_server.url + "/open-data/")
    assert page.locator("h1").inner_text() == "开放数据"
    assert no_sideways_scroll(page)
    csv_link = page.get_by_role("link", name="服务目录表格（CSV）")
    assert csv_link.get_attribute("href") == "/open-data/catalogue.csv"
    assert page.request.get(live_server.url + "/open-data/catalogue.csv").status == 200


@pytest.mark.parametrize("width", [320, 390])
def test_open_data_page_fits_narrow_screens(browser, live_server, live_catalogue, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/open-data/")
    assert no_sideways_scroll(page), width
    context.close()
