"""Small helpers shared by the open-data tests."""

import datetime as dt

from services.models import Service
from venues.models import Venue
from zhujing_center.models import Centre


def newest_update() -> dt.datetime:
    """The newest ``updated_at`` of any service, room or the centre's record: the data's last change."""
    return max(model.objects.latest("updated_at").updated_at for model in (Service, Venue, Centre))


def get_json(client, url: str, status: int = 200):
    """The JSON of a GET answered with ``status`` and ``Content-Type: application/json``."""
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json", url
    return response.json()
