from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinderConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "finder"
    verbose_name = _("全站搜索")
