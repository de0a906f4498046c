"""QR codes that hand a kiosk page over to the visitor's phone: the same page on the public site."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from zhujing_center.qr import qr_svg


def handoff(request: HttpRequest, obj) -> dict:
    """Context for ``kiosk/includes/qr.html``: the public page of ``obj`` (anything with ``get_absolute_url``)."""
    return handoff_path(request, obj.get_absolute_url())


def handoff_path(request: HttpRequest, path: str) -> dict:
    """As ``handoff``, for a public page given by its path (and query string)."""
    url = request.build_absolute_uri(path)
    return {"qr_url": url, "qr_svg": qr_svg(url, _("二维码"), "qr-code")}
