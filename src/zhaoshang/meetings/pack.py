"""The meeting pack (现场会材料): agenda, one card per stop, the latest published bulletin's
summary. One HTML template serves the page and the PDF (WeasyPrint, CJK fonts embedded)."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from zhaoshang.bulletins.render.fonts import font_face_css
from zhaoshang.core.money import format_wan
from zhaoshang.meetings.models import Meeting
from zhaoshang.meetings.queries import cards, latest_bulletin


def _photo_src(checkin: Any, for_pdf: bool) -> str | None:
    if checkin is None:
        return None
    if not for_pdf:
        return reverse("projects:checkin_photo", args=[checkin.pk])
    with checkin.photo.open("rb") as handle:
        return "data:image/jpeg;base64," + base64.b64encode(handle.read()).decode()


def pack_context(meeting: Meeting, *, for_pdf: bool) -> dict[str, Any]:
    bulletin = latest_bulletin(meeting)
    items = [
        {
            "order": card.stop.order,
            "project": card.project,
            "planned_wan": format_wan(card.project.planned_investment_yuan),
            "stage_since": card.stage_since,
            "account": card.stop.account,
            "photo": _photo_src(card.photo, for_pdf),
            "photo_at": card.photo.at if card.photo else None,
            "photo_flags": card.photo.flag_labels() if card.photo else [],
        }
        for card in cards(meeting)
    ]
    faces, families = font_face_css() if for_pdf else ("", {})
    return {
        "meeting": meeting,
        "cards": items,
        "bulletin": bulletin,
        "narrative": (bulletin.document.get("narrative") or [])[:3] if bulletin else [],
        "for_pdf": for_pdf,
        "font_faces": faces,
        "fonts": families,
    }


def pack_html(meeting: Meeting, *, for_pdf: bool) -> str:
    return render_to_string("meetings/pack_document.html", pack_context(meeting, for_pdf=for_pdf))


def render_pack_pdf(meeting: Meeting) -> bytes:
    from weasyprint import HTML

    html = HTML(string=pack_html(meeting, for_pdf=True), base_url=str(settings.BASE_DIR))
    pdf = html.write_pdf()
    assert pdf is not None
    return bytes(pdf)
