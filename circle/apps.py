from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class CircleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "circle"
    verbose_name = _("15分钟服务圈")

    def ready(self) -> None:
        from zhujing_center.photo_models import delete_stored_files

        from .models import PointPhoto

        # Deleting a photo (or its point) deletes its files: the original and every rendition.
        post_delete.connect(delete_stored_files, sender=PointPhoto, dispatch_uid="circle.delete_photo_files")
