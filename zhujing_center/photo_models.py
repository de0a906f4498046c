"""What every photo of the site's content shares: one abstract model over ``zhujing_center.photos``.

A content model gets photos by a small subclass with the foreign key to its owner, ``upload_dir`` and
``fallback_alt`` (what a screen reader reads when staff wrote neither alt text nor caption). Uploads go
through ``venues.photo_admin.VenuePhotoForm`` (checked, re-encoded without metadata, WebP renditions
made); a ``post_delete`` receiver of the subclass calls ``delete_stored_files`` below.

Used by ``venues.VenuePhoto`` and ``heritage.HeritagePhoto``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import photos


def upload_to(instance: Photo, filename: str) -> str:
    """``<upload_dir>/YYYY/MM/<name>``: the name is already random (``photos.clean_image``)."""
    return f"{instance.upload_dir}/{timezone.localdate():%Y/%m}/{filename}"


class Photo(models.Model):
    """One photo. What is stored is re-encoded without metadata (see zhujing_center/photos.py)."""

    upload_dir = "photos"

    image = models.ImageField(
        _("照片"),
        upload_to=upload_to,
        width_field="width",
        height_field="height",
        help_text=_(
            "手机拍的照片可直接上传（JPG、PNG、WebP 或 HEIC）。保存时自动转正方向、缩小尺寸，"
            "并去掉拍摄地点、设备等隐藏信息。"
        ),
    )
    caption = models.CharField(
        _("说明文字"), max_length=120, blank=True, help_text=_("显示在照片下方，一句话说明照片里是什么。")
    )
    alt = models.CharField(
        _("读屏描述"),
        max_length=200,
        blank=True,
        help_text=_(
            "写给看不见照片的人听：照片里有什么，例如“宽敞的活动室，两排长桌，窗边有一架钢琴”。"
            "不必写“照片”“图片”。留空时读说明文字，再没有则读名称。"
        ),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0, help_text=_("数字小的排在前面。"))
    width = models.PositiveIntegerField(_("宽度（像素）"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("高度（像素）"), null=True, blank=True, editable=False)
    renditions = models.JSONField(
        _("WebP 缩小图"), default=dict, blank=True, editable=False, help_text=_("宽度（像素）→ 文件名，自动生成。")
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ("sort_order", "pk")

    def __str__(self) -> str:
        return self.caption or str(_("照片 %(n)s") % {"n": self.pk} if self.pk else _("照片"))

    @property
    def fallback_alt(self) -> str:
        """What is read when the photo has neither alt text nor caption: its owner's name."""
        return ""

    @property
    def alt_text(self) -> str:
        """What a screen reader reads: the alt text, else the caption, else ``fallback_alt``."""
        return self.alt or self.caption or self.fallback_alt

    def rendition_names(self) -> list[tuple[int, str]]:
        """(width, storage name) of the WebP renditions, narrowest first."""
        return sorted((int(width), name) for width, name in (self.renditions or {}).items())

    @property
    def srcset(self) -> str:
        storage = self.image.storage
        return ", ".join(f"{storage.url(name)} {width}w" for width, name in self.rendition_names())

    @property
    def src_url(self) -> str:
        """The rendition for browsers that ignore srcset: the widest up to 960 px, else the original."""
        renditions = self.rendition_names()
        if not renditions:
            return self.image.url
        fitting = [name for width, name in renditions if width <= 960] or [renditions[0][1]]
        return self.image.storage.url(fitting[-1])

    @property
    def thumbnail_url(self) -> str:
        """The narrowest rendition (480 px for most photos), else the original."""
        renditions = self.rendition_names()
        if renditions:
            return self.image.storage.url(renditions[0][1])
        return self.image.url if self.image else ""

    def stored_names(self) -> list[str]:
        """Every file this photo has in storage: the original and its renditions."""
        return [name for name in (self.image.name, *(self.renditions or {}).values()) if name]

    def refresh_renditions(self) -> None:
        """(Re)build the WebP renditions of the stored image; delete renditions it no longer has."""
        old = set((self.renditions or {}).values())
        self.renditions = {str(width): name for width, name in photos.make_renditions(self.image).items()}
        self.save(update_fields=["renditions"])
        photos.delete_files_on_commit(self.image.storage, old - set(self.renditions.values()))


def delete_stored_files(sender, instance: Photo, **kwargs) -> None:
    """``post_delete`` receiver: delete a photo's files once the delete commits.

    After the commit: a rolled-back delete must not lose the files of a photo that still exists.
    """
    photos.delete_files_on_commit(instance.image.storage, instance.stored_names())
