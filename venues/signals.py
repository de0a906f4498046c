"""Deleting a room photo (or its room) deletes its files: the original and every rendition, once the delete commits."""

from django.db.models.signals import post_delete

from zhujing_center.photo_models import delete_stored_files

from .models import VenuePhoto

post_delete.connect(delete_stored_files, sender=VenuePhoto, dispatch_uid="venues.delete_photo_files")
