from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "services"
    verbose_name = _("服务事项")

    def ready(self) -> None:
        from zhujing_center import bulk

        from . import search_index, signals  # noqa: F401 - signals connects the search-text receivers

        bulk.register(search_index.collected)
