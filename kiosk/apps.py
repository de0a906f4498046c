from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KioskConfig(AppConfig):
    """The lobby's touch screen: a second front end over the same querysets as the public site."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "kiosk"
    verbose_name = _("大厅触摸屏")
