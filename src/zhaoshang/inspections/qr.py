"""The verification QR code as inline SVG (segno; no image library needed)."""

from __future__ import annotations

import segno


def qr_svg(link: str, scale: int = 4) -> str:
    """An ``<svg>`` element encoding ``link`` (error correction M, quiet zone included)."""
    return str(segno.make(link, error="m").svg_inline(scale=scale, title="核验二维码"))
