"""The actions: schemes are versioned, runs score the district, objections and finalisation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.assessment import actions
from zhaoshang.assessment.models import Deduction, Objection, Result, Scheme
from zhaoshang.core.models import Event


def test_editing_a_scheme_saves_a_new_version_and_keeps_the_old_one(world, scheme):
    body = dict(scheme.body, total=150)
    again = actions.save_scheme(actor=world.bureau, district=world.district, body=body, note="改")
    assert (scheme.version, again.version) == (1, 2)
    assert Scheme.objects.filter(name=scheme.name).count() == 2
    scheme.note = "overwrite"
    with pytest.raises(ValidationError):
        scheme.save()


def test_an_invalid_scheme_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as caught:
        actions.save_scheme(
            actor=world.bureau,
            district=world.district,
            body="name: 方案\nyear: 2026\ntotal: 10\nitems:\n  - {code: a, name: 甲, weight: 10, method: ratio, measure: nope}\n",
        )
    assert "考核项“甲”引用了未知的考核指标“nope”" in str(caught.value)
    assert not Scheme.objects.exists()


def test_broken_yaml_is_refused_with_the_line(world):
    with pytest.raises(ValidationError) as caught:
        actions.save_scheme(actor=world.bureau, district=world.district, body="name: [\n")
    assert "YAML 格式错误" in str(caught.value)


@pytest.mark.parametrize(
    "persona", ["township_reporter", "unit_leader", "leader", "auditor", "outsider"]
)
def test_only_the_bureau_saves_schemes(world, persona):
    with pytest.raises(PermissionDenied):
        actions.save_scheme(
            actor=getattr(world, persona),
            district=world.district,
            body=(__import__("tests.assessment.conftest", fromlist=["x"]).SCHEME_FILE).read_text(
                encoding="utf-8"
            ),
        )


def test_running_the_scheme_scores_every_reporting_unit_with_explanations(world, run):
    results = {r.unit.name: r for r in run.results.select_related("unit")}
    assert set(results) == {"相公街道", "九曲街道", "供销社", "国土资源局", "招商局"}
    xianggong = results["相公街道"]
    # 50万 of a 100万 target: 50% × 50 = 25
    assert xianggong.sheet["items"][0]["explanation"] == "到位市外资金完成率50%×50=25"
    assert {r.group_code for r in results.values()} == {"township", "department"}
    assert sorted(r.rank for r in results.values() if r.group_code == "township") == [1, 2]


def test_missed_monthly_returns_are_written_to_the_ledger_once_with_4_2_2_2(world, scheme, run):
    entries = Deduction.objects.filter(unit=world.bureau_unit, rule="missed_return").order_by(
        "month"
    )
    assert [e.points for e in entries] == [Decimal(4), Decimal(2), Decimal(2)]
    assert all(e.automatic for e in entries)
    actions.run_assessment(actor=world.bureau, scheme=scheme, period="2026-Q1")
    assert Deduction.objects.filter(unit=world.bureau_unit, rule="missed_return").count() == 3
    sheet = Result.objects.get(run=run, unit=world.bureau_unit).sheet
    assert sheet["deductions"][0]["explanation"] == "未按时报送月报3次,扣4+2+2=8分"


def test_a_labour_incident_vetoes_the_unit_whatever_its_score(world, scheme, quarter):
    actions.enter_measure(
        actor=world.bureau,
        unit=world.xianggong,
        year=2026,
        month=2,
        code="labour_incidents",
        value="1",
    )
    run = actions.run_assessment(actor=world.bureau, scheme=scheme, period="2026-Q1")
    result = Result.objects.get(run=run, unit=world.xianggong)
    assert result.vetoed
    assert "发生劳动保障(安全生产)事件" in result.sheet["veto_reasons"][0]
    assert result.rank == 2


def test_a_scheme_is_not_run_for_a_period_it_does_not_cover(world, scheme, quarter):
    with pytest.raises(ValidationError) as caught:
        actions.run_assessment(actor=world.bureau, scheme=scheme, period="2026-03")
    assert "不适用于2026年3月" in str(caught.value)
    with pytest.raises(ValidationError):
        actions.run_assessment(actor=world.bureau, scheme=scheme, period="2026-Q5")


def test_objection_upheld_recomputes_and_records_before_and_after(world, scheme, run):
    result = Result.objects.get(run=run, unit=world.gongxiaoshe)
    objection = actions.file_objection(
        actor=world.dept_reporter, result=result, text="3月漏报的项目已开工,有开工证明"
    )
    assert objection.status == Objection.Status.OPEN
    # The bureau corrects the data first: the project's start is an outside-verified figure here.
    actions.enter_measure(
        actor=world.bureau, unit=world.gongxiaoshe, year=2026, month=3, code="city_awards", value=2
    )
    resolved = actions.resolve_objection(
        actor=world.bureau, objection=objection, upheld=True, resolution="经核实,异议成立"
    )
    assert resolved.status == Objection.Status.UPHELD
    assert resolved.total_after == resolved.total_before + 2  # two awards, one point each
    assert Result.objects.get(pk=result.pk).total == resolved.total_after
    run.refresh_from_db()
    assert run.revision == 2
    event = Event.objects.get(verb="assessment.objection_resolved")
    assert event.data["total_after"] == str(resolved.total_after)


def test_a_cancelled_deduction_no_longer_counts_when_recomputed(world, scheme, run):
    before = Result.objects.get(run=run, unit=world.bureau_unit).total
    entry = Deduction.objects.filter(unit=world.bureau_unit).order_by("month").last()
    actions.cancel_deduction(actor=world.bureau, deduction=entry, reason="系统故障,已补报")
    actions.run_assessment(actor=world.bureau, scheme=scheme, period="2026-Q1")
    assert Result.objects.get(run=run, unit=world.bureau_unit).total == before + 2
    with pytest.raises(PermissionDenied):
        actions.cancel_deduction(actor=world.township_reporter, deduction=entry, reason="x")


def test_a_unit_cannot_object_to_another_units_result(world, run):
    other = Result.objects.get(run=run, unit=world.jiuqu)
    with pytest.raises(PermissionDenied):
        actions.file_objection(actor=world.township_reporter, result=other, text="不服")
    with pytest.raises(PermissionDenied):
        actions.file_objection(actor=world.bureau, result=other, text="代为提出")


def test_rejecting_needs_a_reason_and_finalising_needs_no_open_objection(world, run):
    mine = Result.objects.get(run=run, unit=world.xianggong)
    objection = actions.file_objection(
        actor=world.township_reporter, result=mine, text="项目应计入"
    )
    with pytest.raises(ValidationError):
        actions.finalise_run(actor=world.bureau, run=run)
    with pytest.raises(ValidationError):
        actions.resolve_objection(
            actor=world.bureau, objection=objection, upheld=False, resolution=" "
        )
    actions.resolve_objection(
        actor=world.bureau, objection=objection, upheld=False, resolution="该项目未在考核期内签约"
    )
    final = actions.finalise_run(actor=world.bureau, run=run)
    assert final.is_final and len(final.digest) == 64
    assert final.digest == actions.digest_of(final)
    with pytest.raises(ValidationError):
        actions.file_objection(actor=world.township_reporter, result=mine, text="再次异议")
    with pytest.raises(ValidationError):
        actions.run_assessment(actor=world.bureau, scheme=run.scheme, period="2026-Q1")
    with pytest.raises(PermissionError):
        mine.save()
    assert Event.objects.filter(verb="assessment.finalised").count() == 1


def test_a_manual_deduction_takes_the_next_escalating_step(world, scheme):
    first = actions.record_deduction(
        actor=world.bureau,
        scheme=scheme,
        unit=world.jiuqu,
        rule="not_started",
        reason="A项目未按期开工",
        on=date(2026, 2, 1),
    )
    second = actions.record_deduction(
        actor=world.bureau,
        scheme=scheme,
        unit=world.jiuqu,
        rule="not_started",
        reason="B项目未按期开工",
        on=date(2026, 3, 1),
    )
    assert (first.points, second.points) == (Decimal(4), Decimal(2))
    with pytest.raises(ValidationError):
        actions.record_deduction(
            actor=world.bureau,
            scheme=scheme,
            unit=world.jiuqu,
            rule="nope",
            reason="x",
            on=date(2026, 3, 1),
        )
    with pytest.raises(PermissionDenied):
        actions.record_deduction(
            actor=world.bureau,
            scheme=scheme,
            unit=world.other_unit,
            rule="not_started",
            reason="x",
            on=date(2026, 3, 1),
        )
