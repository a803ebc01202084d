"""DOCX (python-docx) with the official layout: A4, GB/T 9704 margins, East-Asian fonts set on
w:eastAsia, real Word headings and tables, page numbers "— n —" in the footer."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from zhaoshang.bulletins.render import charts
from zhaoshang.bulletins.render.content import SERVICE_HEADER, TABLE_HEADER, Content
from zhaoshang.bulletins.render.fonts import faces

RED = RGBColor(0xC0, 0x00, 0x00)


def _font(target: object, family: str, size: float | None = None) -> None:
    """Set Latin and East-Asian font names (rFonts w:eastAsia) on a style or run."""
    font = target.font  # type: ignore[attr-defined]
    font.name = family
    if size is not None:
        font.size = Pt(size)
    rpr = target.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)


def _page_number(paragraph: object) -> None:
    run = paragraph.add_run("— ")  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()  # type: ignore[attr-defined]
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    paragraph.add_run(" —")  # type: ignore[attr-defined]


def _setup(document: object, names: dict[str, str]) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    settings = document.settings.element  # type: ignore[attr-defined]
    settings.append(OxmlElement("w:evenAndOddHeaders"))
    section.start_type = WD_SECTION.NEW_PAGE
    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    _font(normal, names["fangsong"], 16)
    normal.paragraph_format.line_spacing = Pt(28.95)
    normal.paragraph_format.space_after = Pt(0)
    for level, role in ((1, "heiti"), (2, "kaiti")):
        style = styles[f"Heading {level}"]
        _font(style, names[role], 16)
        style.font.bold = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.first_line_indent = Pt(32)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
    title = styles["Title"]
    _font(title, names["xiaobiaosong"], 22)
    title.font.color.rgb = RGBColor(0, 0, 0)
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _page_number(even)
    for paragraph in (odd, even):
        for run in paragraph.runs:
            _font(run, names["songti"], 14)


def _body(document: object, text: str) -> None:
    paragraph = document.add_paragraph(text)  # type: ignore[attr-defined]
    paragraph.paragraph_format.first_line_indent = Pt(32)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _table(document: object, header: list[str], rows: list[list[object]], font: str) -> None:
    table = document.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.line_spacing = 1.0
                for run in paragraph.runs:
                    _font(run, font, 10.5)


def render_docx(content: Content) -> bytes:
    names = {role: face.family for role, face in faces().items()}
    document = Document()
    _setup(document, names)
    meta = content.meta
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.space_before = Mm(35)
    run = mark.add_run(meta.issuer)
    _font(run, names["xiaobiaosong"], 36)
    run.font.color.rgb = RED
    number = document.add_paragraph(meta.doc_number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rule = number.paragraph_format
    rule.space_after = Mm(4)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "8"),
        ("w:space", "11"),
        ("w:color", "C00000"),
    ):
        bottom.set(qn(key), value)
    border.append(bottom)
    number._p.get_or_add_pPr().append(border)
    title = document.add_paragraph(meta.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("各乡镇(街道)、区直各部门:")
    narrative = content.narrative
    headings = content.headings
    document.add_heading(headings["overall"], level=1)
    for text in narrative[:1]:
        _body(document, text)
    document.add_heading(headings["units"], level=1)
    for text in narrative[1:]:
        _body(document, text)
    document.add_picture(io.BytesIO(charts.monthly_chart(content.chart)), width=Mm(150))
    document.add_heading(headings["groups"], level=1)
    for index, group in enumerate(content.document["groups"]):
        document.add_heading(content.group_heading(index, group["name"]), level=2)
        _body(
            document,
            f"{group['name']}合计利用市外资金{group['outside_funds_wan_yuan']}万元,"
            f"各类招商引资项目{group['projects']}个。",
        )
        _table(document, TABLE_HEADER, content.table_rows(group), names["fangsong"])
    if content.service:
        document.add_heading(headings["service"], level=1)
        _body(document, content.service["paragraph"])
        if content.service["units"]:
            _table(document, SERVICE_HEADER, content.service_rows(), names["fangsong"])
    if content.corrections:
        document.add_heading(headings["corrections"], level=1)
        _body(document, "此前已发布通报中的下列数据有变动,现予更正:")
        rows = [
            [c["period_label"], c["unit"], c["figure"], c["old"], c["new"], c.get("reason") or "—"]
            for c in content.corrections
        ]
        _table(
            document, ["期间", "单位", "数据项", "原数", "更正为", "原因"], rows, names["fangsong"]
        )
    for text in (meta.issuer, meta.date_text):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    closing = []
    if meta.copy_to:
        closing.append(f"抄送:{meta.copy_to}")
    closing.append(f"{meta.issuer}　　　　{meta.date_text}印发")
    for text in closing:
        paragraph = document.add_paragraph()
        _font(paragraph.add_run(text), names["fangsong"], 14)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
