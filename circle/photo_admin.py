"""Service point photos in the admin: the same checked upload form and inline as room photos."""

from venues.photo_admin import VenuePhotoForm, VenuePhotoInline

from .models import PointPhoto


class PointPhotoForm(VenuePhotoForm):
    class Meta(VenuePhotoForm.Meta):
        model = PointPhoto


class PointPhotoInline(VenuePhotoInline):
    model = PointPhoto
    form = PointPhotoForm
