"""Check-in photos: check the bytes are an image, read its own EXIF GPS position and time, and
make the stored copy (resized, re-encoded as JPEG, metadata stripped). No ORM."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from zhaoshang.projects.geo import CoordinateError, Point, dms_to_decimal

MAX_PIXELS = 60_000_000  # about 60 megapixels: more is refused as an enormous image
MAX_SIDE = 1600  # the stored copy's longest side
JPEG_QUALITY = 85


class PhotoError(ValueError):
    """The upload is not a usable photo; the message says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class Photo:
    data: bytes  # the stored JPEG
    width: int
    height: int
    original_sha256: str
    sha256: str  # of the stored JPEG
    exif_position: Point | None
    exif_taken_at: datetime | None


def _ratio(value: Any) -> float:
    if isinstance(value, tuple) and len(value) == 2:
        return float(value[0]) / float(value[1]) if value[1] else 0.0
    return float(value)


def _gps(exif: Image.Exif) -> Point | None:
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except (KeyError, ValueError, TypeError):  # pragma: no cover - damaged EXIF
        return None
    lat, lat_ref = gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef)
    lon, lon_ref = gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef)
    if not (lat and lon and lat_ref and lon_ref):
        return None
    try:
        (ad, am, as_), (od, om, os_) = ([_ratio(v) for v in lat], [_ratio(v) for v in lon])
        return Point(
            dms_to_decimal(ad, am, as_, str(lat_ref)), dms_to_decimal(od, om, os_, str(lon_ref))
        )
    except (CoordinateError, TypeError, ValueError, ZeroDivisionError):
        return None


def _taken_at(exif: Image.Exif) -> datetime | None:
    raw = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(
        ExifTags.Base.DateTime
    )
    if not raw:
        return None
    try:
        return datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def process(raw: bytes) -> Photo:
    """Refuse what is not an image or is enormous; return the resized JPEG and what EXIF says."""
    if not raw:
        raise PhotoError("照片为空")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(raw)) as probe:
                width, height = probe.size
                kind = probe.format
                probe.verify()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise PhotoError("照片像素过大,请用手机相机的普通分辨率重新拍摄") from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise PhotoError(
                "上传的文件不是照片(按文件内容判断),请拍摄或选择 JPEG/PNG 照片"
            ) from exc
    if kind not in {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}:
        raise PhotoError("只接受 JPEG、PNG 或 WebP 照片")
    if width * height > MAX_PIXELS:
        raise PhotoError(f"照片像素过大({width}×{height}),请用手机相机的普通分辨率重新拍摄")
    with Image.open(io.BytesIO(raw)) as image:
        exif = image.getexif()
        position, taken = _gps(exif), _taken_at(exif)
        upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    data = out.getvalue()
    return Photo(
        data=data,
        width=upright.width,
        height=upright.height,
        original_sha256=hashlib.sha256(raw).hexdigest(),
        sha256=hashlib.sha256(data).hexdigest(),
        exif_position=position,
        exif_taken_at=taken,
    )
