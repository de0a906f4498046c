from django.core.management import call_command
from django.core.management.base import BaseCommand

from services import search_index
from services.models import Service


class Command(BaseCommand):
    help = "Load the sample catalogue, heritage collection and service circle (fixtures/) into an empty database."

    def handle(self, *args, **options):
        if Service.objects.exists():
            self.stdout.write("The catalogue already has services; nothing loaded.")
            return
        with search_index.deferred():  # one rebuild at the end instead of one per row
            call_command("loaddata", "catalogue", "heritage", "circle", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded the sample catalogue: {Service.objects.count()} services."))
