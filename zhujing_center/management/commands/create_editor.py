import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import exceptions
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhujing_center.roles import EDITOR_GROUP_NAME, ensure_editor_group

PROMPT_ATTEMPTS = 3


class Command(BaseCommand):
    help = (
        f'Create a staff account in the "{EDITOR_GROUP_NAME}" (editor) group. Asks for the password, '
        "or reads it from the first line of standard input with --password-stdin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="Optional e-mail address.")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input instead of asking for it.",
        )

    def handle(self, *args, username: str, email: str, password_stdin: bool, **options):
        user_model = get_user_model()
        username_field = user_model._meta.get_field(user_model.USERNAME_FIELD)
        try:
            username = username_field.clean(username, None)
        except exceptions.ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).exists():
            raise CommandError(f'A user named "{username}" already exists; change it in the admin instead.')

        user = user_model(**{user_model.USERNAME_FIELD: username}, email=email, is_staff=True)
        password = self.read_password(user) if password_stdin else self.ask_password(user)
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(ensure_editor_group())
        self.stdout.write(self.style.SUCCESS(f'Created editor "{username}" in the group "{EDITOR_GROUP_NAME}".'))

    def read_password(self, user) -> str:
        password = sys.stdin.readline().rstrip("\r\n")
        self.validate(password, user)
        return password

    def ask_password(self, user) -> str:
        if not sys.stdin.isatty():
            raise CommandError("No terminal to ask for the password on: use --password-stdin.")
        for _attempt in range(PROMPT_ATTEMPTS):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ; try again.")
                continue
            try:
                self.validate(password, user)
            except CommandError as error:
                self.stderr.write(str(error))
                continue
            return password
        raise CommandError("No valid password given; nothing created.")

    @staticmethod
    def validate(password: str, user) -> None:
        if not password:
            raise CommandError("The password is empty.")
        try:
            validate_password(password, user)
        except exceptions.ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
