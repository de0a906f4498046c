"""Staff journeys in Chromium: what an editor does in the admin, by clicking the pages the server renders.

Nothing here posts data assembled in Python: every save is a click on the page's own button, so a
field the page does not render (the hidden version once) breaks these tests as it broke the admin.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model
from PIL import Image

from activities.models import Activity, Notice
from circle.models import Area, ServicePoint
from heritage.models import HeritageItem
from services.models import Audience, Category, Service, Synonym
from venues.models import Floor, OpeningHours, SpecialDay, Venue, VenuePhoto
from zhujing_center.models import Centre
from zhujing_center.roles import ensure_editor_group

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "zhujing-correct-horse-2024"
WIDE = {"width": 1280, "height": 900}


# ------------------------------------------------------------------ signing in
def make_editor(username: str):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(ensure_editor_group())
    return user


def sign_in(browser, live_server, username: str, viewport=WIDE):
    """A new browser context, signed in through the login page as a person does."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill('input[name="auth-username"]', username)
    page.fill('input[name="auth-password"]', PASSWORD)
    click_and_wait(page, 'input[type="submit"]')
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def admin_url(live_server, obj: Model, view: str = "change") -> str:
    meta = obj._meta
    base = f"{live_server.url}/admin/{meta.app_label}/{meta.model_name}/"
    return base if view == "changelist" else f"{base}{obj.pk}/{view}/"


def click_and_wait(page, selector: str) -> None:
    """Click a button or link that loads another page, and wait until that page has loaded."""
    with page.expect_navigation():
        page.click(selector)


def assert_saved(page) -> None:
    errors = page.locator(".errornote, .errorlist")
    assert errors.count() == 0, errors.all_inner_texts()
    assert page.locator(".messagelist .success").count() == 1, page.content()[:3000]


# ------------------------------------------------------------------ one journey per content model
@dataclass(frozen=True)
class Journey:
    """How to edit one content model: which entry, which input, and how to read the stored value back."""

    model: type[Model]
    pick: Callable[[], Model]
    field: str  # the input's name in the change form
    read: Callable[[Model], str]
    values: tuple[str, str]
    deletable: bool = True


def first_hours(place: Venue | ServicePoint) -> str:
    return place.opening_hours.order_by("weekday", "opens").first().closes.strftime("%H:%M")


JOURNEYS = {
    "category": Journey(
        Category, lambda: Category.objects.first(), "summary", lambda o: o.summary, ("办证、社保与医保", "证照社保")
    ),
    "audience": Journey(Audience, lambda: Audience.objects.first(), "name", lambda o: o.name, ("长者", "老年朋友")),
    "service": Journey(
        Service,
        lambda: Service.objects.get(slug="mianfei-liang-xueya"),
        "materials",
        lambda o: o.materials,
        ("无需材料\n老年人可带上医保卡", "无需材料"),
    ),
    "venue": Journey(
        Venue,
        lambda: Venue.objects.get(slug="library"),
        "opening_hours-0-closes",
        first_hours,
        ("20:00", "19:30"),
    ),
    "specialday": Journey(
        SpecialDay, lambda: SpecialDay.objects.first(), "reason", lambda o: o.reason, ("设备检修", "图书盘点")
    ),
    "activity": Journey(
        Activity,
        lambda: Activity.objects.first(),
        "summary",
        lambda o: o.summary,
        ("老师带练，适合中老年人", "老师带练"),
    ),
    "notice": Journey(Notice, lambda: Notice.objects.first(), "body", lambda o: o.body, ("今天闭馆半天", "今天闭馆")),
    "heritageitem": Journey(
        HeritageItem,
        lambda: HeritageItem.objects.first(),
        "summary",
        lambda o: o.summary,
        ("朱泾的传统手艺", "朱泾传统手艺"),
    ),
    "synonym": Journey(
        Synonym,
        # The migration's groups are gone once a transactional test has flushed the database.
        lambda: Synonym.objects.get_or_create(words="厕所 卫生间 洗手间")[0],
        "words",
        lambda o: o.words,
        ("厕所 卫生间 洗手间 公厕", "厕所 卫生间 洗手间"),
    ),
    "centre": Journey(
        Centre, lambda: Centre.objects.get(), "phone", lambda o: o.phone, ("021-57310001", "021-57310002"), False
    ),
    "floor": Journey(
        Floor,
        lambda: Floor.objects.get(number=1),
        "summary",
        lambda o: o.summary,
        ("办事大厅和健康驿站，正门在南面", "办事大厅和健康驿站"),
    ),
    "area": Journey(
        Area,
        lambda: Area.objects.get(slug="linyuan-2"),
        "neighbourhoods",
        lambda o: o.neighbourhoods,
        ("临源二村\n临源新苑", "临源二村"),
    ),
    "servicepoint": Journey(
        ServicePoint,
        lambda: ServicePoint.objects.get(slug="linyuan-2-station"),
        "opening_hours-0-closes",
        first_hours,
        ("17:30", "16:30"),
    ),
}


