"""Staff roles: the "内容编辑" (editor) group, defined here in code.

There are two kinds of staff account:

- **administrator** — a superuser (``manage.py createsuperuser``): everything, including user
  accounts, groups and the login records; must sign in with a second factor (see ``security.py``);
- **editor** — ``is_staff`` and a member of the "内容编辑" group: view, add, change and delete
  every model of the content apps below, nothing in ``auth``, ``sessions``, ``contenttypes``,
  the admin log, the login-lockout records or the 2FA devices.

The group's permissions are computed from ``EDITOR_APP_LABELS`` minus ``EDITOR_EXCLUDED_PERMISSIONS``,
so a model added to one of those apps later is picked up the next time ``ensure_editor_group()``
runs: after every ``migrate`` (a ``post_migrate`` receiver, see ``apps.py``) and on
``manage.py setup_roles``. It is idempotent and resets the group to exactly that list.
"""

from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, transaction

EDITOR_GROUP_NAME = "内容编辑"

# Apps whose every model editors may view, add, change and delete.
EDITOR_APP_LABELS: tuple[str, ...] = (
    "services",
    "venues",
    "circle",
    "activities",
    "heritage",
    "zhujing_center",
    "feedback",
)

# Exceptions inside those apps, as "app_label.codename". The centre's record is one row
# created by a migration: editors change it but neither add a second one nor delete it.
EDITOR_EXCLUDED_PERMISSIONS: frozenset[str] = frozenset({"zhujing_center.add_centre", "zhujing_center.delete_centre"})


def editor_permissions(using: str = DEFAULT_DB_ALIAS) -> list[Permission]:
    """Every permission of the content apps, less the exclusions."""
    permissions = (
        Permission.objects.db_manager(using)
        .filter(content_type__app_label__in=EDITOR_APP_LABELS)
        .select_related("content_type")
    )
    return [
        permission
        for permission in permissions
        if f"{permission.content_type.app_label}.{permission.codename}" not in EDITOR_EXCLUDED_PERMISSIONS
    ]


def ensure_editor_group(using: str = DEFAULT_DB_ALIAS) -> Group:
    """Create the editor group if needed and set its permissions to exactly ``editor_permissions()``."""
    with transaction.atomic(using=using):
        group, _ = Group.objects.db_manager(using).get_or_create(name=EDITOR_GROUP_NAME)
        group.permissions.set(editor_permissions(using))
    return group


def setup_roles_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """``post_migrate`` receiver: runs once per content app, after that app's permissions exist.

    Django creates an app's permissions in a ``post_migrate`` receiver sent for that app, so
    the group is brought up to date each time one of the content apps has been migrated.
    """
    if sender.label in EDITOR_APP_LABELS:
        ensure_editor_group(using)
