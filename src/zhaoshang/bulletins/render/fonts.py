"""Which font files the documents use: the official faces from a configured folder when present,
else Noto CJK (Debian's fonts-noto-cjk) by file path."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")


@dataclass(frozen=True)
class Face:
    role: str  # fangsong / xiaobiaosong / heiti / kaiti / songti
    family: str  # the CSS family name the templates use
    path: Path | None  # None → rely on the family name only
    official: bool


# role → (official file names to look for in FONT_DIR, official family name, Noto fallback file)
FACES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "fangsong": (
        ("FANGSONG_GB2312.TTF", "仿宋_GB2312.ttf", "simfang.ttf"),
        "仿宋_GB2312",
        "NotoSerifCJK-Regular.ttc",
    ),
    "xiaobiaosong": (
        ("FZXBSJW.TTF", "方正小标宋简体.ttf", "方正小标宋_GBK.ttf"),
        "方正小标宋简体",
        "NotoSerifCJK-Bold.ttc",
    ),
    "heiti": (("simhei.ttf", "黑体.ttf"), "黑体", "NotoSansCJK-Regular.ttc"),
    "kaiti": (
        ("KAITI_GB2312.TTF", "楷体_GB2312.ttf", "simkai.ttf"),
        "楷体_GB2312",
        "NotoSerifCJK-Regular.ttc",
    ),
    "songti": (("simsun.ttc", "宋体.ttc", "simsun.ttf"), "宋体", "NotoSerifCJK-Regular.ttc"),
}
NOTO_FAMILIES = {
    "NotoSerifCJK-Regular.ttc": "Noto Serif CJK SC",
    "NotoSerifCJK-Bold.ttc": "Noto Serif CJK SC",
    "NotoSansCJK-Regular.ttc": "Noto Sans CJK SC",
}


def font_dir() -> Path | None:
    configured = settings.ZHAOSHANG.get("FONT_DIR") or os.environ.get("ZHAOSHANG_FONT_DIR")
    return Path(configured) if configured else None


def _find(folder: Path | None, names: tuple[str, ...]) -> Path | None:
    if folder is None or not folder.is_dir():
        return None
    present = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    for name in names:
        if name.lower() in present:
            return present[name.lower()]
    return None


def face(role: str) -> Face:
    names, official_family, fallback = FACES[role]
    found = _find(font_dir(), names)
    if found is not None:
        return Face(role, official_family, found, True)
    path = NOTO_DIR / fallback
    return Face(role, NOTO_FAMILIES[fallback], path if path.exists() else None, False)


def faces() -> dict[str, Face]:
    return {role: face(role) for role in FACES}


def font_face_css() -> tuple[str, dict[str, str]]:
    """@font-face rules, one per distinct font file (a file serving several roles is loaded
    once), and the CSS family name of each role."""
    rules: dict[str, str] = {}
    families: dict[str, str] = {}
    for role, item in faces().items():
        key = str(item.path) if item.path is not None else item.family
        if key not in rules:
            name = f"zs-font-{len(rules) + 1}"
            sources = [f'local("{item.family}")']
            if item.path is not None:
                sources.insert(0, f'url("{item.path.as_uri()}")')
            rules[key] = f'@font-face {{ font-family: "{name}"; src: {", ".join(sources)}; }}'
        families[role] = rules[key].split('"')[1]
    return "\n".join(rules.values()), families


def chart_font() -> Path | None:
    return face("heiti").path
