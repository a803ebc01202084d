"""How long the official-format PDF of the demo's March bulletin takes to render (WeasyPrint).

Run: ``.venv/bin/python -m benchmarks.bench_bulletin_pdf [OUT.pdf]`` (loads the demo into a
throwaway SQLite database). Prints pages and seconds per render; the issue asks for a ~10-page
bulletin in under 3 seconds. With OUT.pdf the last rendering is written there.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


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
    content = publishing.content_for(district, period, draft, [])
    render_pdf(content)  # warm up fonts and templates
    timings, pdf = [], b""
    for _ in range(repeats):
        started = time.perf_counter()
        pdf = render_pdf(content)
        timings.append(time.perf_counter() - started)
    pages = len(pypdfium2.PdfDocument(pdf))
    print(
        f"| demo {period} PDF | {pages} pages | median {statistics.median(timings):.2f} s "
        f"| min {min(timings):.2f} s | {len(pdf) // 1024} KiB |"
    )
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_bytes(pdf)


if __name__ == "__main__":
    main()
