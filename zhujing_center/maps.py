"""Links that open the common Chinese map apps at the centre ("怎么去").

Plain outbound links the resident taps: the page itself requests nothing from these sites.
Each service's web page offers to open its app when installed, and shows the map otherwise.

With a place's coordinates (stored in WGS-84, see ``zhujing_center.geo``; each link is given them in
GCJ-02 — the datum Amap and Tencent draw on, and Baidu accepts with ``coord_type=gcj02``) each link
drops a pin there, labelled with the place's name; without them, each app searches the address as
text. Their public URI APIs:

- 高德 ``https://uri.amap.com/marker?position=<lng>,<lat>&name=…&coordinate=gaode``
- 百度 ``https://api.map.baidu.com/marker?location=<lat>,<lng>&title=…&content=…&coord_type=gcj02&output=html``
- 腾讯 ``https://apis.map.qq.com/uri/v1/marker?marker=coord:<lat>,<lng>;title:…;addr:…``
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _

from . import geo

# Where searches are looked up (the address alone is not always enough for a nationwide search).
CITY = "上海"
# Who is asking: Tencent's URI API wants a "referer" naming the calling site, Baidu's a "src".
SOURCE = "zhujing-fuwu"
BAIDU_SOURCE = "webapp.zhujing.fuwu"


@dataclass(frozen=True)
class MapLink:
    key: str
    label: str
    url: str


def map_links(place, coordinates: tuple[Decimal, Decimal] | None = None, name: str = "") -> list[MapLink]:
    """Amap (高德), Baidu and Tencent links for ``place``: an address, or a record (the centre's, a service
    point's: anything with ``address``, ``name`` and ``coordinates``). A pin at ``coordinates`` (WGS-84)
    labelled ``name`` when they are known, else a search for the address; none without either."""
    if hasattr(place, "address"):
        address = place.address
        coordinates = coordinates or getattr(place, "coordinates", None)
        name = name or getattr(place, "name", "")
    else:
        address = place
    address, name = (address or "").strip(), (name or "").strip()
    if coordinates is not None:
        return pin_links(coordinates, name or address, address)
    if not address:
        return []
    return [
        MapLink(
            "amap",
            _("高德地图"),
            "https://uri.amap.com/search?" + urlencode({"keyword": address, "city": CITY, "src": SOURCE}),
        ),
        MapLink(
            "baidu",
            _("百度地图"),
            "https://api.map.baidu.com/geocoder?" + urlencode({"address": address, "output": "html", "src": SOURCE}),
        ),
        MapLink(
            "tencent",
            _("腾讯地图"),
            "https://apis.map.qq.com/uri/v1/search?"
            + urlencode({"keyword": address, "region": CITY, "referer": SOURCE}),
        ),
    ]


def pin_links(coordinates: tuple[Decimal, Decimal], title: str, address: str = "") -> list[MapLink]:
    """Links that open each app with a pin at ``coordinates`` (WGS-84 latitude, longitude), named ``title``."""
    lat, lng = app_degrees(coordinates)
    # Tencent's marker packs its fields into one parameter: its separators must not appear inside them.
    tencent_title, tencent_addr = (text.replace(";", "，").replace(":", "：") for text in (title, address))
    tencent_marker = f"coord:{lat},{lng};title:{tencent_title}" + (f";addr:{tencent_addr}" if tencent_addr else "")
    return [
        MapLink(
            "amap",
            _("高德地图"),
            "https://uri.amap.com/marker?"
            + _query(
                {"position": f"{lng},{lat}", "name": title, "coordinate": "gaode", "callnative": "1", "src": SOURCE}
            ),
        ),
        MapLink(
            "baidu",
            _("百度地图"),
            "https://api.map.baidu.com/marker?"
            + _query(
                {
                    "location": f"{lat},{lng}",
                    "title": title,
                    "content": address or title,
                    "coord_type": "gcj02",
                    "output": "html",
                    "src": BAIDU_SOURCE,
                }
            ),
        ),
        MapLink(
            "tencent",
            _("腾讯地图"),
            "https://apis.map.qq.com/uri/v1/marker?" + _query({"marker": tencent_marker, "referer": SOURCE}),
        ),
    ]


def app_degrees(coordinates: tuple[Decimal, Decimal]) -> tuple[str, str]:
    """WGS-84 ``coordinates`` as the map apps are given them: GCJ-02 latitude and longitude, as text."""
    return tuple(_degrees(value) for value in geo.to_gcj02((float(coordinates[0]), float(coordinates[1]))))


def _degrees(value) -> str:
    """A coordinate with at most six decimals (about 0.1 m), without trailing zeros."""
    text = f"{Decimal(str(value)):.6f}".rstrip("0").rstrip(".")  # str(): a float's shortest form
    return text or "0"


def _query(params: dict[str, str]) -> str:
    # The separators these APIs read inside a value (",", ":", ";") stay as they are; the rest is encoded.
    return urlencode(params, safe=",:;", quote_via=quote)
