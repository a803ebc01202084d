"""The actions: register, protect, file, approve/refuse, merge, rate, report — with bad input
and out-of-scope actors."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.inspections.helpers import file, guotu_reporter, make_enterprise, protect, seed_calendar
from tests.world import make_project, uscc
from zhaoshang.casework.models import Case
from zhaoshang.core.models import Event
from zhaoshang.inspections import actions
from zhaoshang.inspections.models import (
    Enterprise,
    Filing,
    InspectionRules,
    ProtectionRule,
    Rating,
    UnfiledReport,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
PLANNED = date(2026, 6, 22)


@pytest.fixture(autouse=True)
def _calendar(db):
    seed_calendar(2026)


def test_an_invalid_uscc_is_refused_with_the_reason_and_nothing_is_written(world):
    with pytest.raises(ValidationError) as err:
        make_enterprise(world, uscc="91371300MA00000010")
    assert "校验位错误" in err.value.message_dict["uscc"][0]
    assert not Enterprise.objects.exists()


def test_a_township_reporter_registers_only_enterprises_of_its_own_unit(world):
    with pytest.raises(PermissionDenied):
        actions.register_enterprise(
            actor=world.township_reporter,
            uscc=uscc(),
            name="甲公司",
            responsible_unit=world.jiuqu,
            industry="services",
            size="small",
        )
    e = actions.register_enterprise(
        actor=world.township_reporter,
        uscc=uscc(),
        name="乙公司",
        responsible_unit=world.xianggong,
        industry="services",
        size="small",
    )
    assert Enterprise.objects.visible_to(world.township_reporter).get() == e
    assert not Enterprise.objects.visible_to(world.dept_reporter).exists()


def test_a_routine_filing_gets_a_verification_code_and_an_event(world):
    e = make_enterprise(world)
    f = file(world, e, PLANNED, TODAY)
    assert f.status == Filing.Status.FILED and len(f.code) == 14
    assert actions.verify(f.code.lower().replace("-", " ")) == f
    assert Event.objects.filter(verb="inspection.filed", subject_id=str(f.pk)).exists()


def test_a_department_files_only_in_its_own_name(world):
    e = make_enterprise(world)
    for actor in (world.dept_reporter, world.bureau, world.leader):
        with pytest.raises(PermissionDenied):
            file(world, e, PLANNED, TODAY, actor=actor, department=world.guotu)
    assert not Filing.objects.exists()


def test_a_dissolved_enterprise_is_refused_and_all_reasons_are_given_at_once(world):
    e = make_enterprise(world)
    actions.change_enterprise_status(
        actor=world.bureau, enterprise=e, status="dissolved", reason="已注销登记"
    )
    with pytest.raises(ValidationError) as err:
        file(world, e, date(2026, 6, 3), TODAY, inspectors=["张三"])
    fields = err.value.message_dict
    assert "已注销" in fields["enterprise"][0]
    assert "不少于 2 人" in fields["inspectors"][0]
    assert len(fields["planned_date"]) == 2  # too short notice and in the quiet days
    assert not Filing.objects.exists()


def test_a_past_date_for_a_routine_filing_is_refused(world):
    e = make_enterprise(world)
    with pytest.raises(ValidationError) as err:
        file(world, e, date(2026, 5, 25), TODAY)
    assert "已过" in err.value.message_dict["planned_date"][0]


def test_the_second_routine_inspection_of_a_matter_in_a_year_is_refused_but_a_complaint_passes(
    world,
):
    e = make_enterprise(world)
    file(world, e, PLANNED, TODAY)
    with pytest.raises(ValidationError) as err:
        file(world, e, date(2026, 7, 22), TODAY)
    assert "每年至多 1 次" in err.value.message_dict["matter"][0]
    file(world, e, date(2026, 7, 22), TODAY, matter="消防安全")  # another matter
    file(world, e, date(2026, 6, 4), TODAY, kind="complaint")
    assert Filing.objects.count() == 3


def test_changing_the_rules_row_changes_what_is_accepted(world):
    e = make_enterprise(world)
    rules = InspectionRules.current()
    rules.quiet_last_day = 0
    rules.routine_per_year = 2
    rules.save()
    file(world, e, date(2026, 6, 5), TODAY)  # the 5th: no quiet days any more
    file(world, e, date(2026, 6, 8), TODAY)  # a second routine of the same matter: allowed
    rules.notice_working_days = 10
    rules.save()
    with pytest.raises(ValidationError):
        file(world, e, date(2026, 6, 9), TODAY, matter="环保")


def test_a_protected_enterprise_waits_for_the_bureau_which_alone_may_approve(world):
    e = make_enterprise(world)
    protect(world, e, date(2026, 1, 1), date(2026, 12, 31))
    f = file(world, e, PLANNED, TODAY)
    assert f.status == Filing.Status.PENDING and f.code is None
    assert actions.verify("") is None
    for actor in (world.dept_reporter, world.leader, world.auditor, world.unit_leader):
        with pytest.raises(PermissionDenied):
            actions.approve_filing(actor=actor, filing=f)
    approved = actions.approve_filing(actor=world.bureau, filing=f, note="同意,请轻扰")
    assert approved.status == Filing.Status.FILED and approved.code
    with pytest.raises(ValidationError):
        actions.refuse_filing(actor=world.bureau, filing=f, note="重复")


def test_a_refusal_needs_a_reason_and_gives_no_code(world):
    e = make_enterprise(world)
    protect(world, e, date(2026, 1, 1), date(2026, 12, 31))
    f = file(world, e, PLANNED, TODAY)
    with pytest.raises(ValidationError):
        actions.refuse_filing(actor=world.bureau, filing=f, note=" ")
    refused = actions.refuse_filing(actor=world.bureau, filing=f, note="本月已有联合检查")
    assert refused.status == Filing.Status.REFUSED and refused.code is None


def test_a_protected_project_protects_the_enterprise_with_the_investors_uscc(world):
    project = make_project(world, world.xianggong)
    project.is_key = True
    project.save()
    e = make_enterprise(world, uscc=project.investor.uscc)
    actions.list_protection(
        actor=world.bureau,
        project=project,
        rule=ProtectionRule.by_code("key_project"),
        reason="市重点项目",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        responsible_leader="王副区长",
        contact_person="李四",
        contact_phone="123",
    )
    assert actions.is_protected(e, PLANNED)
    assert not actions.is_protected(e, date(2027, 1, 5))


def test_protection_rules_are_checked_and_only_the_bureau_lists_renews_and_removes(world):
    project = make_project(world, world.xianggong)  # 5000万, not a key project
    common = dict(
        reason="招商重点",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
        responsible_leader="王",
        contact_person="李",
        contact_phone="1",
    )
    with pytest.raises(ValidationError) as err:
        actions.list_protection(
            actor=world.bureau,
            project=project,
            rule=ProtectionRule.by_code("investment_100m"),
            **common,
        )
    assert "未达到" in err.value.message_dict["rule"][0]
    with pytest.raises(PermissionDenied):
        actions.list_protection(
            actor=world.township_reporter,
            project=project,
            rule=ProtectionRule.by_code("decided"),
            **common,
        )
    p = actions.list_protection(
        actor=world.bureau,
        project=project,
        rule=ProtectionRule.by_code("decided"),
        **common,
    )
    with pytest.raises(PermissionDenied):
        actions.renew_protection(
            actor=world.leader, protection=p, ends_on=date(2026, 12, 31), reason="续"
        )
    p = actions.renew_protection(
        actor=world.bureau, protection=p, ends_on=date(2026, 12, 31), reason="项目建设期延长"
    )
    assert p.ends_on == date(2026, 12, 31)
    p = actions.remove_protection(actor=world.bureau, protection=p, reason="项目已投产")
    assert p.status == "removed"
    assert Event.objects.filter(verb__startswith="protection.").count() == 3


def test_plans_of_two_departments_in_one_month_merge_into_one_joint_visit(world):
    e = make_enterprise(world)
    a = file(world, e, PLANNED, TODAY)
    b = file(world, e, date(2026, 6, 25), TODAY, actor=guotu_reporter(world), matter="用地")
    with pytest.raises(PermissionDenied):
        actions.merge_filings(
            actor=world.dept_reporter,
            filings=[a, b],
            visit_date=date(2026, 6, 24),
            lead_department=world.gongxiaoshe,
        )
    with pytest.raises(ValidationError):
        actions.merge_filings(
            actor=world.bureau,
            filings=[a, b],
            visit_date=date(2026, 7, 24),
            lead_department=world.gongxiaoshe,
        )
    with pytest.raises(ValidationError) as err:  # the 10th is in the quiet days
        actions.merge_filings(
            actor=world.bureau,
            filings=[a, b],
            visit_date=date(2026, 6, 10),
            lead_department=world.gongxiaoshe,
        )
    assert "安静期" in err.value.messages[0]
    visit = actions.merge_filings(
        actor=world.bureau,
        filings=[a, b],
        visit_date=date(2026, 6, 24),
        lead_department=world.gongxiaoshe,
    )
    assert set(visit.filings.values_list("planned_date", flat=True)) == {date(2026, 6, 24)}
    with pytest.raises(ValidationError):  # already merged
        actions.merge_filings(
            actor=world.bureau,
            filings=[a, b],
            visit_date=date(2026, 6, 24),
            lead_department=world.gongxiaoshe,
        )


def test_one_rating_per_visit_and_a_forged_code_rates_nothing(world):
    e = make_enterprise(world)
    f = file(world, e, PLANNED, TODAY)
    with pytest.raises(ValidationError):
        actions.rate_visit(actor=None, code="ABCD-EFGH-JKMN", score=5)
    with pytest.raises(ValidationError):
        actions.rate_visit(actor=None, code=f.code, score=9)
    actions.rate_visit(actor=None, code=f.code, score=4, comment="检查规范")
    with pytest.raises(ValidationError):
        actions.rate_visit(actor=None, code=f.code, score=1)
    assert Rating.objects.get().score == 4


def test_an_unfiled_report_is_stored_and_becomes_a_complaint_to_the_bureau(world):
    e = make_enterprise(world)
    with pytest.raises(ValidationError) as err:
        actions.report_unfiled(
            actor=None,
            enterprise_name="",
            department=None,
            happened_on=date(2026, 6, 2),
            description="",
            contact="",
            uscc="123",
            today=TODAY,
        )
    assert set(err.value.message_dict) == {
        "uscc",
        "enterprise_name",
        "department",
        "happened_on",
        "description",
        "contact",
    }
    report = actions.report_unfiled(
        actor=None,
        enterprise_name=e.name,
        uscc=e.uscc,
        department=world.gongxiaoshe,
        happened_on=date(2026, 5, 28),
        description="两人未出示核验码入企检查",
        contact="王经理 138",
        today=TODAY,
    )
    assert report.enterprise == e
    assert report.case_ref == ""  # no phone number to track a case with: the report alone
    assert UnfiledReport.objects.visible_to(world.dept_reporter).count() == 1
    assert UnfiledReport.objects.visible_to(world.township_reporter).count() == 0

    tracked = actions.report_unfiled(
        actor=None,
        enterprise_name=e.name,
        uscc=e.uscc,
        department=world.gongxiaoshe,
        happened_on=date(2026, 5, 28),
        description="两人未出示核验码入企检查",
        contact="王经理 138-0000-1111",
        today=TODAY,
    )
    case = Case.objects.get(code=tracked.case_ref)
    assert case.category == "complaint" and case.owner_unit == world.bureau_unit
    assert case.phone == "138-0000-1111" and case.contact == "王经理"
    assert "供销社" in case.title and case.enterprise_name == e.name


def test_an_emergency_is_filed_after_the_fact_within_two_working_days(world):
    e = make_enterprise(world)
    f = file(world, e, date(2026, 6, 18), date(2026, 6, 23), kind="emergency")
    assert f.status == Filing.Status.FILED and f.code
    with pytest.raises(ValidationError) as err:
        file(world, e, date(2026, 6, 18), date(2026, 6, 24), kind="emergency", matter="消防")
    assert "最迟 2026-06-23" in err.value.message_dict["planned_date"][0]
