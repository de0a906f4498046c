"""The centre's coordinates are now stored in WGS-84, like every place's (see zhujing_center/geo.py).

Until now the admin asked for GCJ-02 (what 高德地图 shows): the stored pair is converted once."""

from decimal import Decimal
from django.db import migrations, models
import django.core.validators

from zhujing_center import geo


def convert(apps, schema_editor, forward=True):
    Centre = apps.get_model("zhujing_center", "Centre")
    for centre in Centre.objects.exclude(latitude=None).exclude(longitude=None):
        point = (float(centre.latitude), float(centre.longitude))
        centre.latitude, centre.longitude = geo.rounded(geo.from_gcj02(point) if forward else geo.to_gcj02(point))
        centre.save(update_fields=["latitude", "longitude"])


def back(apps, schema_editor):
    convert(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("zhujing_center", "0005_centre_sample_phone_hours_and_directions"),
    ]

    operations = [
        migrations.RunPython(convert, back),
        migrations.AlterField(
            model_name="centre",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="中心正门的位置，用 GPS 坐标（WGS-84，手机定位和开放数据用的就是这种），例如 30.896700。从高德地图上查到的坐标请粘贴到上面“从高德地图复制的坐标”一栏，会自动换算。示例数据里的坐标是大致位置，请工作人员核对。",
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("3")),
                    django.core.validators.MaxValueValidator(Decimal("54")),
                ],
                verbose_name="纬度",
            ),
        ),
        migrations.AlterField(
            model_name="centre",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="和纬度一起填写，例如 121.160800。两项都填了，“怎么去”的地图按钮才会在中心位置插上标记。",
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("73")),
                    django.core.validators.MaxValueValidator(Decimal("136")),
                ],
                verbose_name="经度",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcentre",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="中心正门的位置，用 GPS 坐标（WGS-84，手机定位和开放数据用的就是这种），例如 30.896700。从高德地图上查到的坐标请粘贴到上面“从高德地图复制的坐标”一栏，会自动换算。示例数据里的坐标是大致位置，请工作人员核对。",
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("3")),
                    django.core.validators.MaxValueValidator(Decimal("54")),
                ],
                verbose_name="纬度",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcentre",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="和纬度一起填写，例如 121.160800。两项都填了，“怎么去”的地图按钮才会在中心位置插上标记。",
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("73")),
                    django.core.validators.MaxValueValidator(Decimal("136")),
                ],
                verbose_name="经度",
            ),
        ),
    ]
