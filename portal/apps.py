from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public site's front pages (home, about, sitemap), which gather what the other apps hold."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("网站首页")
