"""Trigram GIN indexes for substring search on PostgreSQL; nothing on SQLite.

pg_trgm extracts trigrams from Chinese only in a database whose LC_CTYPE is a
UTF-8 locale (e.g. C.UTF-8); in the plain C locale it finds none, and the index
would be useless. The README's createdb line sets the locale.
"""

from django.db import migrations

INDEXES = {
    "service_search_primary_trgm": "search_primary",
    "service_search_secondary_trgm": "search_secondary",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON services_service USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("services", "0002_search")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
