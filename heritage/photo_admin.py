"""Heritage photos in the admin: the same upload form and inline as room photos, for HeritagePhoto.

The form checks the upload, re-encodes it without metadata (no GPS, no camera) and makes the WebP
renditions (``venues.photo_admin``, over ``zhujing_center.photos``); a bad upload is a form error next to
the file, never a server error.
"""

from venues.photo_admin import VenuePhotoForm, VenuePhotoInline

from .models import HeritagePhoto


class HeritagePhotoForm(VenuePhotoForm):
    class Meta(VenuePhotoForm.Meta):
        model = HeritagePhoto


class HeritagePhotoInline(VenuePhotoInline):
    model = HeritagePhoto
    form = HeritagePhotoForm
