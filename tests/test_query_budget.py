"""Each public page makes a small, constant number of SQL queries, whatever the catalogue's size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Activity, Notice
from circle.models import Area, PointSpecialDay, ServicePoint
from heritage.models import HeritageItem
from services import search_index
from services.models import Audience, Category, Service
from tests.factories import make_area, make_point, make_special_day, make_venue
from venues.models import Floor, FloorMark, Venue

pytestmark = pytest.mark.django_db

# The most queries any public page may make on a page-cache miss (sessions and auth add none for anonymous
# visitors). The home page, a room's page and the open-now filter reach it: each list they show is a query
# with its prefetches (services with their rooms, the rooms' hours and special days, own hours; rooms;
# activities with their audiences and closures; notices; categories; the centre).
BUDGET = 14
# The catalogue, a category, a search and a service's page: the count is in the page query, the rooms and
# audiences of the drop-downs are one query.
LIST_BUDGET = 8
LIST_PAGES = ["/services/", "/services/?page=2", "/services/category/cat-0/", "/services/?q=xy", "/services/svc-1/"]
# A search that finds services stays at 8: the synonym groups come in the drop-downs' query.
LIST_PAGES.append("/services/?q=fw")
# A room's page: one more, for the hours somebody is there (有人值守时间: their phone is answered then).
ROOM_PAGE = "/venues/room-0/"
ROOM_BUDGET = BUDGET + 1
# A service's guide: one more for the service points offering it (也可以在这些站点办理); with some, one more
# for the areas the resident chooses from (circle/templatetags/circle_tags.py).
SERVICE_PAGE = "/services/svc-1/"
SERVICE_BUDGET = LIST_BUDGET + 1
# 楼层导览: the rooms with their hours and special days, the floors with their marks, the centre.
FLOORS_BUDGET = 6
FLOOR_PAGES = ["/venues/floors/", "/venues/floors/?room=room-1"]
# The site's search: six more for the 15-minute circle — the areas, the points, the areas each serves; the
# points shown read again with their hours and special days (finder/lookup.py).
SEARCH_BUDGET = BUDGET + 6

PAGES = [
    "/",
    "/services/",
    "/services/?page=2",
    "/services/category/cat-0/",
    "/services/?q=服务&free=on&open=on&floor=1&audience=aud-0&access=walk-in&venue=room-1",
    "/services/?q=xy",
    "/services/?q=找不到的东西",
    "/services/?q=fw",
    # The site's search: synonyms, the first services and their cards, the rooms with their hours, the coming
    # activities with their closures, the heritage items; "您是不是要找" and the categories when nothing is found.
    "/search/",
    "/search/?q=服务",
    "/search/?q=xy",
    "/search/?q=厕所",
    "/search/?q=找不到的东西",
    "/search/?q=fuwuu",
    "/services/svc-1/",
    "/venues/",
    "/venues/room-0/",
    "/venues/floors/",
    "/venues/floors/?room=room-1",
    "/activities/",
    "/activities/?audience=aud-0&venue=room-1",
    "/activities/act-1/",
    "/activities/act-1.ics",
    "/activities/feed.ics",
    "/heritage/",
    "/heritage/item-1/",
    "/about/",
]


def populate(count: int) -> None:
    """``count`` published, featured-in-part services over 6 categories and 10 rooms with hours."""
    categories = Category.objects.bulk_create(
        Category(name=f"类别{i}", slug=f"cat-{i}", sort_order=i) for i in range(6)
    )
    audiences = Audience.objects.bulk_create(Audience(name=f"对象{i}", slug=f"aud-{i}") for i in range(3))
    venues = [make_venue(name=f"活动室{i}", slug=f"room-{i}", floor=i % 3 + 1) for i in range(9)]
    venues.append(make_venue(name="爱心接力站", slug="relay", open_24_hours=True))
    make_special_day(venues[0], timezone.localdate() + dt.timedelta(days=1), reason="检修")
    for number in (1, 2, 3):  # 楼层导览: each floor with its lift and stairs
        floor, _ = Floor.objects.get_or_create(number=number)
        FloorMark.objects.create(floor=floor, kind="lift", plan_column=5, plan_row=2)
        FloorMark.objects.create(floor=floor, kind="stairs", plan_column=6, plan_row=2)
    populate_whats_on(count // 10, venues, audiences)
    services = Service.objects.bulk_create(
        Service(
            name=f"服务{i}",
            slug=f"svc-{i}",
            summary=f"简介{i}",
            category=categories[i % 6],
            is_featured=i % 10 == 0,
            sort_order=i,
        )
        for i in range(count)
    )
    venue_links = Service.venues.through
    venue_links.objects.bulk_create(
        venue_links(service_id=s.pk, venue_id=venues[i % len(venues)].pk) for i, s in enumerate(services)
    )
    audience_links = Service.audiences.through
    audience_links.objects.bulk_create(
        audience_links(service_id=s.pk, audience_id=audiences[i % 3].pk) for i, s in enumerate(services)
    )
    search_index.refresh()  # bulk_create sends no signals: searches find the services as staff's saves would


def populate_whats_on(count: int, venues: list, audiences: list) -> None:
    """``count`` weekly activities (a tenth of them for heritage items), and as many notices."""
    start = timezone.now().replace(microsecond=0)
    items = HeritageItem.objects.bulk_create(
        HeritageItem(name=f"非遗{i}", slug=f"item-{i}", summary="简介", studio=venues[i % len(venues)])
        for i in range(max(count // 10, 2))
    )
    activities = Activity.objects.bulk_create(
        Activity(
            title=f"活动{i}",
            slug=f"act-{i}",
            summary="简介",
            venue=venues[i % len(venues)],
            heritage=items[i % len(items)] if i % 10 == 0 else None,
            starts_at=start + dt.timedelta(hours=i),
            ends_at=start + dt.timedelta(hours=i + 1),
            repeat=1,
        )
        for i in range(count)
    )
    links = Activity.audiences.through
    links.objects.bulk_create(links(activity_id=a.pk, audience_id=audiences[0].pk) for a in activities)
    Notice.objects.bulk_create(
        Notice(title=f"通知{i}", starts_at=start - dt.timedelta(days=1), ends_at=start + dt.timedelta(days=1))
        for i in range(count)
    )


def queries_per_page(client) -> dict[str, int]:
    counts = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[url] = len(captured)
    return counts


@pytest.fixture
def small(db):
    populate(80)


def budget_of(url: str) -> int:
    if url == SERVICE_PAGE:
        return SERVICE_BUDGET
    if url in LIST_PAGES:
        return LIST_BUDGET
    if url in FLOOR_PAGES:
        return FLOORS_BUDGET
    if url.startswith("/search/?q="):
        return SEARCH_BUDGET
    return ROOM_BUDGET if url == ROOM_PAGE else BUDGET


def test_pages_stay_within_the_query_budget(client, small, django_assert_max_num_queries):
    for url in PAGES:
        with django_assert_max_num_queries(budget_of(url)):
            assert client.get(url).status_code == 200, url


def test_a_service_giving_its_rooms_number_costs_one_query_more(client, small, django_assert_max_num_queries):
    """The number is answered while the room is attended: the room's 有人值守时间 are read once."""
    room = Venue.objects.get(slug="room-1")
    room.phone = "021-57310399"
    room.save()
    Service.objects.filter(slug="svc-1").update(phone="021 5731 0399")
    with django_assert_max_num_queries(SERVICE_BUDGET + 1):
        assert client.get("/services/svc-1/").status_code == 200


