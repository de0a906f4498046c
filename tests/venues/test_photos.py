"""Room photos: upload checks, metadata stripping, WebP renditions, the admin inline, file clean-up.

Every image is drawn here with Pillow (and pillow-heif for HEIC); there are no binary fixtures.
"""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms

from tests.factories import make_venue
from venues.admin import VenueAdmin
from venues.models import Venue, VenuePhoto
from venues.photo_admin import VenuePhotoForm, VenuePhotoInline
from zhujing_center import photos

RED = (220, 20, 20)
BLUE = (20, 20, 220)


# --------------------------------------------------------------------------- images, drawn here


def two_tone(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: shows which way an image was turned."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return image.convert(mode)


def camera_exif(orientation: int = 6) -> Image.Exif:
    """EXIF as a phone writes it: orientation, maker, and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Camera 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 53.0, 24.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 10.0, 12.0)
    return exif


def phone_jpeg(size: tuple[int, int] = (400, 200), orientation: int = 6) -> bytes:
    """A JPEG with orientation, GPS, XMP and an ICC profile, like a phone camera's."""
    output = io.BytesIO()
    two_tone(size).save(
        output,
        format="JPEG",
        exif=camera_exif(orientation),
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xmpmeta>",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    return output.getvalue()


def encoded(size: tuple[int, int], image_format: str, mode: str = "RGB", **params) -> bytes:
    output = io.BytesIO()
    two_tone(size, mode).save(output, format=image_format, **params)
    return output.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width×height pixels (a decompression bomb's header)."""
    data = bytearray(encoded((8, 8), "PNG"))
    ihdr = 8 + 4  # signature, then the IHDR chunk's length; its type and data follow
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 4 + 13]))
    data[ihdr + 4 + 13 : ihdr + 4 + 13 + 4] = struct.pack(">I", crc)
    return bytes(data)


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """A fresh, empty MEDIA_ROOT for each test, so file assertions see only this test's files."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def photo_inline(monkeypatch):
    """VenueAdmin with the photo inline, whether or not venues/admin.py lists it already."""
    if VenuePhotoInline not in VenueAdmin.inlines:
        monkeypatch.setattr(VenueAdmin, "inlines", (*VenueAdmin.inlines, VenuePhotoInline))


@pytest.fixture
def superuser_client(admin_client, admin_user, settings):
    """pytest-django's ``admin_client``, past the second factor when the admin requires one.

    With django-otp installed, administrators must sign in with an authenticator code; this
    leaves the session as ``django_otp.login()`` does after a correct code.
    """
    if "django_otp" in settings.INSTALLED_APPS:
        from tests.factories import log_in_verified

        log_in_verified(admin_client, admin_user)
    return admin_client


def stored_files(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file())


def save_photo(venue: Venue, content: bytes, name: str = "IMG_0001.jpg", **fields) -> VenuePhoto:
    form = VenuePhotoForm(data={"sort_order": 0, **fields}, files={"image": upload(name, content)})
    form.instance.venue = venue
    assert form.is_valid(), form.errors
    return form.save()


# --------------------------------------------------------------------------- validate_upload


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", encoded((40, 30), "JPEG")),
        ("PHOTO.JPEG", encoded((40, 30), "JPEG")),
        ("plan.png", encoded((40, 30), "PNG")),
        ("room.webp", encoded((40, 30), "WEBP")),
        ("iphone.heic", encoded((40, 30), "HEIF")),
        ("depth.jpg", encoded((40, 30), "MPO", save_all=True, append_images=[two_tone((40, 30))])),
    ],
)
def test_validate_upload_accepts_phone_photo_formats(name, content):
    photos.validate_upload(upload(name, content))


def test_validate_upload_refuses_text_renamed_jpg():
    with pytest.raises(ValidationError) as error:
        photos.validate_upload(upload("notes.jpg", "会议记录：周三下午两点".encode()))
    assert "这不是有效的图片文件" in refusal(error)


def test_validate_upload_refuses_exe_even_with_image_content():
    with pytest.raises(ValidationError) as error:
        photos.validate_upload(upload("setup.exe", encoded((40, 30), "JPEG"), "application/octet-stream"))
    assert "不支持“.exe”文件" in refusal(error)


def test_validate_upload_refuses_gif_extension():
    with pytest.raises(ValidationError) as error:
        photos.validate_upload(upload("banner.gif", encoded((40, 30), "GIF"), "image/gif"))
    assert "不支持“.gif”文件" in refusal(error)


def test_validate_upload_refuses_gif_renamed_png():
    with pytest.raises(ValidationError) as error:
        photos.validate_upload(upload("banner.png", encoded((40, 30), "GIF"), "image/png"))
    assert "这不是有效的图片文件" in refusal(error)


def test_validate_upload_refuses_file_over_photo_max_bytes(settings):
    settings.PHOTO_MAX_BYTES = 2000
    content = phone_jpeg((800, 600))
    assert len(content) > 2000
    with pytest.raises(ValidationError) as error:
        photos.validate_upload(upload("big.jpg", content))
    assert "文件太大" in refusal(error)


def test_validate_upload_refuses_image_over_photo_max_pixels(settings):
    settings.PHOTO_MAX_PIXELS = 100 * 100 - 1
    with pytest.raises(ValidationError) as error:
        photos.validate_upload(upload("wide.png", encoded((100, 100), "PNG")))
    assert "图片像素太多（100×100）" in refusal(error)


def test_validate_upload_turns_decompression_bomb_warning_into_refusal(settings):
    settings.PHOTO_MAX_PIXELS = 10**9  # so that Pillow's own warning (above ~89 M pixels) is what refuses
    with pytest.raises(ValidationError) as error:
        photos.validate_upload(upload("bomb.png", png_claiming(10_000, 10_000)))
    assert "图片像素太多" in refusal(error)


def test_validate_upload_refuses_decompression_bomb_error(settings):
    settings.PHOTO_MAX_PIXELS = 10**9
    with pytest.raises(ValidationError) as error:
        photos.validate_upload(upload("bomb.png", png_claiming(30_000, 30_000)))
    assert "图片像素太多" in refusal(error)


def test_validate_upload_leaves_pillow_global_limit_alone(settings):
    before = Image.MAX_IMAGE_PIXELS
    settings.PHOTO_MAX_PIXELS = 50
    with pytest.raises(ValidationError):
        photos.validate_upload(upload("small.png", encoded((10, 10), "PNG")))
    assert before == Image.MAX_IMAGE_PIXELS


def test_validate_upload_refuses_png_with_broken_checksum():
    content = bytearray(encoded((40, 30), "PNG"))
    content[-20] ^= 0xFF  # inside the image data chunk
    with pytest.raises(ValidationError) as error:
        photos.validate_upload(upload("broken.png", bytes(content)))
    assert "这不是有效的图片文件" in refusal(error)


# --------------------------------------------------------------------------- clean_image


def test_clean_image_applies_exif_orientation():
    cleaned = Image.open(photos.clean_image(upload("IMG_0001.jpg", phone_jpeg((400, 200), orientation=6))))
    assert cleaned.size == (200, 400)
    # Orientation 6 means "turn 90° clockwise": the stored left (red) half becomes the top.
    top, bottom = cleaned.getpixel((100, 50)), cleaned.getpixel((100, 350))
    assert top[0] > 180 > top[2]
    assert bottom[2] > 180 > bottom[0]


def test_clean_image_strips_all_metadata():
    source = Image.open(io.BytesIO(phone_jpeg()))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload does carry GPS
    cleaned = Image.open(photos.clean_image(upload("IMG_0001.jpg", phone_jpeg())))
    assert not cleaned.getexif()
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(cleaned.info)


def test_clean_image_stores_jpeg_under_a_random_name():
    cleaned = photos.clean_image(upload("张三家门口.png", encoded((40, 30), "PNG")))
    assert Image.open(cleaned).format == "JPEG"
    assert cleaned.name.endswith(".jpg")
    assert "张三" not in cleaned.name


def test_clean_image_flattens_transparency_onto_white():
    transparent = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    output = io.BytesIO()
    transparent.save(output, format="PNG")
    cleaned = Image.open(photos.clean_image(upload("logo.png", output.getvalue())))
    assert cleaned.mode == "RGB"
    assert min(cleaned.getpixel((20, 15))) > 245


def test_clean_image_converts_cmyk_to_rgb():
    cleaned = Image.open(photos.clean_image(upload("print.jpg", encoded((40, 30), "JPEG", mode="CMYK"))))
    assert cleaned.mode == "RGB"


@pytest.mark.parametrize(
    ("name", "content", "mode"),
    [
        ("grey.jpg", encoded((40, 30), "JPEG", mode="L"), "L"),
        ("grey16.png", encoded((40, 30), "PNG", mode="I;16"), "L"),
        ("lineart.png", encoded((40, 30), "PNG", mode="1"), "L"),
        ("palette.png", encoded((40, 30), "PNG", mode="P"), "RGB"),
        ("grey-alpha.png", encoded((40, 30), "PNG", mode="LA"), "RGB"),
        ("alpha.webp", encoded((40, 30), "WEBP", mode="RGBA"), "RGB"),
        ("depth.jpg", encoded((40, 30), "MPO", save_all=True, append_images=[two_tone((40, 30))]), "RGB"),
    ],
)
def test_clean_image_handles_every_accepted_kind_of_image(name, content, mode):
    cleaned = Image.open(photos.clean_image(upload(name, content)))
    assert (cleaned.format, cleaned.mode, cleaned.size) == ("JPEG", mode, (40, 30))


def test_clean_image_downscales_to_max_long_edge():
    cleaned = Image.open(photos.clean_image(upload("wide.jpg", encoded((3000, 1000), "JPEG"))))
    assert cleaned.size == (photos.MAX_LONG_EDGE, 853)


def test_clean_image_converts_heic_to_jpeg_without_metadata():
    heic = encoded((400, 200), "HEIF", exif=camera_exif(orientation=6).tobytes())
    assert Image.open(io.BytesIO(heic)).format == "HEIF"
    cleaned = Image.open(photos.clean_image(upload("IMG_0002.HEIC", heic, "image/heic")))
    assert cleaned.format == "JPEG"
    assert cleaned.size == (200, 400)
    assert not cleaned.getexif()


def test_clean_image_refuses_truncated_jpeg():
    content = encoded((400, 300), "JPEG")
    with pytest.raises(ValidationError) as error:
        photos.clean_image(upload("cut.jpg", content[: len(content) // 2]))
    assert "图片文件已损坏或不完整" in refusal(error)


# --------------------------------------------------------------------------- renditions


@pytest.mark.parametrize(
    ("size", "widths"),
    [((2000, 1000), [480, 960, 1440]), ((1200, 600), [480, 960, 1200]), ((300, 200), [300])],
)
@pytest.mark.django_db
def test_renditions_are_webp_at_standard_widths_never_wider_than_the_photo(size, widths):
    photo = save_photo(make_venue(), encoded(size, "JPEG"))
    assert sorted(int(width) for width in photo.renditions) == widths
    for width, name in photo.rendition_names():
        with photo.image.storage.open(name) as stored, Image.open(stored) as rendition:
            assert rendition.format == "WEBP"
            assert rendition.width == width
            assert rendition.width <= photo.width
            assert rendition.height == round(photo.height * width / photo.width)


@pytest.mark.django_db
def test_renditions_sit_next_to_the_original():
    photo = save_photo(make_venue(), encoded((1000, 500), "JPEG"))
    folder = str(Path(photo.image.name).parent)
    assert folder.startswith("venues/photos/")
    assert all(str(Path(name).parent) == folder for name in photo.renditions.values())


# --------------------------------------------------------------------------- the form and the model


@pytest.mark.django_db
def test_saved_photo_has_no_exif_and_is_upright():
    photo = save_photo(make_venue(), phone_jpeg((400, 200), orientation=6))
    with photo.image.open("rb"), Image.open(photo.image) as stored:
        assert stored.size == (200, 400)
        assert not stored.getexif()
        assert "icc_profile" not in stored.info
    assert (photo.width, photo.height) == (200, 400)


@pytest.mark.django_db
def test_alt_text_falls_back_to_caption_then_venue_name():
    venue = make_venue(name="书画室")
    photo = save_photo(venue, encoded((40, 30), "JPEG"))
    assert photo.alt_text == "书画室"
    photo.caption = "书画室全景"
    assert photo.alt_text == "书画室全景"
    photo.alt = "长桌上摆着毛笔和宣纸"
    assert photo.alt_text == "长桌上摆着毛笔和宣纸"


@pytest.mark.django_db
def test_replacing_the_image_deletes_the_old_files(media, django_capture_on_commit_callbacks):
    photo = save_photo(make_venue(), encoded((1000, 500), "JPEG"))
    old = set(photo.stored_names())
    form = VenuePhotoForm(
        data={"sort_order": 0}, files={"image": upload("new.jpg", encoded((800, 400), "JPEG"))}, instance=photo
    )
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        photo = form.save()
    left = {path.relative_to(media).as_posix() for path in stored_files(media)}
    assert left == set(photo.stored_names())
    assert not old & left


@pytest.mark.django_db
def test_deleting_a_photo_deletes_its_files(media, django_capture_on_commit_callbacks):
    photo = save_photo(make_venue(), encoded((1000, 500), "JPEG"))
    assert len(stored_files(media)) == 4  # the JPEG and three WebP renditions
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert stored_files(media) == []


@pytest.mark.django_db
def test_deleting_a_venue_deletes_its_photo_files(media, django_capture_on_commit_callbacks):
    venue = make_venue()
    save_photo(venue, encoded((1000, 500), "JPEG"))
    save_photo(venue, encoded((600, 400), "PNG"), name="b.png")
    with django_capture_on_commit_callbacks(execute=True):
        venue.delete()
    assert stored_files(media) == []


@pytest.mark.django_db
def test_files_stay_until_the_delete_commits(media, django_capture_on_commit_callbacks):
    photo = save_photo(make_venue(), encoded((1000, 500), "JPEG"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo.delete()
    assert len(stored_files(media)) == 4
    # One callback deletes the files; the other empties the page cache (zhujing_center/page_cache.py).
    deletes = [callback for callback in callbacks if getattr(callback, "func", None) is not None]
    assert len(deletes) == 1
    deletes[0]()
    assert stored_files(media) == []


# --------------------------------------------------------------------------- the public include


@pytest.mark.django_db
def test_include_renders_figure_with_srcset_and_dimensions(django_assert_num_queries):
    venue = make_venue(name="多功能厅")
    save_photo(venue, encoded((2000, 1000), "JPEG"), caption="多功能厅<全景>", alt="")
    venue = Venue.objects.prefetch_related("photos").get(pk=venue.pk)
    with django_assert_num_queries(0):
        html = render_to_string("includes/venue_photos.html", {"venue": venue})
    photo = venue.photos.all()[0]
    assert "<figure" in html
    assert "<figcaption>多功能厅&lt;全景&gt;</figcaption>" in html
    assert f'srcset="{photo.srcset}"' in html
    assert all(f"{width}w" in photo.srcset for width in (480, 960, 1440))
    assert 'sizes="(min-width: 64rem) 60rem, 100vw"' in html
    assert 'width="2000" height="1000"' in html
    assert 'loading="lazy" decoding="async"' in html
    assert 'alt="多功能厅&lt;全景&gt;"' in html
    assert f'src="{photo.src_url}"' in html
    assert photo.src_url.endswith("-960w.webp")


@pytest.mark.django_db
def test_include_renders_nothing_without_photos():
    assert render_to_string("includes/venue_photos.html", {"venue": make_venue()}).strip() == ""


@pytest.mark.django_db
def test_include_lists_photos_in_sort_order():
    venue = make_venue()
    save_photo(venue, encoded((40, 30), "JPEG"), caption="第二张", sort_order=2)
    save_photo(venue, encoded((40, 30), "JPEG"), caption="第一张", sort_order=1)
    html = render_to_string("includes/venue_photos.html", {"venue": venue})
    assert html.index("第一张") < html.index("第二张")


# --------------------------------------------------------------------------- through the real admin


def form_values(form: forms.BaseForm) -> dict[str, object]:
    """What a browser would post for an unchanged form (file inputs left empty)."""
    data: dict[str, object] = {}
    for field in form:
        value = field.value()
        if isinstance(field.field, forms.FileField):
            continue
        if isinstance(field.field.widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        else:
            data[field.html_name] = "" if value is None else str(value)
    return data


def change_form_post(response, photo_rows: list[dict[str, object]]) -> dict[str, object]:
    """The venue change form as displayed, with ``photo_rows`` filled into the photo inline.

    Each row updates the photo inline's form at that index (existing photos first, then the
    empty extra form); other inlines are posted unchanged.
    """
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        rows = photo_rows if formset.model is VenuePhoto else []
        count = max(formset.initial_form_count(), len(rows))
        management = form_values(formset.management_form)
        management[f"{formset.prefix}-TOTAL_FORMS"] = str(count)
        data.update(management)
        for index in range(count):
            data.update(form_values(formset.forms[index]))
            if index < len(rows):
                data.update({formset.forms[index].add_prefix(key): value for key, value in rows[index].items()})
    return data


def post_to_admin(client, venue: Venue, photo_rows: list[dict[str, object]]):
    url = reverse("admin:venues_venue_change", args=[venue.pk])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, change_form_post(page, photo_rows))


def photo_form_errors(response) -> str:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is VenuePhoto:
            return " ".join(str(message) for errors in inline.formset.errors for message in errors.get("image", []))
    raise AssertionError("no photo inline on the page")


def test_photo_inline_is_added_once(photo_inline):
    assert VenueAdmin.inlines.count(VenuePhotoInline) == 1


@pytest.mark.django_db
def test_admin_upload_stores_clean_photo_with_renditions(superuser_client, photo_inline, media):
    venue = make_venue(weekly=())
    response = post_to_admin(
        superuser_client,
        venue,
        [{"image": upload("IMG_0001.jpg", phone_jpeg((400, 200))), "caption": "活动室", "alt": "", "sort_order": "1"}],
    )
    assert response.status_code == 302, photo_form_errors(response) if response.context else response
    photo = venue.photos.get()
    assert (photo.width, photo.height, photo.caption) == (200, 400, "活动室")
    with photo.image.open("rb"), Image.open(photo.image) as stored:
        assert not stored.getexif()
    assert sorted(int(width) for width in photo.renditions) == [200]
    assert len(stored_files(media)) == 2


@pytest.mark.django_db
def test_admin_change_page_shows_thumbnail(superuser_client, photo_inline):
    venue = make_venue(weekly=())
    photo = save_photo(venue, encoded((1000, 500), "JPEG"), alt="窗边的钢琴")
    html = superuser_client.get(reverse("admin:venues_venue_change", args=[venue.pk])).content.decode()
    assert f'<img src="{photo.thumbnail_url}" alt="窗边的钢琴" width="160" height="80"' in html
    assert photo.thumbnail_url.endswith("-480w.webp")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", "这是一段文字，不是照片".encode(), "这不是有效的图片文件"),
        ("banner.gif", encoded((40, 30), "GIF"), "不支持“.gif”文件"),
        ("banner.jpg", encoded((40, 30), "GIF"), "这不是有效的图片文件"),
        ("setup.exe", b"MZ\x90\x00" + bytes(100), "不支持“.exe”文件"),
        ("bomb.png", png_claiming(20_000, 20_000), "图片像素太多"),
    ],
)
@pytest.mark.django_db
def test_admin_refuses_bad_upload_with_form_error(superuser_client, photo_inline, media, name, content, message):
    venue = make_venue(weekly=())
    response = post_to_admin(superuser_client, venue, [{"image": upload(name, content), "sort_order": "0"}])
    assert response.status_code == 200
    assert message in photo_form_errors(response)
    assert message in response.content.decode()
    assert not venue.photos.exists()
    assert stored_files(media) == []


@pytest.mark.django_db
def test_admin_refuses_oversized_upload(superuser_client, photo_inline, settings):
    settings.PHOTO_MAX_BYTES = 2000
    venue = make_venue(weekly=())
    response = post_to_admin(
        superuser_client, venue, [{"image": upload("big.jpg", phone_jpeg((800, 600))), "sort_order": "0"}]
    )
    assert response.status_code == 200
    assert "文件太大" in photo_form_errors(response)


@pytest.mark.django_db
def test_admin_refuses_too_many_pixels(superuser_client, photo_inline, settings):
    settings.PHOTO_MAX_PIXELS = 10_000
    venue = make_venue(weekly=())
    response = post_to_admin(
        superuser_client, venue, [{"image": upload("wide.jpg", encoded((400, 300), "JPEG")), "sort_order": "0"}]
    )
    assert response.status_code == 200
    assert "图片像素太多（400×300）" in photo_form_errors(response)


@pytest.mark.django_db
def test_admin_delete_checkbox_deletes_files(superuser_client, photo_inline, media, django_capture_on_commit_callbacks):
    venue = make_venue(weekly=())
    save_photo(venue, encoded((1000, 500), "JPEG"))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_to_admin(superuser_client, venue, [{"DELETE": "on"}])
    assert response.status_code == 302
    assert not venue.photos.exists()
    assert stored_files(media) == []
