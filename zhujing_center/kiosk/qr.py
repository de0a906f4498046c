"""QR codes that hand a kiosk page over to the visitor's phone: the same page on the public site."""

import segno
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def qr_svg(url: str) -> SafeString:
    """``url`` as an inline SVG QR code, sized by CSS (no width/height, no style attributes)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        lineclass="qr-line",
        title=_("二维码"),
    )
    # Safe: segno builds the SVG from the encoded modules; the only text is our own escaped title.
    return mark_safe(svg)


def handoff(request: HttpRequest, obj) -> dict:
    """Context for ``kiosk/includes/qr.html``: the public page of ``obj`` (anything with ``get_absolute_url``)."""
    url = request.build_absolute_uri(obj.get_absolute_url())
    return {"qr_url": url, "qr_svg": qr_svg(url)}
