"""Money and percentages as officials write them.

Amounts are ``Decimal`` yuan (or US dollars) and are never floats. Rounding is half-up (四舍五入)
and happens only here, for display, from unrounded values.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
_SUFFIX_RE = re.compile(r"(万|亿|元|w|W)\s*$")


class AmountError(ValueError):
    """An amount a person typed that is not a plain non-negative number."""


def round_half_up(value: Decimal, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def strip_zeros(value: Decimal) -> str:
    """Decimal to text with trailing zeros dropped: 36.20 → "36.2", 25.00 → "25"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def yuan_to_wan(yuan: Decimal) -> Decimal:
    return yuan / WAN


def format_wan(yuan: Decimal, places: int = 2) -> str:
    """Yuan shown in 万元 with ``places`` decimals, trailing zeros dropped (25200.00 → "25200")."""
    return strip_zeros(round_half_up(yuan / WAN, places))


def format_yi(yuan: Decimal, places: int = 2) -> str:
    """Yuan shown in 亿元: 252000000 → "2.52"."""
    return strip_zeros(round_half_up(yuan / YI, places))


def percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """Unrounded percentage, or ``None`` when there is no denominator (shown as "—", never 0%)."""
    if denominator == 0:
        return None
    return numerator * Decimal(100) / denominator


def format_percent(value: Decimal | None, places: int = 2) -> str:
    """36.2 → "36.2%"; ``None`` → "—"."""
    if value is None:
        return "—"
    return f"{strip_zeros(round_half_up(value, places))}%"


def format_points(value: Decimal | None, places: int = 2) -> str:
    """A gap in percentage points: "11.2个百分点" (the sign is said in words by the caller)."""
    if value is None:
        return "—"
    return f"{strip_zeros(round_half_up(abs(value), places))}个百分点"


def parse_amount(text: str | int | float | Decimal, *, field: str = "金额") -> Decimal:
    """Parse a plain non-negative number typed in a form or cell.

    Suffixes such as 万 or 亿 are refused with a message that says which unit the field expects,
    so that "3万" is never silently read as 3 yuan.
    """
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    else:
        raw = text.strip().replace(",", "").replace(",", "")
        if raw == "":
            raise AmountError(f"{field}:不能为空")
        if _SUFFIX_RE.search(raw):
            raise AmountError(
                f"{field}:请只填写数字,单位已由栏目规定,不要带“万”“亿”“元”等字样(收到 “{text}”)"
            )
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise AmountError(f"{field}:“{text}” 不是有效的数字") from exc
    if not value.is_finite():
        raise AmountError(f"{field}:“{text}” 不是有效的数字")
    if value < 0:
        raise AmountError(f"{field}:不能为负数(收到 {strip_zeros(value)})")
    return value
