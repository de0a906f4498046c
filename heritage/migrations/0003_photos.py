"""Heritage items get photos the way rooms have them (HeritagePhoto: several, ordered, with alt text and
WebP renditions); the single photo field they had moves into it, then goes."""

import django.db.models.deletion
import zhujing_center.photo_models
import zhujing_center.photos
from django.db import migrations, models


def move_single_photos(apps, schema_editor):
    """Each item's old photo (and its description, as alt text) becomes its first HeritagePhoto."""
    HeritageItem = apps.get_model("heritage", "HeritageItem")
    HeritagePhoto = apps.get_model("heritage", "HeritagePhoto")
    for item in HeritageItem.objects.exclude(photo=""):
        try:
            photo = HeritagePhoto.objects.create(item=item, image=item.photo.name, alt=item.photo_alt)
        except OSError:  # the file is gone (a copied database without its media): nothing to show
            continue
        try:
            renditions = zhujing_center.photos.make_renditions(photo.image)
        except OSError:
            continue
        photo.renditions = {str(width): name for width, name in renditions.items()}
        photo.save(update_fields=["renditions"])


def move_back(apps, schema_editor):
    HeritagePhoto = apps.get_model("heritage", "HeritagePhoto")
    for photo in HeritagePhoto.objects.order_by("item_id", "sort_order", "pk"):
        item = photo.item
        if not item.photo:
            item.photo, item.photo_alt = photo.image.name, photo.alt[:120]
            item.save(update_fields=["photo", "photo_alt"])


class Migration(migrations.Migration):
    dependencies = [
        ("heritage", "0002_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="HeritagePhoto",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "image",
                    models.ImageField(
                        height_field="height",
                        help_text="手机拍的照片可直接上传（JPG、PNG、WebP 或 HEIC）。保存时自动转正方向、缩小尺寸，并去掉拍摄地点、设备等隐藏信息。",
                        upload_to=zhujing_center.photo_models.upload_to,
                        verbose_name="照片",
                        width_field="width",
                    ),
                ),
                (
                    "caption",
                    models.CharField(
                        blank=True,
                        help_text="显示在照片下方，一句话说明照片里是什么。",
                        max_length=120,
                        verbose_name="说明文字",
                    ),
                ),
                (
                    "alt",
                    models.CharField(
                        blank=True,
                        help_text="写给看不见照片的人听：照片里有什么，例如“传承人在扎花灯的竹骨架，桌上摆着彩纸”。不必写“照片”“图片”。留空时读说明文字，再没有则读名称。",
                        max_length=200,
                        verbose_name="读屏描述",
                    ),
                ),
                (
                    "sort_order",
                    models.PositiveIntegerField(default=0, help_text="数字小的排在前面。", verbose_name="排序"),
                ),
                (
                    "width",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="宽度（像素）"),
                ),
                (
                    "height",
                    models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="高度（像素）"),
                ),
                (
                    "renditions",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        editable=False,
                        help_text="宽度（像素）→ 文件名，自动生成。",
                        verbose_name="WebP 缩小图",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="上传时间")),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="photos",
                        to="heritage.heritageitem",
                        verbose_name="非遗项目",
                    ),
                ),
            ],
            options={
                "verbose_name": "非遗照片",
                "verbose_name_plural": "非遗照片",
                "ordering": ("sort_order", "pk"),
                "abstract": False,
            },
        ),
        migrations.RunPython(move_single_photos, move_back),
        migrations.RemoveField(
            model_name="heritageitem",
            name="photo",
        ),
        migrations.RemoveField(
            model_name="heritageitem",
            name="photo_alt",
        ),
        migrations.RemoveField(
            model_name="historicalheritageitem",
            name="photo",
        ),
        migrations.RemoveField(
            model_name="historicalheritageitem",
            name="photo_alt",
        ),
    ]
