"""Demo rows for 河东区: ~60 enterprises (the demo's investors first), ~8 protected, ~30 filed
inspections across departments (one joint visit done, one merge still proposed), some rated, and
two reports of unfiled inspections. Everything goes through the actions."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.exceptions import ValidationError

from zhaoshang.core import calendar_data
from zhaoshang.core.calendar import OutsideCalendar
from zhaoshang.core.models import WorkCalendarDay
from zhaoshang.inspections import actions
from zhaoshang.inspections.models import Enterprise, Filing, ProtectionRule
from zhaoshang.org.models import Role, Unit, User
from zhaoshang.org.uscc import ALPHABET, make_uscc
from zhaoshang.projects.models import Industry, Project

ENTERPRISES = 60
NAME_HEADS = "鲁沂华泰金源恒信东方瑞祥鑫达宏远鼎盛蒙山沂河临港兴业聚力和顺"
NAME_TAILS = ["机械", "食品", "物流", "新材料", "医药", "纺织", "电子", "建材", "农业", "商贸"]
MATTERS = [
    ("安全生产", "《中华人民共和国安全生产法》第六十五条", "安全生产责任制、隐患排查台账"),
    ("消防安全", "《中华人民共和国消防法》第五十三条", "消防设施、疏散通道"),
    ("环境保护", "《中华人民共和国环境保护法》第二十四条", "排污许可、治污设施运行"),
    ("食品安全", "《中华人民共和国食品安全法》第一百一十条", "进货查验、生产记录"),
    ("计量器具", "《中华人民共和国计量法》第二十一条", "强制检定计量器具"),
    ("劳动用工", "《劳动保障监察条例》第十五条", "劳动合同、工资支付"),
]
INSPECTORS = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨磊", "赵敏", "孙浩"]


def _ensure_calendar(year: int) -> None:
    if WorkCalendarDay.objects.filter(date__year=year).count() >= 365:
        return
    try:
        calendar_data.seed(range(year, year + 1))
    except NotImplementedError:  # chinese-calendar does not know the year yet: Monday–Friday
        day, rows = date(year, 1, 1), []
        while day.year == year:
            weekend = day.weekday() >= 5
            rows.append(
                WorkCalendarDay(
                    date=day, is_workday=not weekend, kind="weekend" if weekend else "weekday"
                )
            )
            day += timedelta(days=1)
        WorkCalendarDay.objects.bulk_create(rows, ignore_conflicts=True)


def _random_uscc(rng: random.Random) -> str:
    body = "913713" + "".join(rng.choice(ALPHABET[:10]) for _ in range(4)) + "MA"
    body += "".join(rng.choice(ALPHABET) for _ in range(17 - len(body)))
    return make_uscc(body)


def _enterprises(district: Unit, bureau: User, rng: random.Random) -> list[Enterprise]:
    units = list(Unit.objects.filter(parent=district, kind=Unit.Kind.UNIT, group__code="township"))
    made: list[Enterprise] = []
    projects = Project.objects.filter(lead_unit__parent=district).select_related(
        "investor", "lead_unit"
    )
    seen: set[str] = set(Enterprise.objects.values_list("uscc", flat=True))
    for project in projects.order_by("-planned_investment_yuan"):
        if len(made) >= ENTERPRISES * 2 // 3:
            break
        if project.investor.uscc in seen:
            continue
        seen.add(project.investor.uscc)
        made.append(
            actions.register_enterprise(
                actor=bureau,
                uscc=project.investor.uscc,
                name=project.investor.name,
                responsible_unit=project.lead_unit,
                industry=project.industry,
                size=rng.choice(["large", "medium", "medium", "small"]),
                foreign_invested=project.origin == "abroad",
                contact=project.investor.contact,
                phone=project.investor.phone,
            )
        )
    while len(made) < ENTERPRISES and units:
        code = _random_uscc(rng)
        if code in seen:
            continue
        seen.add(code)
        head = "".join(rng.sample(NAME_HEADS, 2))
        made.append(
            actions.register_enterprise(
                actor=bureau,
                uscc=code,
                name=f"临沂{head}{rng.choice(NAME_TAILS)}有限公司",
                responsible_unit=rng.choice(units),
                industry=rng.choice(Industry.values),
                size=rng.choice(["medium", "small", "small", "micro"]),
                address=f"河东区{rng.choice(['人民大街', '沂河路', '凤凰大街', '东兴路'])}"
                f"{rng.randint(1, 399)}号",
            )
        )
    if len(made) > 3:
        actions.change_enterprise_status(
            actor=bureau, enterprise=made[-1], status="dissolved", reason="已办理注销登记"
        )
    return made


def _protect(
    bureau: User, year: int, made: list[Enterprise], rng: random.Random
) -> list[Enterprise]:
    decided = ProtectionRule.by_code("decided")
    key = ProtectionRule.by_code("key_project")
    protected: list[Enterprise] = []
    common = {
        "starts_on": date(year, 1, 1),
        "ends_on": date(year, 12, 31),
        "responsible_leader": rng.choice(["王副区长", "刘副区长", "陈主任"]),
        "contact_person": rng.choice(["李明", "周洁", "吴刚"]),
        "contact_phone": f"0539-81{rng.randint(10000, 99999)}",
    }
    for project in Project.objects.filter(is_key=True, investor__uscc__in=[e.uscc for e in made])[
        :3
    ]:
        actions.list_protection(
            actor=bureau, project=project, rule=key, reason="区级重点项目,落地建设期保护", **common
        )
        protected.extend(e for e in made if e.uscc == project.investor.uscc)
    for e in made:
        if len(protected) >= 8:
            break
        if e in protected or e.dissolved:
            continue
        actions.list_protection(
            actor=bureau,
            enterprise=e,
            rule=decided,
            reason="区政府常务会议确定的重点企业",
            **common,
        )
        protected.append(e)
    return protected


def _planned_days(year: int, today: date, rng: random.Random) -> list[date]:
    """Weekdays after the quiet days, from February up to a month after today, within ``year``."""
    days = []
    day = date(year, 2, 21)
    end = min(date(year, 12, 31), today + timedelta(days=30))
    while day <= end:
        if day.day >= 21 and day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def seed(*, district: Unit, bureau: User, year: int, today: date, rng: random.Random) -> None:
    _ensure_calendar(year)
    made = _enterprises(district, bureau, rng)
    protected = _protect(bureau, year, made, rng)
    departments = [
        (unit, reporter)
        for unit in Unit.objects.filter(parent=district, group__code="department").order_by(
            "sort_order"
        )
        if (reporter := User.objects.filter(unit=unit, role=Role.REPORTER).first()) is not None
    ][:10]
    days = _planned_days(year, today, rng)
    if not departments or not days or not made:
        return
    open_ones = [e for e in made if not e.dissolved]
    filings: list[Filing] = []

    def attempt(unit: Unit, reporter: User, e: Enterprise, planned: date, m: int) -> Filing | None:
        matter, basis, items = MATTERS[m % len(MATTERS)]
        try:
            return actions.file_inspection(
                actor=reporter,
                department=unit,
                enterprise=e,
                kind="routine",
                matter=matter,
                legal_basis=basis,
                items=items,
                inspectors=rng.sample(INSPECTORS, 2),
                planned_date=planned,
                today=min(today, planned - timedelta(days=10)),
            )
        except (ValidationError, OutsideCalendar):
            return None

    # Two joint-visit candidates: one the bureau merges, one left as a proposal.
    calm = [e for e in open_ones if e not in protected]
    pairs = [(calm[0], days[len(days) // 2]), (calm[1], days[-1])]
    for n, (e, planned) in enumerate(pairs):
        group = [
            f
            for i, (unit, reporter) in enumerate(departments[:2])
            if (f := attempt(unit, reporter, e, planned, i + n)) is not None
        ]
        if n == 0 and len(group) == 2:
            actions.merge_filings(
                actor=bureau, filings=group, visit_date=planned, lead_department=group[0].department
            )
        filings.extend(group)
    tries = 0
    while len(filings) < 30 and tries < 200:
        tries += 1
        unit, reporter = rng.choice(departments)
        f = attempt(unit, reporter, rng.choice(open_ones), rng.choice(days), rng.randrange(6))
        if f is not None:
            filings.append(f)
    pending = [f for f in filings if f.status == Filing.Status.PENDING]
    for i, f in enumerate(pending):
        if i == len(pending) - 1 and i > 0:
            actions.refuse_filing(actor=bureau, filing=f, note="本月已安排联合检查,请合并进行")
        else:
            actions.approve_filing(actor=bureau, filing=f, note="同意,请减少对企业生产的影响")
    for f in Filing.objects.filter(pk__in=[f.pk for f in filings], planned_date__lt=today):
        if f.code and rng.random() < 0.6:
            actions.rate_visit(actor=None, code=f.code, score=rng.choice([5, 5, 4, 4, 3, 2]))
    for unit, _reporter in departments[2:4]:
        actions.report_unfiled(
            actor=None,
            enterprise_name=rng.choice(open_ones).name,
            department=unit,
            happened_on=today - timedelta(days=rng.randint(3, 40)),
            description="检查人员未出示核验码,现场未说明检查依据",
            contact="企业办公室 0539-8123456",
            today=today,
        )
