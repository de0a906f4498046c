"""Links that open the common Chinese map apps at the centre's address ("怎么去").

Plain outbound links the resident taps: the page itself requests nothing from these sites.
Each service's web page offers to open its app when installed, and shows the map otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

# Where searches are looked up (the address alone is not always enough for a nationwide search).
CITY = "上海"
# Who is asking: Tencent's URI API wants a "referer" naming the calling site.
SOURCE = "zhujing-fuwu"


@dataclass(frozen=True)
class MapLink:
    key: str
    label: str
    url: str


def map_links(address: str) -> list[MapLink]:
    """Amap (高德), Baidu and Tencent links for ``address``; none when there is no address."""
    address = (address or "").strip()
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
