"""A room's page: its first services as cards, and a link to all of them in the catalogue."""

import pytest

from tests.factories import make_service, make_venue
from venues.views import ROOM_CARDS

pytestmark = pytest.mark.django_db


def test_a_busy_room_shows_its_first_cards_and_links_to_all(client):
    hall = make_venue(name="大厅", slug="hall")
    for index in range(ROOM_CARDS + 3):
        make_service(name=f"窗口服务{index:02}", slug=f"window-{index}", venues=(hall,), sort_order=index)
    html = client.get("/venues/hall/").content.decode()
    assert html.count('class="card service-card"') == ROOM_CARDS
    assert f"查看这里的全部 {ROOM_CARDS + 3} 项服务" in html and 'href="/services/?venue=hall"' in html
    catalogue = client.get("/services/?venue=hall").content.decode()
    assert f"共 {ROOM_CARDS + 3} 项服务" in catalogue


def test_a_quiet_room_shows_every_service_and_no_link(client):
    room = make_venue(name="母婴室", slug="mother-baby")
    make_service(name="母婴室使用", slug="use", venues=(room,))
    html = client.get("/venues/mother-baby/").content.decode()
    assert html.count('class="card service-card"') == 1 and "查看这里的全部" not in html
