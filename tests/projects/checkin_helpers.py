"""Photos for check-in tests, made with Pillow, with or without EXIF GPS."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from zhaoshang.projects.models import Project

SITE = (Decimal("35.100000"), Decimal("118.360000"))  # 河东区, roughly


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    return (float(degrees), float(minutes), round((minutes_full - minutes) * 60, 4))


def jpeg(*, size: tuple[int, int] = (1200, 900), gps: tuple[float, float] | None = None) -> bytes:
    image = Image.new("RGB", size, (90, 140, 60))
    exif = Image.Exif()
    if gps is not None:
        exif[ExifTags.Base.GPSInfo] = {1: "N", 2: _dms(gps[0]), 3: "E", 4: _dms(gps[1])}
        exif[ExifTags.Base.DateTime] = "2026:03:05 10:11:12"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def photo(content: bytes | None = None, name: str = "site.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg() if content is None else content, "image/jpeg")


def place(project: Project) -> Project:
    project.latitude, project.longitude = SITE
    project.save(update_fields=["latitude", "longitude"])
    return project
