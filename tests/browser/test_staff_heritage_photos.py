"""Staff journey: an editor adds a photo to a heritage item in the admin, residents see it, the editor removes it.

Heritage photos are an inline of the heritage item (heritage.HeritagePhoto, no admin page of its own), so
this is their journey; the helpers are those of test_staff_journeys.py. Every save is a click on the page's
own button.
"""

import io

import pytest
from PIL import Image

from heritage.models import HeritageItem, HeritagePhoto

from .conftest import PHONE
from .test_staff_journeys import admin_url, assert_saved, click_and_wait, gps_photo, make_editor, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_adds_a_heritage_photo_residents_see_it_and_the_editor_removes_it(
    browser, live_server, committed_sample, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = HeritageItem.objects.get(slug="zhujing-lantern")
    make_editor("editor")
    page = sign_in(browser, live_server, "editor")

    # From the list of heritage items, open 朱泾花灯 and add a phone photo (taken with GPS on) with its description.
    page.goto(admin_url(live_server, item, "changelist"))
    click_and_wait(page, f'#result_list a[href$="/{item.pk}/change/"]')
    page.set_input_files('input[name="photos-0-image"]', files=[gps_photo()])
    page.fill('[name="photos-0-alt"]', "传承人手里的兔子灯，竹骨外糊着红纸")
    page.fill('[name="photos-0-caption"]', "传承人制作的兔子灯")
    click_and_wait(page, 'input[name="_continue"]')
    assert_saved(page)
    photo = HeritagePhoto.objects.get(item=item)
    with photo.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert image.size == (600, 800) and not image.getexif()  # upright, no GPS or camera
    assert photo.renditions
    assert page.locator(".field-thumbnail img").count() == 1, "the saved photo shows as a thumbnail"

    # Residents see it on the item's page and its card, with the description for screen readers.
    resident = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", timezone_id="Asia/Shanghai")
    public = resident.new_page()
    public.route("**/media/**", lambda route: route.fulfill(path=str(tmp_path / route.request.url.split("/media/")[1])))
    public.goto(f"{live_server.url}{item.get_absolute_url()}")
    shown = public.locator('main img[alt="传承人手里的兔子灯，竹骨外糊着红纸"]')
    shown.scroll_into_view_if_needed()
    assert shown.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "传承人制作的兔子灯" in public.locator("figcaption").inner_text()
    public.goto(f"{live_server.url}/heritage/")
    assert public.locator('.heritage-card img[alt="传承人手里的兔子灯，竹骨外糊着红纸"]').count() == 1

    # The editor takes it down again: tick 删除 and save; the page is as it was, without a photo block.
    page.check('input[name="photos-0-DELETE"]')
    click_and_wait(page, 'input[name="_save"]')
    assert_saved(page)
    assert not HeritagePhoto.objects.filter(item=item).exists()
    public.goto(f"{live_server.url}{item.get_absolute_url()}")
    assert public.locator("main figure").count() == 0
    resident.close()
    page.context.close()
