"""The circle's pages: choosing an area, bad input, the sample notice, the point page, query budgets."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from circle.models import Area, PointService, ServicePoint
from tests.factories import make_area, make_point, make_service

pytestmark = pytest.mark.django_db

BUDGET = 8


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def town():
    home = make_area(name="临源二村居民区", slug="linyuan-2", latitude="30.890000", longitude="121.160000")
    service = make_service(name="帮办代办服务")
    far_own = make_point(
        name="东头服务站", slug="own", areas=[home], latitude="30.900000", longitude="121.160000", services=[service]
    )
    near_other = make_point(name="西头服务站", slug="near", latitude="30.891000", longitude="121.160000")
    PointService.objects.filter(point=far_own).update(note="三个工作日办好")
    return home, far_own, near_other


def test_choosing_an_area_lists_its_point_first_then_the_others_nearest_first(client, town):
    html = text(client.get("/circle/?area=linyuan-2"))
    assert html.index("东头服务站") < html.index("西头服务站")
    assert "负责临源二村居民区的站点" in html and "附近的其他站点" in html
    assert "约 140 米" in html and "步行约 3 分钟" in html  # 0.001° = 111 m straight, 145 m walked
    assert "约 1.4 公里" in html and "步行约 25 分钟" in html
    assert "按两地直线距离的 1.3 倍" in html
    assert "帮办代办服务" in html


def test_the_area_list_works_without_javascript(client, town):
    html = text(client.get("/circle/"))
    assert 'href="?area=linyuan-2"' in html
    assert '<form class="area-form" action="/circle/" method="get">' in html and 'name="area"' in html


@pytest.mark.parametrize(
    "query",
    [
        "area=nope",
        "area=",
        "area=%00",
        "area=linyuan-2&area=x",
        "near=abc",
        "near=",
        "near=1e999,1",
        "all=2",
        "near=91,200",
    ],
)
def test_bad_input_is_a_page_not_an_error(client, town, query):
    assert client.get(f"/circle/?{query}").status_code == 200
    assert client.get(f"/circle/map.svg?{query}").status_code == 200


def test_an_unknown_area_says_so(client, town):
    assert "没有找到这个居民区或村" in text(client.get("/circle/?area=nope"))


def test_a_position_is_used_once_and_never_cached(client, town):
    response = client.get("/circle/?near=30.8911,121.16")
    html = text(response)
    assert "您附近的服务站" in html and html.index("西头服务站") < html.index("东头服务站")
    assert "no-store" in response["Cache-Control"]


def change(model, slug, **fields):
    """Saved as staff save (the page cache is emptied when the save commits: the tests ask new addresses)."""
    record = model.objects.get(slug=slug)
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()


def test_sample_records_are_announced_while_any_is_published(client, town):
    assert "示例数据" not in text(client.get("/circle/"))
    change(Area, "linyuan-2", is_sample=True)
    assert "示例数据" in text(client.get("/circle/?1"))
    change(Area, "linyuan-2", is_published=False)
    change(ServicePoint, "near", is_sample=True)
    assert "示例数据" in text(client.get("/circle/?2"))
    assert "示例数据" in text(client.get("/circle/near/"))
    assert "示例数据" not in text(client.get("/circle/own/"))


def test_a_point_page_says_if_open_what_it_offers_and_how_to_get_there(client, town):
    html = text(client.get("/circle/own/"))
    assert "帮办代办服务" in html and "三个工作日办好" in html
    assert "uri.amap.com/marker?position=" in html and "api.map.baidu.com/marker?" in html
    assert "GeoCoordinates" in html
    assert "临源二村居民区" in html


def test_an_unpublished_point_is_not_found(client, town):
    change(ServicePoint, "own", is_published=False)
    assert client.get("/circle/own/").status_code == 404
    assert client.get("/circle/nope/").status_code == 404


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_stay_the_same_from_thirty_to_three_hundred_points(client, settings, town):
    settings.CACHES = {**settings.CACHES}
    home, _own, _near = town
    service = make_service()
    for n in range(28):
        make_point(slug=f"extra-{n}", areas=[home], services=[service])
    small = [queries(client, url) for url in ("/circle/?area=linyuan-2", "/circle/own/", "/circle/map.svg")]
    for n in range(270):
        make_point(slug=f"more-{n}", areas=[home], services=[service])
    large = [
        queries(client, url + "&x=1" if "?" in url else url + "?x=1")
        for url in ("/circle/?area=linyuan-2", "/circle/own/", "/circle/map.svg")
    ]
    assert small == large
    assert max(large) <= BUDGET


def test_a_service_guide_lists_the_points_offering_it_nearest_to_the_chosen_area(client, town):
    _home, own, near = town
    service = own.offers.get().service
    PointService.objects.create(point=near, service=service, note="")
    make_area(name="远处村", slug="far-village", kind="village", latitude="30.910000", longitude="121.160000")
    html = text(client.get(f"{service.get_absolute_url()}?area=linyuan-2"))
    section = html[html.index("也可以在这些站点办理") :]
    assert section.index("西头服务站") < section.index("东头服务站") and "三个工作日办好" in section
    html = text(client.get(f"{service.get_absolute_url()}?area=far-village"))
    section = html[html.index("也可以在这些站点办理") :]
    assert section.index("东头服务站") < section.index("西头服务站")
    assert text(client.get(f"{service.get_absolute_url()}?area=%00")).count("也可以在这些站点办理") == 1


def test_a_service_offered_nowhere_has_no_points_section(client, town):
    assert "也可以在这些站点办理" not in text(client.get(make_service().get_absolute_url()))


def test_with_an_area_the_map_draws_the_points_listed_and_all_of_them_with_all(client, town):
    for n in range(8):  # more points than the list shows
        make_point(name=f"远处{n}站", slug=f"far-{n}", latitude="30.880000", longitude=f"121.1{n}0000")
    drawn = re.compile(r'<g class="map-point')
    listed = client.get("/circle/?area=linyuan-2").content.decode()
    assert len(drawn.findall(listed)) == listed.count('class="card point-card"') < ServicePoint.objects.count()
    everything = client.get("/circle/?area=linyuan-2&all=1").content.decode()
    assert len(drawn.findall(everything)) == ServicePoint.objects.published().count()
    assert len(drawn.findall(client.get("/circle/").content.decode())) == ServicePoint.objects.published().count()
