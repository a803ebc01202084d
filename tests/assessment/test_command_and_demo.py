"""`zhaoshang assess`, the demo seed and the admin."""

from __future__ import annotations

import io
import json
import random
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.assessment.conftest import SCHEME_FILE
from zhaoshang.assessment import demo
from zhaoshang.assessment.models import AssessmentRun, Deduction, Result, Scheme


def assess(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("assess", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_assess_prints_a_stored_run_as_json(world, run):
    out, _ = assess("--scheme", run.scheme.name, "--period", "2026-Q1")
    data = json.loads(out)
    assert data["status"] == "objection"
    township = next(g for g in data["groups"] if g["code"] == "township")
    assert [r["rank"] for r in township["results"]] == [1, 2]
    assert all(len(r["total"].split(".")[1]) == 2 for r in township["results"])


def test_assess_writes_an_xlsx_with_every_explanation(world, run, tmp_path):
    target = tmp_path / "q1.xlsx"
    assess(
        "--scheme", str(run.scheme.pk), "--period", "2026-Q1", "--format", "xlsx", "-o", str(target)
    )
    book = load_workbook(target)
    assert book["排名"]["A1"].value.endswith("2026年第一季度考核结果")
    explanations = [row[4] for row in book["得分明细"].iter_rows(min_row=2, values_only=True)]
    assert "到位市外资金完成率50%×50=25" in explanations


def test_assess_writes_a_pdf_with_chinese_text(world, run, tmp_path):
    import pypdfium2 as pdfium

    target = tmp_path / "q1.pdf"
    assess("--scheme", run.scheme.name, "--period", "2026-Q1", "--format", "pdf", "-o", str(target))
    pdf = pdfium.PdfDocument(target.read_bytes())
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert "到位市外资金完成率50%×50=25" in "".join(text.split())


def test_assess_previews_a_yaml_file_without_storing_anything(world, quarter):
    out, _ = assess("--scheme", str(SCHEME_FILE), "--period", "2026-Q1")
    assert json.loads(out)["status"] == "preview"
    assert not AssessmentRun.objects.exists() and not Deduction.objects.exists()


def test_assess_previews_a_period_not_run_yet(world, quarter, scheme):
    out, err = assess("--scheme", scheme.name, "--period", "2026-Q1")
    assert "预览" in err
    assert json.loads(out)["scheme_version"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheme", "无此方案", "--period", "2026-Q1"], "没有名为“无此方案”的考核方案"),
        (["--scheme", "x", "--period", "2026-13"], "月份应在1至12之间"),
        (["--scheme", "x", "--period", "2026-Q1", "--format", "docx"], "未知的输出格式"),
        (["--scheme", "x", "--period", "2026-Q1", "--format", "pdf"], "需要用 -o"),
        (["--scheme", "x", "--period", "2026-Q1", "--format", "xlsx"], "需要用 -o"),
        (["--scheme", "missing.yaml", "--period", "2026-Q1"], "找不到方案文件"),
    ],
)
def test_assess_fails_clearly(world, args, message):
    with pytest.raises(CommandError) as caught:
        assess(*args)
    assert message in str(caught.value)


def test_assess_names_the_faults_of_an_invalid_scheme_file(world, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: 坏方案\nyear: 2026\ntotal: 10\nitems:\n  - {code: a, name: 甲, weight: 10, method: formula, formula: 'a +'}\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        assess("--scheme", str(bad), "--period", "2026-Q1")
    assert "第1项“甲”公式“a +”无法解析" in str(caught.value)


def test_the_demo_seed_saves_the_150_point_scheme_and_runs_the_first_quarter(world, quarter):
    demo.seed(
        district=world.district,
        bureau=world.bureau,
        year=2026,
        today=date(2026, 4, 15),
        rng=random.Random(7),
    )
    scheme = Scheme.objects.get()
    assert scheme.spec.total == 150
    run = demo.first_quarter_run(world.district, 2026)
    assert run is not None and run.results.count() == 5
    assert Result.objects.filter(run=run, vetoed=True).count() == 1  # the labour-security incident
    assert Deduction.objects.filter(rule="not_started").count() == 2
    assert Deduction.objects.filter(rule="missed_return", automatic=True).exists()
    for result in run.results.all():
        assert all(item["explanation"] for item in result.sheet["items"])


def test_the_admin_refuses_an_invalid_scheme_and_saves_edits_as_new_versions(world, login, scheme):
    client = login(world.admin)
    bad = dict(scheme.body, total=149)
    response = client.post(
        reverse("admin:assessment_scheme_add"),
        {"district": world.district.pk, "body": json.dumps(bad, ensure_ascii=False), "note": ""},
    )
    assert response.status_code == 200
    assert "与满分149不符" in response.content.decode()
    response = client.post(
        reverse("admin:assessment_scheme_change", args=[scheme.pk]),
        {
            "district": world.district.pk,
            "body": json.dumps(scheme.body, ensure_ascii=False),
            "note": "修订",
        },
    )
    assert response.status_code == 302
    assert list(Scheme.objects.order_by("version").values_list("version", flat=True)) == [1, 2]


def test_measures_are_gathered_in_a_fixed_number_of_queries(
    world, quarter, scheme, django_assert_max_num_queries
):
    from zhaoshang.assessment import measures
    from zhaoshang.assessment.periods import AssessmentPeriod

    with django_assert_max_num_queries(16):  # the bulletin with its service section, + the rest
        units = measures.gather(world.district, scheme.spec, AssessmentPeriod.parse("2026-Q1"))
    assert len(units) == 5
    xianggong = next(u for u in units if u.name == "相公街道")
    assert xianggong.measures["funds_completion"] == Decimal("0.5")
    assert xianggong.measures["funds_ytd_wan"] == Decimal(50)
    guotu = next(u for u in units if u.name == "国土资源局")
    assert guotu.measures["funds_completion"] is None  # no target: N/A, not zero
    bureau = next(u for u in units if u.name == "招商局")
    assert bureau.measures["returns_missed"] == 3
