"""A first list of search synonyms: how residents say what the centre's pages call otherwise.

Language, not facts about the centre: words that mean the same to someone searching. Staff add, change
and remove groups in the admin (搜索同义词); a typed word widens to its group (厕所 → 卫生间, 洗手间),
so nothing else needs rebuilding. Only added where no group with the same words exists.
"""

from django.db import migrations

GROUPS = [
    ("厕所 卫生间 洗手间 公厕 公共厕所", "找厕所的常见说法"),
    ("喝水 饮水 热水 开水 饮用水 茶水", "找饮水机、茶水的常见说法"),
    ("充电 充电宝 充电插座 充电器 充电线 手机充电", "给手机充电"),
    ("吃饭 用餐 就餐 助餐 早餐 午餐 晚餐 食堂 饭堂", "吃饭、老年助餐"),
    ("热饭 加热 微波炉", "自带饭菜加热"),
    ("休息 歇脚 歇息 坐一坐", "找地方坐下休息"),
    ("上网 wifi 无线网络 无线网", "无线上网"),
    ("母婴室 哺乳室 喂奶 哺乳 换尿布", "带宝宝的家长"),
    ("老人 老年人 长者 长辈 老年 老同志", "居民对老年人的说法"),
    ("小孩 儿童 孩子 少儿 小朋友", "居民对孩子的说法"),
    ("看病 就医 问诊 看医生", "健康和医疗"),
    ("医保 医疗保险", "医保的全称"),
    ("社保 社会保险", "社保的全称"),
    ("养老金 退休金 退休工资", "养老金的常见说法"),
    ("找工作 求职 就业 招聘 工作岗位", "就业服务"),
    ("律师 法律咨询 法律服务 法律援助", "法律服务"),
    ("纠纷 调解 矛盾", "人民调解"),
    ("心理咨询 心理辅导 谈心 心理疏导", "心理咨询"),
    ("看书 读书 借书 阅读 图书", "图书馆"),
    ("跳舞 舞蹈 广场舞", "舞蹈排练"),
    ("健身 锻炼 运动", "健身"),
    ("维修 修理 修东西", "便民维修"),
    ("存包 寄存 储物", "寄存物品"),
    ("电梯 升降梯 直梯", "找电梯"),
    ("停车 停车场 车位 泊车", "停车"),
]


def add(apps, schema_editor):
    Synonym = apps.get_model("services", "Synonym")
    existing = set(Synonym.objects.values_list("words", flat=True))
    Synonym.objects.bulk_create(Synonym(words=words, note=note) for words, note in GROUPS if words not in existing)


def remove(apps, schema_editor):
    Synonym = apps.get_model("services", "Synonym")
    Synonym.objects.filter(words__in=[words for words, _ in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0012_rebuild_search_text")]

    operations = [migrations.RunPython(add, remove)]
