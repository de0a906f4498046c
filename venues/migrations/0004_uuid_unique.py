"""Stable public ids, step 3 of 3: every room has its own uuid now; make the column unique and required."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("venues", "0003_uuid_populate")]

    operations = [
        migrations.AlterField(
            model_name="venue",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="开放数据编号"),
        ),
    ]
