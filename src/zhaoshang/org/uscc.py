"""统一社会信用代码 (USCC): 18 characters with a check digit, per GB 32100-2015."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class USCCError(ValueError):
    pass


def check_char(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(raw: str) -> str:
    """Upper-case, strip spaces; raise ``USCCError`` with a Chinese reason when invalid."""
    code = raw.strip().upper().replace(" ", "")
    if len(code) != 18:
        raise USCCError(f"统一社会信用代码应为18位,收到{len(code)}位")
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        raise USCCError(f"统一社会信用代码含有不允许的字符:{''.join(bad)}(不使用 I、O、Z、S、V)")
    expected = check_char(code[:17])
    if code[17] != expected:
        raise USCCError(f"统一社会信用代码校验位错误:末位应为 {expected},收到 {code[17]}")
    return code


def make_uscc(body17: str) -> str:
    """Complete 17 characters with their check character (used by the demo and tests)."""
    return body17 + check_char(body17)
