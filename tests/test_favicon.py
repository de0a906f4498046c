"""/favicon.ico, which browsers ask for by themselves: a real icon in the site's design, cached for long."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db

BRAND_RED = (0xB3, 0x26, 0x1E)


def test_the_favicon_lives_at_the_root():
    assert reverse("favicon") == "/favicon.ico"


def test_the_favicon_is_an_ico_of_16_32_and_48_pixels(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO"
    assert icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}


def test_the_favicon_is_the_brand_red_with_a_white_character():
    icon = Image.open(settings.BASE_DIR / "static" / "icons" / "favicon.ico")
    icon.size = (48, 48)  # the largest of the three
    pixels = icon.convert("RGB")
    assert pixels.getpixel((6, 24)) == BRAND_RED, "the square's left edge, beside the character"
    whitest = max((colour for _count, colour in pixels.getcolors(48 * 48)), key=sum)
    assert min(whitest) >= 240, "the white character"


def test_the_favicon_is_cached_for_a_year(client):
    cache_control = client.get("/favicon.ico")["Cache-Control"]
    assert "public" in cache_control and "max-age=31536000" in cache_control


def test_an_unchanged_favicon_is_not_sent_again(client):
    last_modified = client.get("/favicon.ico")["Last-Modified"]
    assert client.get("/favicon.ico", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
