from pathlib import Path

from django.core.management.base import BaseCommand

from zhujing_center.backups import backup


class Command(BaseCommand):
    help = (
        "Back up the database and uploaded media to a dated archive (backups/zhujing-backup-YYYYMMDD-HHMMSS.tar.gz), "
        "readable by its owner only (0600)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="backups", help="Folder for the archive (default: backups/).")

    def handle(self, *args, dir: str, **options):
        target = backup(Path(dir))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target} ({target.stat().st_size // 1024} KB)."))
