"""The centre's one record, with what the source article states (phone and hours are sample data)."""

from django.db import migrations

BODIES = [
    ("镇社区党群服务中心", "统筹党建引领下的各项服务"),
    ("新时代文明实践分中心", "志愿服务与文明实践活动"),
    ("社区事务受理服务中心", "社保、医保、户籍证明等政务事项办理"),
    ("社区文化活动中心", "文化、体育和非遗活动"),
    ("社区生活服务中心", "助餐、维修等生活服务"),
    ("社区卫生服务中心", "家庭医生、健康检测与咨询"),
]


def create(apps, schema_editor):
    Centre = apps.get_model("zhujing_center", "Centre")
    CentreBody = apps.get_model("zhujing_center", "CentreBody")
    if Centre.objects.exists():
        return
    centre = Centre.objects.create(
        name="金山区朱泾镇社区党群服务中心",
        short_name="泾彩服务",
        address="上海市金山区朱泾镇人民路360号",
        phone="021-57310360",
        hours="周一至周日 08:30–20:30（各场所时间以场所页面为准）",
        introduction=(
            "中心于2023年7月6日焕新开放，将23处原办公室、储藏室和设备间改造为居民活动空间，面积5000平方米，"
            "集“党务+政务+服务”于一体。“360党群‘泾’服务”资源库有六大类80项服务，"
            "打造家门口的“15分钟党群服务圈”，重点关注“一老一小”和新就业群体。"
        ),
    )
    for order, (name, description) in enumerate(BODIES):
        CentreBody.objects.create(centre=centre, name=name, description=description, sort_order=order)


class Migration(migrations.Migration):
    dependencies = [("zhujing_center", "0001_centre")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
