"""Room photos in the admin: the upload form and the inline shown on a room's page.

Wired in by ``VenueAdmin.inlines`` (venues/admin.py). A bad upload — not an image, a GIF, too
big, too many pixels — is a form error next to the file, never a server error.
"""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zhujing_center import photos

from .models import VenuePhoto

THUMBNAIL_WIDTH = 160


class VenuePhotoForm(forms.ModelForm):
    """Validates the upload with ``photos.validate_upload`` and stores the re-encoded image.

    ``image`` is a plain FileField, not Django's ImageField: that one would open the file with every
    Pillow decoder before our checks run, and answer with its own, vaguer message.
    """

    image = forms.FileField(
        label=VenuePhoto._meta.get_field("image").verbose_name,
        help_text=VenuePhoto._meta.get_field("image").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": photos.ACCEPT}),
    )

    class Meta:
        model = VenuePhoto
        fields = ("image", "caption", "alt", "sort_order")

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not isinstance(upload, UploadedFile):
            return upload  # no new file: the stored one stays
        photos.validate_upload(upload)
        return photos.clean_image(upload)

    def save(self, commit: bool = True) -> VenuePhoto:
        """Save, then build the WebP renditions and drop the files of a replaced image.

        With ``commit=False`` that happens in ``save_m2m()``, which the caller calls after saving.
        """
        previous = self.initial.get("image")
        replaced = [previous.name] if self.instance.pk and previous and "image" in self.changed_data else []
        photo = super().save(commit=commit)
        if commit:
            self._finish(photo, replaced)
        else:
            save_m2m = self.save_m2m

            def finish_after_save() -> None:
                save_m2m()
                self._finish(photo, replaced)

            self.save_m2m = finish_after_save
        return photo

    def _finish(self, photo: VenuePhoto, replaced: list[str]) -> None:
        if "image" in self.changed_data or not photo.renditions:
            photo.refresh_renditions()
        photos.delete_files_on_commit(photo.image.storage, (name for name in replaced if name != photo.image.name))


class VenuePhotoInline(admin.TabularInline):
    model = VenuePhoto
    form = VenuePhotoForm
    extra = 1
    fields = ("thumbnail", "image", "caption", "alt", "sort_order")
    readonly_fields = ("thumbnail",)

    @admin.display(description=_("缩略图"))
    def thumbnail(self, photo: VenuePhoto | None) -> str:
        if photo is None or photo.pk is None or not photo.image:
            return "—"
        height = round(THUMBNAIL_WIDTH * photo.height / photo.width) if photo.width and photo.height else None
        return format_html(
            '<img src="{}" alt="{}" width="{}"{} loading="lazy" decoding="async">',
            photo.thumbnail_url,
            photo.alt or photo.caption or _("照片缩略图"),
            THUMBNAIL_WIDTH,
            format_html(' height="{}"', height) if height else "",
        )
