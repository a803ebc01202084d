"""Which font files the documents use: the official faces from a configured folder when present,
else Noto Serif SC / Noto Sans SC (OFL) from the ``pylopdf-fonts-zh-cn`` package, by file path — so a
fresh ``./dev up`` renders Chinese without any system font."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pylopdf_fonts_zh_cn
from django.conf import settings


@dataclass(frozen=True)
class Face:
    role: str  # fangsong / xiaobiaosong / heiti / kaiti / songti
    family: str  # the CSS family name the templates use
    path: Path
    official: bool


# role → (official file names to look for in FONT_DIR, official family name, packaged fallback)
FACES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "fangsong": (
        ("FANGSONG_GB2312.TTF", "仿宋_GB2312.ttf", "simfang.ttf"),
        "仿宋_GB2312",
        "serif",
    ),
    "xiaobiaosong": (
        ("FZXBSJW.TTF", "方正小标宋简体.ttf", "方正小标宋_GBK.ttf"),
        "方正小标宋简体",
        "serif",
    ),
    "heiti": (("simhei.ttf", "黑体.ttf"), "黑体", "sans"),
    "kaiti": (
        ("KAITI_GB2312.TTF", "楷体_GB2312.ttf", "simkai.ttf"),
        "楷体_GB2312",
        "serif",
    ),
    "songti": (("simsun.ttc", "宋体.ttc", "simsun.ttf"), "宋体", "serif"),
}
PACKAGED: dict[str, tuple[str, Path]] = {
    "serif": ("Noto Serif SC", pylopdf_fonts_zh_cn.serif_path()),
    "sans": ("Noto Sans SC", pylopdf_fonts_zh_cn.sans_path()),
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
    family, path = PACKAGED[fallback]
    return Face(role, family, path, False)


def faces() -> dict[str, Face]:
    return {role: face(role) for role in FACES}


def font_face_css() -> tuple[str, dict[str, str]]:
    """@font-face rules, one per distinct font file (a file serving several roles is loaded
    once), and the CSS family name of each role."""
    rules: dict[str, str] = {}
    families: dict[str, str] = {}
    for role, item in faces().items():
        key = str(item.path)
        if key not in rules:
            name = f"zs-font-{len(rules) + 1}"
            sources = f'url("{item.path.as_uri()}"), local("{item.family}")'
            rules[key] = f'@font-face {{ font-family: "{name}"; src: {sources}; }}'
        families[role] = rules[key].split('"')[1]
    return "\n".join(rules.values()), families


def chart_font() -> Path:
    return face("heiti").path
