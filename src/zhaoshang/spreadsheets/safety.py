"""Checks on an uploaded file before any parsing: size, emptiness, real content type, zip bombs."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

MAX_UNCOMPRESSED = 256 * 1024 * 1024  # a 100,000-row sheet is ~90 MB of XML
MAX_RATIO = 100
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def max_upload_bytes() -> int:
    return int(getattr(settings, "ZHAOSHANG", {}).get("MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def check_file(data: bytes) -> str:
    """The workbook format ("xlsx", "ods" or "xls") judged by content; ValidationError if unsafe."""
    if not data:
        raise ValidationError({"file": "文件为空,请选择填好的Excel工作簿"})
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ValidationError(
            {"file": f"文件过大({len(data) // 1024 // 1024} MB),上限为 {limit // 1024 // 1024} MB"}
        )
    if data.startswith(OLE_MAGIC):
        return "xls"
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError(
            {
                "file": "文件内容不是Excel工作簿(.xlsx/.xls/.ods);请勿只修改文件扩展名,如CSV需另存为Excel"
            }
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise ValidationError({"file": "文件已损坏,无法作为Excel工作簿打开"}) from None
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        raise ValidationError({"file": "文件解压后体积异常(疑似压缩炸弹),已拒绝"})
    names = {m.filename for m in members}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        return "ods"
    raise ValidationError({"file": "压缩包不是Excel工作簿(缺少工作簿内容)"})