def edit(page, live_server, obj: Model, field: str, value: str, button: str) -> None:
    page.goto(admin_url(live_server, obj))
    page.fill(f'[name="{field}"]', value)
    click_and_wait(page, f'input[name="{button}"]')
    assert_saved(page)


@pytest.mark.parametrize("name", list(JOURNEYS))
def test_an_editor_saves_an_entry_twice_and_restores_the_earlier_version(browser, live_server, committed_sample, name):
    journey = JOURNEYS[name]
    obj = journey.pick()
    make_editor("editor")
    page = sign_in(browser, live_server, "editor")

    # From the list, open the entry and save a change, staying on the page …
    page.goto(admin_url(live_server, obj, "changelist"))
    click_and_wait(page, f'#result_list a[href$="/{obj.pk}/change/"]')
    page.fill(f'[name="{journey.field}"]', journey.values[0])
    click_and_wait(page, 'input[name="_continue"]')
    assert_saved(page)
    # … change it again on the page the save came back to, and save …
    page.fill(f'[name="{journey.field}"]', journey.values[1])
    click_and_wait(page, 'input[name="_continue"]')
    assert_saved(page)
    # … and once more after opening it afresh.
    edit(page, live_server, obj, journey.field, journey.values[0], "_save")
    edit(page, live_server, obj, journey.field, journey.values[1], "_save")
    assert journey.read(journey.model.objects.get(pk=obj.pk)) == journey.values[1]

    # The history lists the versions in words; restore the one before the last.
    page.goto(admin_url(live_server, obj))
    click_and_wait(page, "a.historylink")
    history = page.locator("#change-history").inner_text()
    assert "CHANGES" not in history.upper() and "None" not in history and "False" not in history
    assert "editor" in history
    with page.expect_navigation():
        page.locator("#change-history tbody tr").nth(1).locator("a").click()
    click_and_wait(page, 'input[name="_save"]')  # 还原
    assert_saved(page)
    assert journey.read(journey.model.objects.get(pk=obj.pk)) == journey.values[0]
    page.context.close()


@pytest.mark.parametrize("name", [name for name, journey in JOURNEYS.items() if journey.deletable])
def test_an_editor_deletes_an_entry_and_restores_it(browser, live_server, committed_sample, name):
    journey = JOURNEYS[name]
    make_editor("editor")
    page = sign_in(browser, live_server, "editor")
    if journey.model in (Category, Venue, Area):
        # Every sample category and room has services, every area a point standing in it (deleting it is
        # refused, tests/admin and below): add an empty one.
        meta = journey.model._meta
        page.goto(f"{live_server.url}/admin/{meta.app_label}/{meta.model_name}/add/")
        page.fill('[name="name"]', "临时条目")
        page.fill('[name="slug"]', "linshi")
        if journey.model is Venue:
            page.click("#opening_hours-group .add-row a")
            page.select_option('[name="opening_hours-0-weekday"]', index=1)
            page.fill('[name="opening_hours-0-opens"]', "09:00")
            page.fill('[name="opening_hours-0-closes"]', "17:00")
        click_and_wait(page, 'input[name="_save"]')
        assert_saved(page)
        obj = journey.model.objects.get(slug="linshi")
    else:
        obj = journey.pick()
    label = str(obj)
    if journey.model is ServicePoint:
        hours, offers = obj.opening_hours.count(), obj.offers.count()

    page.goto(admin_url(live_server, obj))
    click_and_wait(page, "a.deletelink")
    click_and_wait(page, '#content form input[type="submit"]')  # 是的，我确定
    assert_saved(page)
    assert not journey.model.objects.filter(pk=obj.pk).exists()

    click_and_wait(page, "text=已删除的条目")
    row = page.locator("tr", has_text=label).first
    with page.expect_navigation():
        row.locator('button:has-text("恢复")').click()
    assert_saved(page)
    assert journey.model.objects.filter(pk=obj.pk).exists()
    if journey.model is Venue:  # its hours come back with it
        assert first_hours(Venue.objects.get(pk=obj.pk)) == "17:00"
    if journey.model is ServicePoint:  # its hours, offers and areas come back with it
        point = ServicePoint.objects.get(pk=obj.pk)
        assert [str(a) for a in point.areas.all()] == ["临源二村居民区"] and point.area.slug == "linyuan-2"
        assert point.opening_hours.count() == hours and point.offers.count() == offers > 0
    page.context.close()


