"""Small helpers shared by the open-data tests."""

import datetime as dt

from services.models import Service
from venues.models import Venue


def newest_update() -> dt.datetime:
    """The newest ``updated_at`` of any service or room: the data's last change."""
    return max(Service.objects.latest("updated_at").updated_at, Venue.objects.latest("updated_at").updated_at)


def get_json(client, url: str, status: int = 200):
    """The JSON of a GET answered with ``status`` and ``Content-Type: application/json``."""
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json", url
    return response.json()
