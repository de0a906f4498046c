from django.core.management.base import BaseCommand

from activities.models import Activity
from activities.sample import create_sample_activities, create_sample_notice


class Command(BaseCommand):
    help = "Create sample weekly activities and a notice dated from today, if there are no activities yet."

    def handle(self, *args, **options):
        if Activity.objects.exists():
            self.stdout.write("Activities already exist; nothing created.")
            return
        count = create_sample_activities()
        notice = create_sample_notice()
        self.stdout.write(self.style.SUCCESS(f"Created {count} sample activities and the notice “{notice.title}”."))
