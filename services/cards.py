"""Service cards of list pages, each cached (per service, minute and search words) until an edit.

A list page queries only which services it shows, in which order (``for_cards``); the cards come
from the cache in one round trip, and those missing are loaded together, with everything a card
shows (``for_listing``), and rendered. Constant queries, whatever the page size.
"""

from __future__ import annotations

from typing import NamedTuple

from django.http import HttpRequest
from django.template.loader import get_template
from django.utils.safestring import SafeString

from zhujing_center import fragments

from .models import Service

TEMPLATE = "includes/service_card.html"


class Card(NamedTuple):
    service: Service  # as loaded for the list: enough to group by category
    html: SafeString


def cards(request: HttpRequest | None, services, q: str = "") -> list[Card]:
    services = list(services)
    minute = fragments.minute()
    template = get_template(TEMPLATE)

    def render_missing(missing: list[Service]) -> list[str]:
        full = Service.objects.for_listing().in_bulk([service.pk for service in missing])
        # A service deleted between the two queries shows no card (the next request will not list it).
        return [
            template.render({"service": full[service.pk], "q": q}) if service.pk in full else "" for service in missing
        ]

    htmls = fragments.cached_many(
        request, "service-card", services, lambda service: (service.pk, minute, q), render_missing
    )
    return [Card(service, html) for service, html in zip(services, htmls, strict=True)]
