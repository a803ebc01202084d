"""Chinese numerals for ranks and counts in text (第六位, 第十二位)."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """0–9999 in Chinese numerals: 6 → 六, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if n < 0 or n > 9999:
        raise ValueError(f"out of range: {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    units = [(1000, "千"), (100, "百"), (10, "十")]
    out: list[str] = []
    rest = n
    pending_zero = False
    for size, name in units:
        digit, rest = divmod(rest, size)
        if digit:
            if pending_zero:
                out.append("零")
                pending_zero = False
            out.append(_DIGITS[digit] + name)
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out.append("零")
        out.append(_DIGITS[rest])
    return "".join(out)


def ordinal_rank(n: int) -> str:
    """A rank as written in a bulletin: 6 → 第六位."""
    return f"第{chinese_number(n)}位"
