"""How long the official-format PDF of the demo's March bulletin takes to render (WeasyPrint).

Run: ``.venv/bin/python -m benchmarks.bench_bulletin_pdf [OUT.pdf]`` (loads the demo into a
throwaway SQLite database). Prints pages and seconds per render of two documents: the March
bulletin as the demo has it, and the same bulletin carrying a 更正 of 36 units' February funds
(as after a round of late corrections), which makes it 10 pages — the issue asks for a
10-page bulletin in under 3 seconds. With OUT.pdf the last 10-page rendering is written there.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any


def main(repeats: int = 5) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    os.environ.setdefault("ZHAOSHANG_DATA_DIR", tempfile.mkdtemp(prefix="zhaoshang-bench-"))
    import django

    django.setup()
    import pypdfium2
    from django.core.management import call_command

    from zhaoshang.bulletins import publishing
    from zhaoshang.bulletins.render.pdf import render_pdf
    from zhaoshang.core.periods import Period
    from zhaoshang.org.models import Unit

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    district = Unit.objects.get(kind=Unit.Kind.DISTRICT, name="河东区")
    period = Period(date.today().year, 3)
    draft = publishing.draft_for(district, period)
    draft.doc_number = f"河招〔{period.year}〕3号"
    draft.signer = "张三"
    draft.issued_on = date(period.year, 4, 5)
    draft.copy_to = "区委办公室,区人大常委会办公室,区政府办公室,区政协办公室"
    plain = publishing.content_for(district, period, draft, [])
    corrected = publishing.content_for(district, period, draft, _corrections(plain.document))
    render_pdf(plain)  # warm up fonts and templates
    pdf = b""
    for label, content in (("", plain), (" with a 更正 of 36 units", corrected)):
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            pdf = render_pdf(content)
            timings.append(time.perf_counter() - started)
        pages = len(pypdfium2.PdfDocument(pdf))
        print(
            f"| demo {period} PDF{label} | {pages} | {statistics.median(timings):.2f} s "
            f"| {min(timings):.2f} s | {len(pdf) // 1024} KiB |"
        )
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_bytes(pdf)


def _corrections(document: dict[str, Any]) -> list[dict[str, Any]]:
    """A 更正 line for 36 units' February funds, shaped like ``publishing.corrections``."""
    year = int(document["period"][:4])
    lines = []
    for group in document["groups"]:
        for unit in group["units"]:
            old = unit["outside_funds_wan_yuan"]
            lines.append(
                {
                    "year": year,
                    "month": 2,
                    "period": f"{year}-02",
                    "period_label": f"{year}年1-2月",
                    "code": unit["code"],
                    "unit": unit["unit"],
                    "key": "outside_funds_wan_yuan",
                    "figure": "利用市外资金(万元)",
                    "old": str(old),
                    "new": str(old),
                    "new_raw": old,
                    "reason": "海关终审数据与快报不一致,按终审数更正",
                }
            )
    return lines[:36]


if __name__ == "__main__":
    main()
