"""Tags for the public pages' head and share blocks: QR codes, JSON-LD, map links, absolute addresses.

``{% load page_tags %}`` then
``{% qr_svg url %}``, ``{% absolute_url path %}``, ``{% map_links address as maps %}``,
``{% centre_json_ld %}``, ``{% service_json_ld service %}``, ``{% place_json_ld venue %}``,
``{% event_json_ld activity occurrence audiences %}``.
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from zhujing_center import maps, qr, structured_data

register = template.Library()


@register.simple_tag
def qr_svg(url: str, label: str = "") -> SafeString:
    """``url`` as an inline SVG QR code, named for screen readers."""
    return qr.qr_svg(str(url), label or _("本页二维码"))


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(str(path)) if request is not None else str(path)


@register.simple_tag
def map_links(address: str) -> list[maps.MapLink]:
    return maps.map_links(address)


def _absolute(context):
    request = context["request"]
    return request.build_absolute_uri


@register.simple_tag(takes_context=True)
def centre_json_ld(context, description: str = "") -> SafeString:
    centre = context["centre"]
    return structured_data.to_script(
        structured_data.government_office(
            centre, _absolute(context), description=description, image=context.get("share_image_url", "")
        )
    )


@register.simple_tag(takes_context=True)
def service_json_ld(context, service) -> SafeString:
    return structured_data.to_script(
        structured_data.government_service(service, service.venues.all(), context["centre"], _absolute(context))
    )


@register.simple_tag(takes_context=True)
def place_json_ld(context, venue) -> SafeString:
    photos = list(venue.photos.all())
    image = _absolute(context)(photos[0].src_url) if photos else ""
    return structured_data.to_script(
        structured_data.place(venue, context["centre"], _absolute(context), today=timezone.localdate(), image=image)
    )


@register.simple_tag(takes_context=True)
def event_json_ld(context, activity, occurrence, audiences) -> SafeString:
    image = _absolute(context)(activity.photo.url) if activity.photo else ""
    return structured_data.to_script(
        structured_data.event(activity, occurrence, audiences, context["centre"], _absolute(context), image=image)
    )
