from django.core.management.base import BaseCommand

from services import search_index


class Command(BaseCommand):
    help = "Rebuild every service's search text and grams (after a bulk import or a pinyin library upgrade)."

    def handle(self, *args, **options):
        count = search_index.refresh()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the search text of {count} services."))
