"""Fill the search columns of 0011 for every service, and their grams, by the rules of services/search.py.

(``manage.py rebuild_search_index`` does the same; a deploy needs nothing more.)
"""

from django.db import migrations

BATCH = 500


def rebuild(apps, schema_editor):
    from services.search import search_fields
    from zhujing_center.search import grams

    Service = apps.get_model("services", "Service")
    SearchGram = apps.get_model("services", "SearchGram")
    services = Service.objects.select_related("category").prefetch_related("venues").order_by("pk")
    batch = []
    for service in services.iterator(chunk_size=BATCH):
        text = search_fields(
            name=service.name,
            keywords=service.keywords,
            summary=service.summary,
            description=service.description,
            category=service.category.name,
            venues=[venue.name for venue in service.venues.all()],
        )
        service.search_name, service.search_primary = text.name, text.primary
        service.search_secondary, service.search_rare = text.secondary, text.rare
        batch.append(service)
        if len(batch) == BATCH:
            store(Service, SearchGram, batch, grams)
            batch = []
    store(Service, SearchGram, batch, grams)


def store(Service, SearchGram, batch, grams):
    if not batch:
        return
    Service.objects.bulk_update(batch, ["search_name", "search_primary", "search_secondary", "search_rare"])
    SearchGram.objects.filter(service_id__in=[service.pk for service in batch]).delete()
    SearchGram.objects.bulk_create(
        (
            SearchGram(service_id=service.pk, gram=gram)
            for service in batch
            for gram in sorted(grams(service.search_primary + service.search_secondary + service.search_rare))
        ),
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [("services", "0011_synonyms_and_ranked_search_text")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
