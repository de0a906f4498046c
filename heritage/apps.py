from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class HeritageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "heritage"
    verbose_name = _("非遗项目")

    def ready(self) -> None:
        from zhujing_center.photo_models import delete_stored_files

        from .models import HeritagePhoto

        # Deleting a photo (or its item) deletes its files: the original and every rendition.
        post_delete.connect(delete_stored_files, sender=HeritagePhoto, dispatch_uid="heritage.delete_photo_files")
