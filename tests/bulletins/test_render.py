"""The document files: PDF layout per GB/T 9704 (pypdfium2), DOCX structure, XLSX figures, CLI."""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tests.bulletins.publish_helpers import draft, publish

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
TOLERANCE = 1.5  # points


@pytest.fixture
def published(world, quarter, django_capture_on_commit_callbacks):
    draft(world)
    return publish(world, django_capture_on_commit_callbacks)


def file_bytes(published, kind: str) -> bytes:
    return (Path(settings.MEDIA_ROOT) / published.files.get(kind=kind).path).read_bytes()


def test_the_pdf_is_a4_with_text_in_the_type_area_and_page_numbers_below_it(published):
    pdf = pdfium.PdfDocument(file_bytes(published, "pdf"))
    assert len(pdf) >= 2
    type_bottom = (297 - 37 - 225) * MM
    type_top = (297 - 37) * MM
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        assert abs(width - A4[0]) < 0.5 and abs(height - A4[1]) < 0.5
        number = index + 1
        left = (28 if number % 2 else 26) * MM
        right = left + 156 * MM
        text = page.get_textpage()
        footer = text.get_text_bounded(0, 0, width, type_bottom).strip()
        assert footer == f"— {number} —"
        footer_box = [text.get_charbox(i) for i in range(text.count_chars())]
        for char, box in zip(text.get_text_range(), footer_box, strict=False):
            if char.isspace():
                continue
            x0, y0, x1, y1 = box
            if y1 <= type_bottom + TOLERANCE:
                # The page number: odd pages right, even pages left, about 7 mm below the type area.
                if number % 2:
                    assert x0 > width / 2
                else:
                    assert x1 < width / 2
                assert type_bottom - y0 < 12 * MM
                if char == "—":
                    assert 6 * MM < type_bottom - y1 < 8 * MM  # the dash 7 mm below
                continue
            assert left - TOLERANCE <= x0 and x1 <= right + TOLERANCE, (number, char, box)
            assert y1 <= type_top + TOLERANCE, (number, char, box)


def _is_hanzi(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def test_the_pdf_body_sits_on_the_22_lines_by_28_characters_grid(published):
    """GB/T 9704: the 156 × 225 mm type area holds 22 lines of 28 characters of 3号 仿宋."""
    page = pdfium.PdfDocument(file_bytes(published, "pdf"))[0]
    text = page.get_textpage()
    lines: dict[float, list[tuple[float, str]]] = {}
    for index, char in enumerate(text.get_text_range()):
        if not char.isspace():
            x0, y0, _, _ = text.get_charbox(index, loose=True)
            lines.setdefault(round(y0, 1), []).append((x0, char))
    advances, baselines = [], []
    for y, row in sorted(lines.items(), reverse=True):
        row.sort()
        steps = [
            b[0] - a[0] for a, b in itertools.pairwise(row) if _is_hanzi(a[1]) and _is_hanzi(b[1])
        ]
        body = [step for step in steps if abs(step - 156 / 28 * MM) < 0.5 * MM]
        if len(body) >= 4:  # a line of body text (not the title, issuer mark or page number)
            advances.extend(body)
            baselines.append(y)
    assert len(baselines) >= 5, baselines
    for step in advances:
        assert abs(step - 156 / 28 * MM) < 0.05 * MM  # 28 characters across 156 mm
    pitches = [a - b for a, b in itertools.pairwise(baselines)]
    assert min(pitches) > 0
    for pitch in pitches:  # consecutive body lines, one grid line apart (or a whole number of them)
        lines_apart = round(pitch / (225 / 22 * MM))
        assert lines_apart >= 1
        assert abs(pitch - lines_apart * 225 / 22 * MM) < 0.1 * MM * lines_apart, pitches


def test_the_pdf_chinese_text_extracts_and_carries_the_official_elements(published):
    pdf = pdfium.PdfDocument(file_bytes(published, "pdf"))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    flat = "".join(text.split())
    assert "河东区招商局" in flat
    assert "河招〔2026〕3号" in flat
    assert "关于2026年1-3月全区招商引资工作情况的通报" in flat
    assert "全区共有各类招商引资项目3个" in flat
    assert "一、总体情况" in flat and "(一)乡镇街道" in flat
    assert "2026年4月5日印发" in flat
    assert "相公街道" in flat


def test_every_font_in_the_pdf_is_embedded(published, tmp_path):
    assert shutil.which("pdffonts"), "pdffonts 未安装:需要 Debian 的 poppler-utils 软件包"
    path = tmp_path / "b.pdf"
    path.write_bytes(file_bytes(published, "pdf"))
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines, "no fonts at all"
    for line in lines:
        columns = line.split()
        assert columns[-5] == "yes", line  # emb


def test_the_docx_has_a4_sections_east_asian_fonts_headings_and_real_tables(published):
    document = Document(io.BytesIO(file_bytes(published, "docx")))
    for section in document.sections:
        assert abs(section.page_width.mm - 210) < 0.1 and abs(section.page_height.mm - 297) < 0.1
        assert abs(section.top_margin.mm - 37) < 0.1 and abs(section.left_margin.mm - 28) < 0.1
    normal = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia"))
    heading = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:eastAsia"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "一、总体情况" in headings and "(一)乡镇街道" in headings
    assert len(document.tables) == 2
    first = document.tables[0]
    assert first.rows[0].cells[1].text == "单位"
    assert first.rows[1].cells[1].text == "相公街道"
    assert first.rows[1].cells[3].text == "50.00"
    texts = "".join(p.text for p in document.paragraphs)
    assert "河招〔2026〕3号" in texts and "2026年4月5日" in texts


def test_the_xlsx_has_the_same_figures_as_the_json(published):
    book = load_workbook(io.BytesIO(file_bytes(published, "xlsx")))
    document = published.document
    summary = {row[0]: row[1] for row in book["全区汇总"].iter_rows(values_only=True) if row}
    assert Decimal(str(summary["利用市外资金(万元)"])) == Decimal(
        document["totals"]["outside_funds_wan_yuan"]
    )
    assert summary["各类招商引资项目(个)"] == document["totals"]["projects"]
    for group in document["groups"]:
        rows = list(book[group["name"]].iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        assert len(body) == len(group["units"])
        for values, unit in zip(body, group["units"], strict=True):
            row = dict(zip(header, values, strict=True))
            assert row["单位代码"] == unit["code"] and isinstance(row["单位代码"], str)
            assert Decimal(str(row["利用市外资金(万元)"])) == Decimal(
                unit["outside_funds_wan_yuan"]
            )
            assert isinstance(row["利用市外资金(万元)"], (int, float))
            if unit["completion_pct"] is None:
                assert row["完成率(%)"] is None
            else:
                assert Decimal(str(row["完成率(%)"])) == Decimal(unit["completion_pct"])


@pytest.mark.parametrize("fmt, magic", [("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK")])
def test_the_command_writes_each_format_to_a_file(world, quarter, tmp_path, fmt, magic):
    out = tmp_path / f"b.{fmt}"
    call_command("bulletin", "2026-03", "--format", fmt, "-o", str(out))
    assert out.read_bytes().startswith(magic)


def test_the_command_refuses_a_binary_format_without_an_output_file(world, quarter):
    with pytest.raises(CommandError, match="-o"):
        call_command("bulletin", "2026-03", "--format", "pdf")
    with pytest.raises(CommandError, match="未知的输出格式"):
        call_command("bulletin", "2026-03", "--format", "odt", "-o", "x.odt")
