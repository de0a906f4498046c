"""Stable public ids, step 2 of 3: give every existing room its own uuid4."""

import uuid

from django.db import migrations

BATCH = 500


def populate(apps, schema_editor):
    alias = schema_editor.connection.alias
    Venue = apps.get_model("venues", "Venue")
    rows = list(Venue.objects.using(alias).only("pk").order_by("pk"))
    for row in rows:
        row.uuid = uuid.uuid4()
    Venue.objects.using(alias).bulk_update(rows, ["uuid"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("venues", "0002_uuid_add_nullable")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
