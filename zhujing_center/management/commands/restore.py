from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from zhujing_center.backups import restore


class Command(BaseCommand):
    help = "Restore a backup archive into a freshly migrated, empty database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A file written by `manage.py backup`.")

    def handle(self, *args, archive: str, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        # By label: this core app imports no app (the catalogue's models are the apps').
        services, rooms = apps.get_model("services.Service").objects, apps.get_model("venues.Venue").objects
        if services.exists() or rooms.exists():
            raise CommandError("The database already holds a catalogue; restore only into an empty database.")
        restore(path)
        self.stdout.write(self.style.SUCCESS(f"Restored {services.count()} services and {rooms.count()} rooms."))