def test_a_service_offered_at_many_points_costs_one_query_more_whatever_their_number(
    client, small, django_assert_max_num_queries
):
    service = Service.objects.get(slug="svc-1")
    areas = [make_area(slug=f"area-{n}") for n in range(30)]
    for n in range(40):
        make_point(slug=f"point-{n}", areas=areas[n % 30 : n % 30 + 1], services=[service])
    for url in ("/services/svc-1/", "/services/svc-1/?area=area-3"):
        with django_assert_max_num_queries(SERVICE_BUDGET + 1):
            html = client.get(url).content.decode()
        assert "也可以在这些站点办理" in html and html.count('href="/circle/point-') == 40


# Searches finding points by name, pinyin, initials and estate, areas, nothing, and punctuation alone.
CIRCLE_SEARCHES = [
    "/search/?q=临源",
    "/search/?q=linyuan",
    "/search/?q=ly",
    "/search/?q=服务站",
    "/search/?q=小区1",
    "/search/?q=临源1村",
    "/search/?q=找不到的东西",
    "/search/?q=。",
]


def circle_of(count: int) -> None:
    """``count`` points with their hours over 30 areas, each point in one and serving two."""
    areas = [
        make_area(name=f"临源{n}村居民区", slug=f"area-{n}", neighbourhoods=f"小区{n}\n花园{n}") for n in range(30)
    ]
    closed = make_point(name="临源服务站", slug="point-x", areas=areas[:1])
    PointSpecialDay.objects.create(point=closed, date=timezone.localdate(), closed=True, reason="检修")
    for n in range(count - 1):
        make_point(name=f"临源{n}号服务站", slug=f"point-{n}", area=areas[n % 30], areas=areas[n % 30 : n % 30 + 2])


def test_the_search_page_makes_as_many_queries_for_30_as_for_300_points(client, small, commit):
    circle_of(30)
    commit()
    at_30 = {}
    for url in CIRCLE_SEARCHES:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        at_30[url] = len(captured)
        assert ("found-points" in html) == (url not in ("/search/?q=找不到的东西", "/search/?q=。")), url
    assert max(at_30.values()) <= SEARCH_BUDGET, at_30
    ServicePoint.objects.all().delete()
    Area.objects.all().delete()
    circle_of(300)
    commit()
    at_300 = {}
    for url in CIRCLE_SEARCHES:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        at_300[url] = len(captured)
    assert at_30 == at_300


def test_query_count_is_the_same_for_80_and_800_services(client, commit):
    populate(80)
    at_80 = queries_per_page(client)
    Service.objects.all().delete()
    Category.objects.all().delete()
    Audience.objects.all().delete()
    Activity.objects.all().delete()
    Notice.objects.all().delete()
    HeritageItem.objects.all().delete()
    Venue.objects.all().delete()
    populate(800)
    commit()  # the edits commit: the pages cached at 80 are emptied
    at_800 = queries_per_page(client)
    assert at_80 == at_800
