"""Sample values for the centre's new fields: when its help line is answered, what works when it is not,
where it is on the map, its bus stops and parking. All are plausible sample content that staff correct in
the admin (中心信息); the coordinates are approximate (GCJ-02, near 朱泾镇人民路360号) and must be checked."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

AFTER_HOURS = "\n".join(
    [
        "爱心接力站（一楼北侧，临街单独出入口）24小时开放，“一网通办”、社保查询和办事指南自助机随时可以用。",
        "政务咨询、投诉建议请拨打 12345 市民服务热线（24小时）。",
        "紧急情况请拨打 110（报警）、120（急救）、119（火警）。",
    ]
)
BUS_STOPS = "\n".join(
    [
        "人民路站（朱泾1路、朱泾3路）：下车向东步行约150米，到中心正门。",
        "朱泾汽车站（金山11路、金山14路等）：下车沿人民路向北步行约600米。",
    ]
)
PARKING = "\n".join(
    [
        "中心东侧地面停车场，约40个车位，来中心办事、参加活动免费停放。",
        "正门坡道旁有2个无障碍停车位。",
        "电动自行车和自行车请停在正门西侧的非机动车棚，棚内有充电桩。",
    ]
)
# Every day 08:30–20:30, as the centre's opening hours say (sample).
PHONE_HOURS = [(weekday, dt.time(8, 30), dt.time(20, 30)) for weekday in range(7)]


def fill(apps, schema_editor):
    Centre = apps.get_model("zhujing_center", "Centre")
    CentrePhoneHours = apps.get_model("zhujing_center", "CentrePhoneHours")
    centre = Centre.objects.order_by("pk").first()
    if centre is None:
        return
    if centre.latitude is None and centre.longitude is None:
        centre.latitude, centre.longitude = Decimal("30.894500"), Decimal("121.165000")
    centre.after_hours_help = centre.after_hours_help or AFTER_HOURS
    centre.bus_stops = centre.bus_stops or BUS_STOPS
    centre.parking = centre.parking or PARKING
    centre.save(update_fields=["latitude", "longitude", "after_hours_help", "bus_stops", "parking"])
    if not CentrePhoneHours.objects.filter(centre=centre).exists():
        CentrePhoneHours.objects.bulk_create(
            CentrePhoneHours(centre=centre, weekday=weekday, opens=opens, closes=closes)
            for weekday, opens, closes in PHONE_HOURS
        )


class Migration(migrations.Migration):
    dependencies = [("zhujing_center", "0004_centre_phone_hours_and_directions")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
