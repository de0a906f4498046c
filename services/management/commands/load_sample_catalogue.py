from django.core.management import call_command
from django.core.management.base import BaseCommand

from services.models import Service


class Command(BaseCommand):
    help = "Load the sample catalogue (fixtures/catalogue.json) into an empty database; do nothing otherwise."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if services already exist.")

    def handle(self, *args, force: bool = False, **options):
        if Service.objects.exists() and not force:
            self.stdout.write("The catalogue already has services; nothing loaded.")
            return
        call_command("loaddata", "catalogue", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded the sample catalogue: {Service.objects.count()} services."))
