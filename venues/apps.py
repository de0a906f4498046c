from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "venues"
    verbose_name = _("场所与开放时间")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the photo-file clean-up)