def point_state(point: ServicePoint) -> tuple[str, str, str, list[str]]:
    """What the journey below changes on a point's page: its summary, first hours, first offer's note, areas."""
    point = ServicePoint.objects.get(pk=point.pk)
    note = point.offers.order_by("pk").first().note
    return point.summary, first_hours(point), note, sorted(area.slug for area in point.areas.all())


def edit_point(page, summary: str, hours: str, note: str, add_area: str = "", remove_area: str = "") -> None:
    """On the open point page: its summary, the first hours' closing time, the first offer's note, its areas."""
    page.fill('[name="summary"]', summary)
    page.fill('[name="opening_hours-0-closes"]', hours)
    page.fill('[name="offers-0-note"]', note)
    if add_area:
        page.select_option("#id_areas_from", label=add_area)
        page.click("#id_areas_add")
    if remove_area:
        page.select_option("#id_areas_to", label=remove_area)
        page.click("#id_areas_remove")
    click_and_wait(page, 'input[name="_continue"]')
    assert_saved(page)


def test_an_editor_restores_a_points_earlier_version_with_its_hours_offers_and_areas(
    browser, live_server, committed_sample
):
    point = ServicePoint.objects.get(slug="linyuan-2-station")
    make_editor("editor")
    page = sign_in(browser, live_server, "editor")
    page.goto(admin_url(live_server, point))
    versions = point.history.count()
    edit_point(page, "帮办代办、调解", "17:30", "每周二上午才有", add_area="临源一村居民区")
    earlier = point_state(point)
    assert earlier == ("帮办代办、调解", "17:30", "每周二上午才有", ["linyuan-1", "linyuan-2"])
    edit_point(page, "帮办代办", "16:00", "只受理不办结", remove_area="临源一村居民区")
    assert point_state(point) == ("帮办代办", "16:00", "只受理不办结", ["linyuan-2"])

    # The history has one row per save, the newest first; the second row is the earlier save.
    click_and_wait(page, "a.historylink")
    rows = page.locator("#change-history tbody tr")
    history = page.locator("#change-history").inner_text()
    assert "None" not in history and "False" not in history and "editor" in history
    assert rows.count() == versions + 2, history
    assert "临源一村居民区" in rows.nth(0).inner_text()  # the area taken off, said by name
    with page.expect_navigation():
        rows.nth(1).locator("a").click()
    assert sorted(page.locator("#id_areas_to option").all_inner_texts()) == ["临源一村居民区", "临源二村居民区"]
    click_and_wait(page, 'input[name="_save"]')  # 还原
    assert_saved(page)
    assert point_state(point) == earlier
    page.context.close()


def test_an_area_a_point_stands_in_is_not_deleted_and_the_page_says_which(browser, live_server, committed_sample):
    area = Area.objects.get(slug="xilin")
    make_editor("editor")
    page = sign_in(browser, live_server, "editor")
    page.goto(admin_url(live_server, area))
    click_and_wait(page, "a.deletelink")
    text = page.locator("#content").inner_text()
    assert "“西林居民区”现在不能删除" in text, text
    assert "服务站点“西林居民区党群服务站”在“西林居民区”里" in text
    assert page.locator('#content form input[type="submit"]').count() == 0  # nothing to confirm
    # The point is a link: the editor opens it to move it elsewhere.
    click_and_wait(page, '#deleted-objects a:has-text("西林居民区党群服务站")')
    assert page.locator('[name="name"]').input_value() == "西林居民区党群服务站"
    assert Area.objects.filter(pk=area.pk).exists()
    page.context.close()


