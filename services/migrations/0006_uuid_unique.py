"""Stable public ids, step 3 of 3: every row has its own uuid now; make the column unique and required."""

import uuid

from django.db import migrations, models


def field():
    return models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="开放数据编号")


class Migration(migrations.Migration):
    dependencies = [("services", "0005_uuid_populate")]

    operations = [
        migrations.AlterField(model_name="category", name="uuid", field=field()),
        migrations.AlterField(model_name="audience", name="uuid", field=field()),
        migrations.AlterField(model_name="service", name="uuid", field=field()),
    ]
