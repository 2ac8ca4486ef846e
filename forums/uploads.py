"""Accept an upload by what it is (magic bytes), cap its size, and strip image metadata."""

from __future__ import annotations

import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": ("image/png", "PNG", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", "JPEG", ".jpg"),
    b"GIF87a": ("image/gif", "GIF", ".gif"),
    b"GIF89a": ("image/gif", "GIF", ".gif"),
    b"%PDF-": ("application/pdf", None, ".pdf"),
}


def sniff(head: bytes) -> tuple[str, str | None, str] | None:
    """(content type, Pillow format or None, extension) from the first bytes, or None."""
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def clean_upload(upload):
    """Validated, metadata-free copy of an uploaded file, or ValidationError."""
    limit = settings.PORTAL_GROUPS_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"Attachments can be at most {_size(limit)}.", code="too_big")
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            "Only PNG, JPEG or GIF images and PDF documents can be attached.", code="type"
        )
    content_type, image_format, extension = kind
    stem = os.path.splitext(os.path.basename(upload.name))[0][:60] or "attachment"
    data = _reencode(upload, image_format) if image_format else upload.read()
    return SimpleUploadedFile(stem + extension, data, content_type=content_type)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    return f"{n / 1024:g} KB"


def _reencode(upload, image_format: str) -> bytes:
    """Decode and re-encode: keeps the pixels (upright), drops EXIF, GPS and text chunks."""
    try:
        with Image.open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise ValidationError("This image could not be read.", code="image") from exc
    output = io.BytesIO()
    if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    upright.save(output, format=image_format)
    return output.getvalue()
