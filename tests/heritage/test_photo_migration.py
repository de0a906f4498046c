"""The migration that gave heritage items photos (heritage 0003): an item's old single photo becomes its first
HeritagePhoto, with its description as alt text and WebP renditions; an item whose file is gone gets none.

In a module of its own: it migrates the test database back and forth, outside any test transaction.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template.loader import render_to_string
from PIL import Image

from heritage.models import HeritageItem, HeritagePhoto


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.django_db(transaction=True)
def test_the_old_single_photo_moves_into_the_photos(media):
    executor = MigrationExecutor(connection)
    executor.migrate([("heritage", "0002_history")])
    old_apps = executor.loader.project_state([("heritage", "0002_history")]).apps
    old_item = old_apps.get_model("heritage", "HeritageItem")
    image = io.BytesIO()
    Image.new("RGB", (1200, 900), "red").save(image, "JPEG")
    item = old_item.objects.create(name="串码灯", slug="chuanmadeng", summary="一串串小灯", photo_alt="一串红色的小灯")
    item.photo.save("chuanmadeng.jpg", ContentFile(image.getvalue()), save=True)
    old_item.objects.create(name="古琴", slug="guqin-old", summary="琴", photo="heritage/gone.jpg")  # its file is gone

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    moved = HeritagePhoto.objects.get(item__slug="chuanmadeng")
    assert moved.alt == "一串红色的小灯" and moved.image.name == "heritage/chuanmadeng.jpg"
    assert (moved.width, moved.height) == (1200, 900)
    assert [width for width, _ in moved.rendition_names()] == [480, 960, 1200]
    assert not HeritagePhoto.objects.filter(item__slug="guqin-old").exists()
    assert "photo" not in {field.name for field in HeritageItem._meta.get_fields()}
    html = render_to_string("includes/venue_photos.html", {"venue": HeritageItem.objects.get(slug="chuanmadeng")})
    assert 'alt="一串红色的小灯"' in html
