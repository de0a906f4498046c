from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HeritageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "heritage"
    verbose_name = _("非遗项目")
