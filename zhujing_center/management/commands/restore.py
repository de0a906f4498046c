from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from services.models import Service
from venues.models import Venue
from zhujing_center.backups import restore


class Command(BaseCommand):
    help = "Restore a backup archive into a freshly migrated, empty database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A file written by `manage.py backup`.")

    def handle(self, *args, archive: str, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if Service.objects.exists() or Venue.objects.exists():
            raise CommandError("The database already holds a catalogue; restore only into an empty database.")
        restore(path)
        self.stdout.write(
            self.style.SUCCESS(f"Restored {Service.objects.count()} services and {Venue.objects.count()} rooms.")
        )
