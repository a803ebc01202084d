"""Site check-in geometry and flags: pure, no ORM, no I/O.

Distances use the haversine formula on a sphere of the WGS-84 mean radius, which is within a
fraction of a percent of the ellipsoid at the distances that matter here (tens of metres to a few
kilometres). Coordinates are WGS-84 as browsers and camera EXIF give them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

EARTH_RADIUS_M = 6_371_008.8
DEFAULT_GEOFENCE_M = 500
DEFAULT_MAX_ACCURACY_M = 100
# A photo's own GPS position further than this from the browser's position disagrees with it.
DEFAULT_EXIF_TOLERANCE_M = 200

FAR = "far"
INACCURATE = "inaccurate"
EXIF_MISMATCH = "exif_mismatch"
NO_SITE = "no_site"
FLAG_LABELS = {
    FAR: "超出项目地点范围",
    INACCURATE: "定位精度不足",
    EXIF_MISMATCH: "照片自带位置与定位不符",
    NO_SITE: "项目未标注坐标,无法比对",
}


class CoordinateError(ValueError):
    """A latitude, longitude or accuracy outside its range."""


@dataclass(frozen=True, slots=True)
class Point:
    lat: Decimal
    lon: Decimal

    def __post_init__(self) -> None:
        if not Decimal(-90) <= self.lat <= Decimal(90):
            raise CoordinateError("纬度应在 -90 到 90 之间")
        if not Decimal(-180) <= self.lon <= Decimal(180):
            raise CoordinateError("经度应在 -180 到 180 之间")


def distance_m(a: Point, b: Point) -> Decimal:
    """Great-circle distance in metres, rounded to 0.1 m."""
    phi1, phi2 = math.radians(float(a.lat)), math.radians(float(b.lat))
    dphi = phi2 - phi1
    dlambda = math.radians(float(b.lon) - float(a.lon))
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    metres = 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
    return Decimal(str(round(metres, 1)))


@dataclass(frozen=True, slots=True)
class Assessment:
    distance_m: Decimal | None
    exif_distance_m: Decimal | None
    flags: tuple[str, ...]

    @property
    def trusted(self) -> bool:
        return not self.flags


def assess(
    *,
    position: Point,
    accuracy_m: Decimal,
    site: Point | None,
    exif: Point | None,
    geofence_m: int = DEFAULT_GEOFENCE_M,
    max_accuracy_m: int = DEFAULT_MAX_ACCURACY_M,
    exif_tolerance_m: int = DEFAULT_EXIF_TOLERANCE_M,
) -> Assessment:
    """Compare a check-in with the project's site and the photo's own position.

    Far: the position is more than ``geofence_m`` from the site. Inaccurate: the browser reports
    an accuracy worse than ``max_accuracy_m``. EXIF mismatch: the photo says it was taken more
    than ``exif_tolerance_m`` (plus the reported accuracy) away from where the browser was.
    """
    if accuracy_m < 0:
        raise CoordinateError("定位精度不能为负数")
    flags: list[str] = []
    distance = distance_m(position, site) if site is not None else None
    if site is None:
        flags.append(NO_SITE)
    elif distance is not None and distance > geofence_m:
        flags.append(FAR)
    if accuracy_m > max_accuracy_m:
        flags.append(INACCURATE)
    exif_distance = distance_m(position, exif) if exif is not None else None
    if exif_distance is not None and exif_distance > exif_tolerance_m + accuracy_m:
        flags.append(EXIF_MISMATCH)
    return Assessment(distance, exif_distance, tuple(flags))


def dms_to_decimal(degrees: float, minutes: float, seconds: float, ref: str) -> Decimal:
    """EXIF degrees/minutes/seconds and a hemisphere letter (N/S/E/W) to signed decimal degrees."""
    value = Decimal(str(degrees)) + Decimal(str(minutes)) / 60 + Decimal(str(seconds)) / 3600
    value = value.quantize(Decimal("0.000001"))
    return -value if ref.strip().upper() in {"S", "W"} else value
