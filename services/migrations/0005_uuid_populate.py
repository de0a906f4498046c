"""Stable public ids, step 2 of 3: give every existing category, audience and service its own uuid4."""

import uuid

from django.db import migrations

BATCH = 500


def populate(apps, schema_editor):
    alias = schema_editor.connection.alias
    for name in ("Category", "Audience", "Service"):
        model = apps.get_model("services", name)
        rows = list(model.objects.using(alias).only("pk").order_by("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model.objects.using(alias).bulk_update(rows, ["uuid"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("services", "0004_uuid_add_nullable")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
