"""Heritage items: only what is known reaches the public, and photos the way rooms have them.

Photos are drawn here with Pillow (tests/venues/test_photos.py draws them); uploads go through the real
admin change page.
"""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from heritage.admin import HeritageItemAdmin
from heritage.models import HeritageItem, HeritageLevel, HeritagePhoto
from heritage.photo_admin import HeritagePhotoForm, HeritagePhotoInline
from tests.venues.test_photos import encoded, form_values, phone_jpeg, stored_files, upload

pytestmark = pytest.mark.django_db

LANTERN = "/heritage/zhujing-lantern/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


def save_photo(item: HeritageItem, content: bytes, **fields) -> HeritagePhoto:
    form = HeritagePhotoForm(data={"sort_order": 0, **fields}, files={"image": upload("IMG_0001.jpg", content)})
    form.instance.item = item
    assert form.is_valid(), form.errors
    return form.save()


# ------------------------------------------------------------------ unknown fields stay out of public pages
def test_an_unknown_level_is_not_shown_to_the_public(client, sample):
    item = HeritageItem.objects.get(slug="zhujing-lantern")
    assert item.level == HeritageLevel.UNKNOWN and item.level_label == ""
    for path in (LANTERN, "/heritage/", "/venues/heritage-hall/", "/"):
        html = client.get(path).content.decode()
        assert "待核实" not in html, path
    assert ">级别</dt>" not in client.get(LANTERN).content.decode()


def test_a_known_level_is_shown_on_the_page_and_the_card(client, sample):
    HeritageItem.objects.filter(slug="zhujing-lantern").update(level=HeritageLevel.DISTRICT)
    assert "<dt>级别</dt><dd>金山区级</dd>" in client.get(LANTERN).content.decode()
    assert '<span class="tag">金山区级</span>' in client.get("/heritage/").content.decode()


def test_an_item_without_level_or_studio_has_no_empty_facts(client, sample):
    HeritageItem.objects.filter(slug="zhujing-lantern").update(studio=None)
    html = client.get(LANTERN).content.decode()
    assert '<dl class="facts">' not in html
    assert "传承人工作室" not in html


# ------------------------------------------------------------------ photos
def test_the_page_looks_right_without_photos(client, sample):
    html = client.get(LANTERN).content.decode()
    assert "<figure" not in html and ">照片</h2>" not in html
    assert "<img" not in client.get("/heritage/").content.decode()


def test_photos_show_on_the_item_page_in_order_and_on_its_card(client, sample):
    item = HeritageItem.objects.get(slug="zhujing-lantern")
    second = save_photo(item, encoded((1600, 1200), "JPEG"), caption="传承人扎竹骨", sort_order=2)
    first = save_photo(item, encoded((1600, 1200), "JPEG"), alt="展厅里挂着三盏红色的兔子灯", sort_order=1)
    html = client.get(LANTERN).content.decode()
    assert html.index("展厅里挂着三盏红色的兔子灯") < html.index("传承人扎竹骨")
    assert f'src="{first.src_url}"' in html and f'srcset="{first.srcset}"' in html
    assert 'width="1600" height="1200"' in html and 'loading="lazy"' in html
    assert 'alt="传承人扎竹骨"' in html, "without alt text, the caption is read"
    assert f'<meta property="og:image" content="http://testserver{first.src_url}">' in html
    card = client.get("/heritage/").content.decode()
    assert f'src="{first.thumbnail_url}"' in card and 'alt="展厅里挂着三盏红色的兔子灯"' in card
    assert second.thumbnail_url not in card, "a card shows the first photo only"


def test_without_alt_text_or_caption_the_items_name_is_read():
    photo = HeritagePhoto(item=HeritageItem(name="钹子书"))
    assert photo.alt_text == "钹子书"


def test_an_upload_is_stored_upright_without_metadata_with_webp_renditions(sample):
    item = HeritageItem.objects.get(slug="guqin")
    photo = save_photo(item, phone_jpeg((400, 200), orientation=6))
    with photo.image.open("rb"), Image.open(photo.image) as stored:
        assert stored.size == (200, 400) and not stored.getexif()
    assert photo.image.name.startswith("heritage/photos/")
    assert [width for width, _ in photo.rendition_names()] == [200]


def test_deleting_an_item_deletes_its_photo_files(sample, media, django_capture_on_commit_callbacks):
    item = HeritageItem.objects.get(slug="guqin")
    save_photo(item, encoded((1000, 500), "JPEG"))
    assert len(stored_files(media)) == 4  # the original and three renditions (480, 960 and 1000 px)
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert stored_files(media) == []


def test_photo_queries_do_not_grow_with_photos(client, sample, django_assert_max_num_queries):
    for item in HeritageItem.objects.all():
        for n in range(3):
            HeritagePhoto.objects.create(item=item, image=f"heritage/photos/{item.slug}-{n}.jpg", width=8, height=6)
    with django_assert_max_num_queries(8):
        assert client.get("/heritage/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(LANTERN).status_code == 200


# ------------------------------------------------------------------ the admin
def test_the_item_admin_has_the_photo_inline_once():
    assert HeritageItemAdmin.inlines.count(HeritagePhotoInline) == 1


def change_form_post(response, photo_rows: list[dict]) -> dict:
    """The item's change form as displayed, with ``photo_rows`` filled into the photo inline."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        rows = photo_rows if formset.model is HeritagePhoto else []
        count = max(formset.initial_form_count(), len(rows))
        data.update(form_values(formset.management_form))
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(count)
        for index in range(count):
            data.update(form_values(formset.forms[index]))
            if index < len(rows):
                data.update({formset.forms[index].add_prefix(key): value for key, value in rows[index].items()})
    return data


@pytest.fixture
def staff_client(db, django_user_model):
    """An editor (the 内容编辑 group's permissions), signed in."""
    from zhujing_center.roles import ensure_editor_group

    user = django_user_model.objects.create_user("zhangsan", password="correct horse battery", is_staff=True)
    user.groups.add(ensure_editor_group())
    client = Client()
    client.force_login(user)
    return client


def test_staff_upload_a_photo_in_the_admin_and_a_bad_file_is_a_form_error(staff_client, sample):
    item = HeritageItem.objects.get(slug="bozishu")
    url = reverse("admin:heritage_heritageitem_change", args=[item.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and "非遗照片" in page.content.decode()
    bad = {"image": upload("notes.txt", b"not a photo", "text/plain"), "alt": "", "caption": "", "sort_order": "0"}
    refused = staff_client.post(url, change_form_post(page, [bad]))
    assert refused.status_code == 200 and "不支持" in refused.content.decode()
    assert not item.photos.exists()
    good = {"image": upload("IMG_0002.jpg", phone_jpeg((400, 200))), "alt": "艺人击钹说唱", "caption": ""}
    response = staff_client.post(url, change_form_post(staff_client.get(url), [good]))
    assert response.status_code == 302
    photo = item.photos.get()
    assert (photo.alt, photo.width, photo.height) == ("艺人击钹说唱", 200, 400) and photo.renditions


def test_an_item_without_coming_activities_has_no_empty_activities_section(client, sample):
    response = client.get("/heritage/chuanma-lantern/")  # 串码灯: no activities in the sample
    assert response.status_code == 200
    assert ">相关活动</h2>" not in response.content.decode()
    assert ">相关活动</h2>" in client.get(LANTERN).content.decode()
