"""A place's coordinates in the admin: stored in WGS-84, entered as staff find them.

Staff read a position off 高德地图 (GCJ-02, about 500 m from WGS-84 in Shanghai). The form takes that
in one extra box, "从高德地图复制的坐标", and converts it into the model's WGS-84 ``latitude`` and
``longitude`` (``geo.from_gcj02``); those two stay editable for a position from a phone's GPS.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import geo
from .admin_base import VersionCheckForm

AMAP_FIELD = "amap_position"


class CoordinatesForm(VersionCheckForm):
    """A change form with ``latitude``/``longitude`` (WGS-84) and the 高德 box that fills them."""

    amap_position = forms.CharField(
        label=_("从高德地图复制的坐标"),
        required=False,
        max_length=60,
        help_text=_(
            "在高德地图上长按这个地方，复制显示的经纬度（例如 121.165300,30.894500）粘贴在这里，"
            "保存时会换算好填进下面的纬度、经度。已经填好的纬度、经度不用动这一栏。"
        ),
    )

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get(AMAP_FIELD) or "").strip()
        if not text:
            return cleaned
        try:
            position = geo.parse_map_position(text)
        except ValueError as error:
            self.add_error(AMAP_FIELD, str(error))
            return cleaned
        cleaned["latitude"], cleaned["longitude"] = geo.rounded(geo.from_gcj02(position))
        for name in ("latitude", "longitude"):
            self.errors.pop(name, None)
        # What was pasted is now in the two fields: the form redrawn after a refused save shows them.
        self.data = self.data.copy()
        self.data[self.add_prefix(AMAP_FIELD)] = ""
        for name in ("latitude", "longitude"):
            self.data[self.add_prefix(name)] = str(cleaned[name])
        return cleaned
