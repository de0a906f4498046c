"""Deleting a room photo (or its room) deletes its files: the original and every rendition."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from zhujing_center import photos

from .models import VenuePhoto


@receiver(post_delete, sender=VenuePhoto, dispatch_uid="venues.delete_photo_files")
def delete_photo_files(sender, instance: VenuePhoto, **kwargs) -> None:
    # After the commit: a rolled-back delete must not lose the files of a photo that still exists.
    photos.delete_files_on_commit(instance.image.storage, instance.stored_names())
