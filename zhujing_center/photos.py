"""Room photos: check an upload, re-encode it without metadata, and make WebP renditions.

What we store is never the file a phone sent. ``validate_upload`` refuses anything that is not a
JPEG, PNG, WebP or HEIC photo of reasonable size (extension *and* decoded format, bytes *and*
pixels, Pillow's decompression-bomb warning turned into a refusal). ``clean_image`` then decodes
it, turns it upright (EXIF orientation), converts it to sRGB, downscales it to at most
``MAX_LONG_EDGE`` pixels and writes a fresh JPEG, so no EXIF (GPS, camera, date), XMP or ICC data
survives. ``make_renditions`` writes the WebP files the public pages list in ``srcset``.

Decisions:

* Everything is stored as JPEG, quality 85 — PNG and WebP too, and HEIC, which browsers cannot
  show. These are photos of rooms; a transparent PNG (a logo, a screenshot) is flattened onto white.
  One output format keeps storage bounded: a 2560 px PNG photo would weigh 5–10 MB.
* HEIC/HEIF (iPhone photos copied to a PC) is read through the pillow-heif plugin, registered
  below. Its decoder (libheif) applies the orientation itself.
* Phone JPEGs with a depth map or a second frame decode as Pillow's "MPO"; they are JPEGs and are
  accepted (the first frame is kept).
* Pillow only tries the decoders of the allowed formats (``Image.open(..., formats=...)``), so a
  file never reaches the parser of a format we do not accept.
* The pixel limit is checked here, against ``settings.PHOTO_MAX_PIXELS``; Pillow's global
  ``Image.MAX_IMAGE_PIXELS`` is left alone. Pillow's own bomb check (warning above ~89 M pixels,
  error above twice that) is turned into a refusal too, as a second line.
"""

from __future__ import annotations

import io
import logging
import uuid
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import PurePosixPath
from typing import IO

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

logger = logging.getLogger(__name__)

pillow_heif.register_heif_opener(thumbnails=False)

ALLOWED_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "heic", "heif")
# The decoders Pillow may try; MPO comes out of the JPEG decoder.
DECODERS = ("JPEG", "PNG", "WEBP", "HEIF")
ALLOWED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "HEIF"})
ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic,.heif"

DEFAULT_MAX_BYTES = 15 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
MAX_LONG_EDGE = 2560
JPEG_QUALITY = 85
RENDITION_WIDTHS = (480, 960, 1440)
WEBP_QUALITY = 80

FORMATS_HINT = _("请上传 JPG、PNG、WebP 或 HEIC 格式的照片。")


def max_bytes() -> int:
    return getattr(settings, "PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels() -> int:
    return getattr(settings, "PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def validate_upload(uploaded_file: IO[bytes]) -> None:
    """Refuse anything but a JPEG/PNG/WebP/HEIC photo within the size and pixel limits.

    Raises ``ValidationError`` with a message staff can act on. Reads only the headers (and, for
    PNG, the chunk checksums); ``clean_image`` does the full decode.
    """
    name = getattr(uploaded_file, "name", "") or ""
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        shown = f".{extension}" if extension else _("无扩展名")
        raise ValidationError(
            _("不支持“%(extension)s”文件。%(hint)s"),
            code="extension",
            params={"extension": shown, "hint": FORMATS_HINT},
        )

    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, io.SEEK_END)
        size = uploaded_file.tell()
    if size > max_bytes():
        raise ValidationError(
            _("文件太大（%(size)s），最大 %(limit)s。请在手机上选择较小的照片尺寸，或压缩后再上传。"),
            code="file_size",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
        )

    with _open_image(uploaded_file) as image:
        try:
            image.verify()
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise _not_an_image() from error
    # verify() leaves the image unusable; open it again and check what it really is.
    with _open_image(uploaded_file) as image:
        if image.format not in ALLOWED_FORMATS:
            raise ValidationError(
                _("不支持 %(format)s 格式的图片。%(hint)s"),
                code="format",
                params={"format": image.format, "hint": FORMATS_HINT},
            )


def clean_image(uploaded_file: IO[bytes]) -> ContentFile:
    """The photo as a fresh sRGB JPEG: upright, at most MAX_LONG_EDGE px, with no metadata at all.

    Call ``validate_upload`` first. Raises ``ValidationError`` if the file cannot be decoded
    (e.g. a truncated download). The returned file has a random name, so the original file name
    (which may name a person or a place) is not kept either.
    """
    try:
        with _open_image(uploaded_file) as image:
            if image.format in {"JPEG", "MPO"}:
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that is still big enough.
                image.draft(None, _draft_size(image.size))
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_LONG_EDGE, MAX_LONG_EDGE), Image.Resampling.LANCZOS)
            image = _to_srgb(_flatten(image))
            output = io.BytesIO()
            image.info = {}
            image.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    except ValidationError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as error:
        logger.info("Photo upload could not be decoded: %s", error)
        raise ValidationError(
            _("图片文件已损坏或不完整，无法读取。%(hint)s"), code="broken", params={"hint": FORMATS_HINT}
        ) from error
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def make_renditions(stored_image: FieldFile) -> dict[int, str]:
    """Write WebP copies of a stored photo at RENDITION_WIDTHS, next to it; return {width: name}.

    Never upscales: widths above the photo's own are replaced by the photo's width, so a 1200 px
    photo gets 480, 960 and 1200; a 300 px one gets a single 300 px rendition.
    """
    storage = stored_image.storage
    stem = PurePosixPath(stored_image.name).with_suffix("")
    stored_image.open("rb")
    try:
        with Image.open(stored_image, formats=("JPEG",)) as original:
            original.load()
    finally:
        stored_image.close()
    original.info = {}
    renditions: dict[int, str] = {}
    for width in rendition_widths(original.width):
        if width == original.width:
            resized = original
        else:
            height = max(1, round(original.height * width / original.width))
            resized = original.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        output = io.BytesIO()
        resized.save(output, format="WEBP", quality=WEBP_QUALITY)
        renditions[width] = storage.save(f"{stem}-{width}w.webp", ContentFile(output.getvalue()))
    return renditions


