"""Stable public ids (UUIDs) for open data, step 1 of 3: add the column, nullable and not unique.

The standard recipe for a unique field on existing rows: every existing row gets the same
default here, 0005 gives each row its own uuid4, and 0006 makes the column unique and non-null.
Schema changes and the data step are separate migrations so PostgreSQL never alters a table
with pending trigger events.
"""

import uuid

from django.db import migrations, models


def field():
    return models.UUIDField(default=uuid.uuid4, editable=False, null=True, verbose_name="开放数据编号")


class Migration(migrations.Migration):
    dependencies = [("services", "0003_trigram_indexes")]

    operations = [
        migrations.AddField(model_name="category", name="uuid", field=field()),
        migrations.AddField(model_name="audience", name="uuid", field=field()),
        migrations.AddField(model_name="service", name="uuid", field=field()),
    ]
