"""PDF through WeasyPrint from the official-format HTML, with the CJK fonts embedded."""

from __future__ import annotations

from django.conf import settings

from zhaoshang.bulletins.render.content import Content
from zhaoshang.bulletins.render.html import official_html


def render_pdf(content: Content) -> bytes:
    from weasyprint import HTML

    html = HTML(string=official_html(content), base_url=str(settings.BASE_DIR))
    pdf = html.write_pdf()
    assert pdf is not None
    return bytes(pdf)
