"""A resident finds things with the home page's search box, on a phone, in both display modes.

They type what they would say — 厕所, 喝水, or the initials xy for 血压 — submit, and see the rooms with their
floor (or the blood-pressure check first, the letters that matched marked), and open one. Typing their
residential area (临源) finds its service point of the 15-minute circle, which they tap to open.
"""

import importlib

import pytest
from django.apps import apps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(committed_sample):
    """The sample, and the synonym groups the migration seeds (a flushed test database has lost them)."""
    importlib.import_module("services.migrations.0013_sample_synonyms").add(apps, None)


@pytest.fixture(params=["standard", "large"])
def resident(request, phone, live_server, world):
    """The phone on the home page, in the display mode the resident chose with the header's link."""
    phone.goto(live_server.url + "/")
    if request.param == "large":
        with phone.expect_navigation():
            phone.get_by_role("link", name="长辈模式").click()
        assert phone.locator("html.large-text").count() == 1
    return phone


def search_from_home(page, typed: str) -> None:
    """Type into the home page's search box (found by its label) and press its button."""
    page.get_by_label("搜索服务、场所和活动").fill(typed)
    with page.expect_navigation():
        page.get_by_role("button", name="搜索").click()
    assert page.locator("h1").inner_text() == f"搜索“{typed}”"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def rooms_found(page) -> list[tuple[str, str]]:
    """(name, floor) of each room listed under 场所和设施."""
    cards = page.locator("#found-rooms .card")
    return [
        (cards.nth(i).locator(".card-title").inner_text(), cards.nth(i).locator(".floor").inner_text())
        for i in range(cards.count())
    ]


def test_the_toilets_are_found_with_their_floors_and_one_opens(resident):
    page = resident
    search_from_home(page, "厕所")
    found = rooms_found(page)
    # The sample's toilets are named 卫生间: the synonym finds them, by name, first, floor by floor.
    toilets = [(name, floor) for name, floor in found if name.endswith("卫生间")]
    assert toilets and found[: len(toilets)] == toilets, found
    assert [floor for _, floor in toilets] == sorted(floor for _, floor in toilets)
    assert all(floor.endswith("楼") for _, floor in toilets)
    assert page.locator("#found-rooms .card-title mark").first.inner_text() == "卫生间"
    name, floor = toilets[0]
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()
    assert page.locator("h1").inner_text() == name
    assert floor in page.locator("main").inner_text()


def test_drinking_water_is_found_in_the_facilities_and_one_opens(resident):
    page = resident
    search_from_home(page, "喝水")
    found = rooms_found(page)
    assert len(found) >= 3 and all(floor for _, floor in found), found
    # Each room says which of its facilities gives water; none of them says 喝水, the resident's word.
    lines = page.locator("#found-rooms .found-lines li").all_inner_texts()
    assert lines and all(any(word in line for word in ("饮水", "热水", "开水", "茶水")) for line in lines), lines
    assert page.locator("#found-rooms .found-lines mark").count() >= len(found) - 1
    name, floor = found[0]
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()
    assert page.locator("h1").inner_text() == name
    assert floor in page.locator("main").inner_text()


def test_initials_find_the_blood_pressure_check_first_with_the_match_marked(resident):
    page = resident
    search_from_home(page, "xy")
    first = page.locator("#found-services .service-card").first
    assert first.locator(".card-title").inner_text() == "免费测量血压"
    assert first.locator(".card-title mark").inner_text() == "血压"
    # The next cards matched in their keywords, not their names: each says so, the letters marked.
    second = page.locator("#found-services .service-card").nth(1)
    assert second.locator(".card-title mark").count() == 0
    assert second.locator(".card-reason mark").count() >= 1
    assert second.locator(".reason-label").inner_text().startswith("关键词")
    with page.expect_navigation():
        first.locator(".card-title a").click()
    assert page.locator("h1").inner_text() == "免费测量血压"


def test_a_residential_area_finds_its_service_point_and_one_opens(resident):
    page = resident
    search_from_home(page, "临源")
    group = page.locator("#found-points")
    assert group.locator("h2").inner_text().startswith("服务站点")
    cards = group.locator(".found-point")
    names = cards.locator(".card-title").all_inner_texts()
    assert "临源二村居民区党群服务站" in names, names
    card = cards.nth(names.index("临源二村居民区党群服务站"))
    # Each card says what kind of point it is, where, and whether it is open now, as a room's does.
    assert card.locator(".point-kind").inner_text() == "居民区党群服务站"
    assert "临源二村" in card.locator(".where").inner_text()
    assert card.locator(".open-badge").inner_text()
    assert card.locator(".card-title mark").first.inner_text() == "临源"
    # The areas typed lead to their nearest points too.
    nearest = group.get_by_role("link", name="离临源二村最近的服务站")
    assert nearest.get_attribute("href") == "/circle/?area=linyuan-2"
    box = card.locator(".card-title a").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390  # on the screen, nothing to scroll sideways
    with page.expect_navigation():
        card.locator(".card-title a").tap()
    assert page.locator("h1").inner_text() == "临源二村居民区党群服务站"
    assert page.url.endswith("/circle/linyuan-2-station/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