def test_the_centre_cannot_be_deleted_or_added(browser, live_server, committed_sample):
    make_editor("editor")
    page = sign_in(browser, live_server, "editor")
    page.goto(admin_url(live_server, Centre.objects.get()))
    assert page.locator("a.deletelink").count() == 0
    page.goto(admin_url(live_server, Centre.objects.get(), "changelist"))
    assert page.locator(".object-tools a.addlink").count() == 0
    page.context.close()


def test_every_content_model_in_the_admin_has_a_journey():
    from django.contrib import admin

    content_apps = {"services", "venues", "circle", "activities", "heritage", "zhujing_center"}
    registered = {model for model in admin.site._registry if model._meta.app_label in content_apps}
    assert registered - {VenuePhoto} == {journey.model for journey in JOURNEYS.values()}
    assert all(apps.get_model(m._meta.label) for m in registered)


# ------------------------------------------------------------------ two editors, one entry
def test_two_editors_on_one_entry_the_second_is_refused_and_keeps_their_text(browser, live_server, committed_sample):
    service = Service.objects.get(slug="mianfei-liang-xueya")
    make_editor("wang")
    make_editor("li")
    first = sign_in(browser, live_server, "wang")
    second = sign_in(browser, live_server, "li")
    url = admin_url(live_server, service)
    first.goto(url)
    second.goto(url)

    first.fill('[name="materials"]', "身份证")
    click_and_wait(first, 'input[name="_save"]')
    assert_saved(first)

    mine = "医保卡\n近期的体检报告"
    second.fill('[name="materials"]', mine)
    click_and_wait(second, 'input[name="_save"]')
    refusal = second.locator(".errornote, .errorlist.nonfield").all_inner_texts()
    assert any("没有保存" in text and "wang" in text and "所需材料" in text for text in refusal), refusal
    # Only what the colleague changed is named (a browser's CRLF line ends are no change).
    assert not any("办理流程" in text or "常见问题" in text for text in refusal), refusal
    assert second.input_value('[name="materials"]') == mine  # nothing typed is lost
    assert Service.objects.get(pk=service.pk).materials == "身份证"

    # Having read the colleague's change, the second editor saves again on purpose.
    click_and_wait(second, 'input[name="_save"]')
    assert_saved(second)
    assert Service.objects.get(pk=service.pk).materials == mine
    first.context.close()
    second.context.close()


def test_two_editors_on_one_point_the_second_is_refused_and_keeps_their_text(browser, live_server, committed_sample):
    point = ServicePoint.objects.get(slug="linyuan-2-station")
    make_editor("wang")
    make_editor("li")
    first = sign_in(browser, live_server, "wang")
    second = sign_in(browser, live_server, "li")
    url = admin_url(live_server, point)
    first.goto(url)
    second.goto(url)

    first.fill('[name="phone"]', "021-57310088")
    click_and_wait(first, 'input[name="_save"]')
    assert_saved(first)

    mine = "一楼，门口有坡道\n有无障碍卫生间"
    second.fill('[name="accessibility"]', mine)
    second.fill('[name="opening_hours-0-closes"]', "16:00")
    click_and_wait(second, 'input[name="_save"]')
    refusal = second.locator(".errornote, .errorlist.nonfield").all_inner_texts()
    assert any("没有保存" in text and "wang" in text and "联系电话" in text for text in refusal), refusal
    assert any("021-57310088" in text for text in refusal), refusal
    assert not any("无障碍信息" in text or "详细介绍" in text for text in refusal), refusal
    assert second.input_value('[name="accessibility"]') == mine  # nothing typed is lost
    assert second.input_value('[name="opening_hours-0-closes"]') == "16:00"
    stored = ServicePoint.objects.get(pk=point.pk)
    assert stored.phone == "021-57310088" and stored.accessibility != mine and first_hours(stored) == "17:00"

    click_and_wait(second, 'input[name="_save"]')  # having read it, on purpose
    assert_saved(second)
    stored = ServicePoint.objects.get(pk=point.pk)
    assert stored.accessibility == mine and first_hours(stored) == "16:00"
    first.context.close()
    second.context.close()


