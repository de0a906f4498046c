"""Stable public ids (UUIDs) for open data, step 1 of 3: add the column, nullable and not unique.

The standard recipe for a unique field on existing rows (see services/migrations/0004): 0003 gives
each room its own uuid4, 0004 makes the column unique and non-null.
"""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="venue",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, null=True, verbose_name="开放数据编号"),
        ),
    ]
