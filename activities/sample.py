"""Sample activities and a notice, dated relative to today (fixed dates in a fixture would go stale).

Plausible sample content in the spirit of what the source article names (Shao-style tuina,
lantern making, guqin, health talks, parent-child reading); staff replace it in the admin.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from heritage.models import HeritageItem
from services.models import Audience
from venues.models import SpecialDay, Venue
from zhujing_center.hours import CENTRE_TZ

from .models import Activity, Booking, Notice, Repeat

PHONE = "021-57310360"

# (slug, title, summary, room, weekday, start, minutes, repeat, audiences, booking, capacity, heritage)
WEEKLY = [
    (
        "taiji-morning",
        "太极拳晨练",
        "老师带练二十四式太极拳，动作舒缓，适合中老年人。",
        "fitness-station",
        0,
        "07:00",
        60,
        Repeat.WEEKLY,
        ["elderly"],
        Booking.NONE,
        "",
        "",
    ),
    (
        "shao-tuina-experience",
        "邵氏推拿体验",
        "传承人现场演示邵氏推拿手法，为居民做肩颈放松。",
        "shao-tuina-studio",
        1,
        "09:30",
        90,
        Repeat.WEEKLY,
        ["elderly"],
        Booking.DESK,
        "每场限12人",
        "shao-tuina",
    ),
    (
        "guqin-beginners",
        "古琴入门课",
        "从坐姿、指法学起，一期学会一首短曲，琴由工作室提供。",
        "guqin-studio",
        1,
        "14:00",
        90,
        Repeat.WEEKLY,
        ["all-residents", "youth"],
        Booking.PHONE,
        "限10人",
        "guqin",
    ),
    (
        "lantern-making",
        "花灯制作体验课",
        "跟传承人扎竹骨、裱彩纸，做一盏朱泾花灯带回家。",
        "lantern-studio",
        5,
        "14:00",
        120,
        Repeat.WEEKLY,
        ["children-families"],
        Booking.PHONE,
        "限8组家庭",
        "zhujing-lantern",
    ),
    (
        "bozishu-listening",
        "钹子书欣赏",
        "听艺人击钹说唱身边的故事，感受金山方言曲艺。",
        "heritage-hall",
        6,
        "14:00",
        60,
        Repeat.WEEKLY,
        ["all-residents", "elderly"],
        Booking.NONE,
        "",
        "bozishu",
    ),
    (
        "health-talk",
        "健康大讲堂",
        "社区医生讲高血压、糖尿病和防跌倒，讲完可现场咨询。",
        "multi-function-hall",
        4,
        "09:30",
        60,
        Repeat.WEEKLY,
        ["elderly"],
        Booking.NONE,
        "约60座",
        "",
    ),
    (
        "parent-child-reading",
        "亲子阅读时光",
        "志愿者带读绘本，孩子和家长一起读、一起讲。",
        "library",
        5,
        "10:00",
        60,
        Repeat.WEEKLY,
        ["children-families"],
        Booking.NONE,
        "",
        "",
    ),
    (
        "after-school-class",
        "四点半课堂",
        "放学后到儿童友好空间写作业，志愿者陪伴辅导。",
        "children-space",
        2,
        "16:30",
        90,
        Repeat.WEEKLY,
        ["children-families"],
        Booking.DESK,
        "限20名小学生",
        "",
    ),
    (
        "calligraphy-practice",
        "书法练习班",
        "老年书法爱好者一起临帖，老师逐一点评。",
        "calligraphy-room",
        3,
        "14:00",
        120,
        Repeat.WEEKLY,
        ["elderly"],
        Booking.NONE,
        "",
        "",
    ),
    (
        "square-dance",
        "广场舞排练",
        "社区舞蹈队排练新曲目，欢迎居民加入。",
        "dance-room",
        2,
        "18:30",
        90,
        Repeat.WEEKLY,
        ["all-residents"],
        Booking.NONE,
        "",
        "",
    ),
    (
        "party-study-day",
        "党员学习日",
        "集中学习、交流心得，流动党员也可参加。",
        "party-room",
        4,
        "14:00",
        90,
        Repeat.FORTNIGHTLY,
        ["party-members"],
        Booking.NONE,
        "",
        "",
    ),
    (
        "rider-tea-talk",
        "骑手茶话会",
        "快递员、外卖骑手歇脚聊天，了解权益保障和就业政策。",
        "relay-station",
        3,
        "20:00",
        60,
        Repeat.FORTNIGHTLY,
        ["new-employment"],
        Booking.NONE,
        "",
        "",
    ),
]


def local(day: dt.date, clock: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), CENTRE_TZ)


@transaction.atomic
def create_sample_activities(today: dt.date | None = None, weeks: int = 8) -> int:
    """Create the sample activities, starting this week and repeating ``weeks`` weeks; returns how many."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    venues = Venue.objects.in_bulk(field_name="slug")
    audiences = Audience.objects.in_bulk(field_name="slug")
    heritage = HeritageItem.objects.in_bulk(field_name="slug")
    created = 0
    for slug, title, summary, room, weekday, clock, minutes, repeat, who, booking, capacity, item in WEEKLY:
        starts_at = local(monday + dt.timedelta(days=weekday), clock)
        activity = Activity.objects.create(
            slug=slug,
            title=title,
            summary=summary,
            description=summary,
            venue=venues[room],
            heritage=heritage.get(item),
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=minutes),
            repeat=repeat,
            repeat_until=monday + dt.timedelta(weeks=weeks, days=6),
            booking=booking,
            booking_phone=PHONE if booking in (Booking.PHONE, Booking.PHONE_OR_DESK) else "",
            capacity=capacity,
        )
        activity.audiences.set([audiences[key] for key in who if key in audiences])
        created += 1
    # A one-off: the winter-solstice gathering ten days from now.
    solstice = local(today + dt.timedelta(days=10), "09:30")
    once = Activity.objects.create(
        slug="winter-dumplings",
        title="冬至包汤圆",
        summary="邻里一起包汤圆、吃汤圆，独居老人优先。",
        description="材料由中心准备，包好的汤圆当场煮来吃，也可以带一份回家。",
        venue=venues["multi-function-hall"],
        starts_at=solstice,
        ends_at=solstice + dt.timedelta(hours=2),
        booking=Booking.DESK,
        capacity="限40人",
    )
    once.audiences.set([audiences[key] for key in ("elderly", "all-residents") if key in audiences])
    return created + 1


@transaction.atomic
def create_sample_notice(today: dt.date | None = None) -> Notice:
    """ "本周六图书馆闭馆", with the matching closure on the library's hours."""
    today = today or timezone.localdate()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    library = Venue.objects.get(slug="library")
    SpecialDay.objects.update_or_create(venue=library, date=saturday, defaults={"closed": True, "reason": "图书盘点"})
    return Notice.objects.create(
        title=f"{saturday.month}月{saturday.day}日（周六）社区图书馆闭馆",
        body="图书盘点，暂停借阅一天；还书可投入一楼大厅还书箱。",
        level=Notice.Level.IMPORTANT,
        starts_at=local(today, "00:00"),
        ends_at=local(saturday + dt.timedelta(days=1), "00:00"),
    )
