from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ZhujingCenterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhujing_center"
    verbose_name = _("中心信息")

    def ready(self) -> None:
        from .roles import setup_roles_after_migrate

        # Keeps the "内容编辑" group's permissions in step with the models (zhujing_center/roles.py).
        post_migrate.connect(setup_roles_after_migrate, dispatch_uid="zhujing_center.roles.setup_roles")

        from . import page_cache

        page_cache.connect()