def rendition_widths(original_width: int) -> list[int]:
    return sorted({min(width, original_width) for width in RENDITION_WIDTHS})


def delete_files(storage: Storage, names: Iterable[str]) -> None:
    """Delete stored files, logging (not raising) on failure: the row is already gone."""
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete photo file %s", name, exc_info=True)


def delete_files_on_commit(storage: Storage, names: Iterable[str]) -> None:
    """Delete the files once the surrounding transaction commits (at once outside one)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(partial(delete_files, storage, names))


@contextmanager
def _open_image(uploaded_file: IO[bytes]) -> Iterator[Image.Image]:
    """Open with only the allowed decoders, refusing bombs and images over PHOTO_MAX_PIXELS."""
    uploaded_file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(uploaded_file, formats=DECODERS)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise _too_many_pixels() from error
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            # UnidentifiedImageError is an OSError: not an image, or not one we accept.
            raise _not_an_image() from error
        with image:
            width, height = image.size
            if width * height > max_pixels():
                raise _too_many_pixels(width, height)
            yield image
    uploaded_file.seek(0)


def _not_an_image() -> ValidationError:
    return ValidationError(_("这不是有效的图片文件。%(hint)s"), code="not_an_image", params={"hint": FORMATS_HINT})


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = _("%(n)s 万像素") % {"n": f"{max_pixels() / 10_000:g}"}
    if width is None or height is None:
        return ValidationError(
            _("图片像素太多，最多 %(limit)s。请在手机上选择较小的照片尺寸后再上传。"),
            code="pixels",
            params={"limit": limit},
        )
    return ValidationError(
        _("图片像素太多（%(width)d×%(height)d），最多 %(limit)s。请在手机上选择较小的照片尺寸后再上传。"),
        code="pixels",
        params={"width": width, "height": height, "limit": limit},
    )


def _draft_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    scale = MAX_LONG_EDGE / max(width, height)
    return (max(1, int(width * scale)), max(1, int(height * scale))) if scale < 1 else size


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent images onto white: JPEG has no alpha channel."""
    if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        background.info = {"icc_profile": image.info.get("icc_profile")} if image.info.get("icc_profile") else {}
        return background
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to sRGB using the embedded ICC profile (e.g. iPhone Display P3), then drop it.

    Greyscale stays greyscale; everything else becomes RGB. A broken profile is ignored.
    """
    icc = image.info.get("icc_profile")
    target_mode = "L" if image.mode in {"1", "L", "I", "I;16", "F"} and not icc else "RGB"
    if icc and image.mode in {"RGB", "RGBA", "CMYK", "L"}:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            if image.mode == "RGBA":
                image = image.convert("RGB")
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            logger.info("Ignoring an unusable ICC profile in a photo upload")
    return image if image.mode == target_mode else image.convert(target_mode)
