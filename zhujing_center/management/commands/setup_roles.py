from django.core.management.base import BaseCommand

from zhujing_center.roles import EDITOR_APP_LABELS, EDITOR_GROUP_NAME, ensure_editor_group


class Command(BaseCommand):
    help = (
        f'Create the "{EDITOR_GROUP_NAME}" (editor) group or bring its permissions up to date. '
        "Runs by itself after every migrate; safe to run any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, **options):
        group = ensure_editor_group(options["database"])
        count = group.permissions.count()
        self.stdout.write(
            self.style.SUCCESS(
                f'Group "{group.name}": {count} permissions on the models of {", ".join(EDITOR_APP_LABELS)}.'
            )
        )