# ------------------------------------------------------------------ photos, roles, phones
def gps_photo() -> dict:
    from tests.venues.test_photos import phone_jpeg

    return {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": phone_jpeg((800, 600), orientation=6)}


def upload_room_photo(page, live_server, room: Venue) -> None:
    page.goto(admin_url(live_server, room))
    page.set_input_files('input[name="photos-0-image"]', files=[gps_photo()])
    page.fill('[name="photos-0-alt"]', "图书馆阅览区")
    click_and_wait(page, 'input[name="_continue"]')
    assert_saved(page)


def assert_photo_has_no_location(room: Venue) -> None:
    photo = VenuePhoto.objects.get(venue=room)
    with photo.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert image.size == (600, 800)  # turned upright
    assert not image.getexif()  # no GPS, no camera


def test_an_editor_uploads_a_room_photo_with_gps_and_the_site_shows_it_without(
    browser, live_server, committed_sample, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    room = Venue.objects.get(slug="library")
    make_editor("editor")
    page = sign_in(browser, live_server, "editor")
    upload_room_photo(page, live_server, room)
    assert_photo_has_no_location(room)
    # The room saves again afterwards, with the photo's row now in the form.
    page.fill('[name="location"]', "二楼东侧，出电梯右转")
    click_and_wait(page, 'input[name="_save"]')
    assert_saved(page)
    page.goto(f"{live_server.url}{room.get_absolute_url()}")
    assert page.locator('img[alt="图书馆阅览区"]').count() >= 1
    page.context.close()


def test_an_editor_cannot_open_user_or_group_pages(browser, live_server, committed_sample):
    make_editor("editor")
    page = sign_in(browser, live_server, "editor")
    assert page.locator('a[href$="/auth/user/"]').count() == 0
    for path in ("/admin/auth/user/", "/admin/auth/group/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
        assert "Forbidden" not in page.content()
    page.context.close()


def test_an_administrator_without_two_factor_is_sent_to_set_it_up_and_sees_no_drafts(
    browser, live_server, committed_sample
):
    get_user_model().objects.create_superuser("boss", password=PASSWORD)
    draft = Service.objects.get(slug="mianfei-liang-xueya")
    Service.objects.filter(pk=draft.pk).update(is_published=False)
    context = browser.new_context(viewport=WIDE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill('input[name="auth-username"]', "boss")
    page.fill('input[name="auth-password"]', PASSWORD)
    click_and_wait(page, 'input[type="submit"]')
    assert "/two_factor/setup/" in page.url, page.url
    response = page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    assert response.status == 404
    assert "草稿预览" not in page.content()
    context.close()


def test_a_phone_editor_changes_a_rooms_hours_and_adds_a_photo_without_sideways_scrolling(
    browser, live_server, committed_sample, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    room = Venue.objects.get(slug="library")
    make_editor("editor")
    page = sign_in(browser, live_server, "editor", viewport=PHONE)
    page.goto(admin_url(live_server, room))
    width = page.evaluate("document.documentElement.clientWidth")
    overflowing = page.evaluate(
        """(width) => [...document.querySelectorAll('#content-main *')]
            .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
            .map(el => el.tagName + '.' + el.className + '#' + el.id)""",
        width,
    )
    assert overflowing == [], overflowing[:10]
    page.screenshot(path=str(tmp_path / "admin-room-phone.png"), full_page=True)
    page.fill('[name="opening_hours-0-closes"]', "18:00")
    page.set_input_files('input[name="photos-0-image"]', files=[gps_photo()])
    page.fill('[name="photos-0-alt"]', "图书馆阅览区")
    click_and_wait(page, 'input[name="_save"]')
    assert_saved(page)
    assert first_hours(Venue.objects.get(pk=room.pk)) == "18:00"
    assert_photo_has_no_location(room)
    assert OpeningHours.objects.filter(venue=room).count() > 0
    # The room's history reads on the phone too: one block per version, no sideways scrolling.
    page.goto(admin_url(live_server, room, "history"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()
