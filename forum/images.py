"""Checks and cleans images people attach to proposals, with Pillow.

Only real JPEG, PNG and WebP files are accepted, whatever their name says; files too large in
bytes or in pixels and decompression bombs are refused before they are decoded in full. Every
accepted image is re-encoded from its pixels, which drops EXIF, GPS and any other metadata, and
scaled down to at most MAX_SIDE pixels on its longest side.
"""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
MAX_SIDE = 2000


def clean_image(upload):
    """Return a new, metadata-free upload made from `upload`, or raise ValidationError."""
    name = getattr(upload, "name", "") or "anh"
    if upload.size > settings.FORUM_IMAGE_MAX_BYTES:
        raise ValidationError(
            _("Ảnh %(name)s quá lớn (%(size)s MB); tối đa %(limit)s MB.")
            % {
                "name": name,
                "size": round(upload.size / 1048576, 1),
                "limit": settings.FORUM_IMAGE_MAX_BYTES // 1048576,
            },
            code="too_large",
        )
    max_pixels = settings.FORUM_IMAGE_MAX_PIXELS
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            previous = Image.MAX_IMAGE_PIXELS
            Image.MAX_IMAGE_PIXELS = max_pixels
            try:
                image = Image.open(io.BytesIO(data))
                image_format = image.format
                if image_format not in FORMATS:
                    raise ValidationError(
                        _("Tệp %(name)s không phải ảnh JPEG, PNG hoặc WebP.") % {"name": name}, code="format"
                    )
                width, height = image.size
                if width * height > max_pixels:
                    raise Image.DecompressionBombError("too many pixels")
                image.verify()
                image = Image.open(io.BytesIO(data))
                image.load()
            finally:
                Image.MAX_IMAGE_PIXELS = previous
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("Ảnh %(name)s có quá nhiều điểm ảnh (tối đa %(limit)s triệu) và đã bị từ chối để bảo vệ hệ thống.")
            % {"name": name, "limit": max_pixels // 1_000_000},
            code="bomb",
        ) from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Tệp %(name)s không phải ảnh JPEG, PNG hoặc WebP hợp lệ.") % {"name": name}, code="format"
        ) from None

    image = ImageOps.exif_transpose(image)  # keep the orientation the camera meant, then drop EXIF
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    extension, content_type = FORMATS[image_format]
    output = io.BytesIO()
    options = {"quality": 85} if image_format in ("JPEG", "WEBP") else {"optimize": True}
    image.save(output, format=image_format, **options)  # no exif= argument: no metadata written
    stem = name.rsplit(".", 1)[0][:60] or "anh"
    return SimpleUploadedFile(f"{stem}.{extension}", output.getvalue(), content_type=content_type)
