"""Demo data for casework: about 20 requests across units in every state (overdue and escalated
included), commitments per department, and an agent with a ledger. All through the actions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from zhaoshang.casework import actions
from zhaoshang.casework.models import Case
from zhaoshang.core.calendar import WorkCalendar
from zhaoshang.core.calendar_data import load_calendar
from zhaoshang.core.calendar_data import seed as seed_calendar
from zhaoshang.org.models import Role, Unit, User
from zhaoshang.projects.models import Project

ENTERPRISES = [
    ("临沂华盛机械有限公司", "王建国", "13805390101"),
    ("山东沂河新材料科技有限公司", "李红梅", "13905390202"),
    ("河东区鲁南食品有限公司", "张伟", "15805390303"),
    ("临沂凯瑞物流有限公司", "刘洋", "18605390404"),
    ("山东天润光电有限公司", "陈静", "13705390505"),
    ("临沂恒达木业有限公司", "赵磊", "13605390606"),
    ("深圳前海沂商投资有限公司", "孙悦", "13510100707"),
    ("江苏苏临电子科技有限公司", "周杰", "13951800808"),
]

REQUESTS = [
    ("business", "新建厂房施工许可办理", "新厂房主体设计已完成,请协助办理建筑工程施工许可。"),
    ("enquiry", "高新技术企业认定政策咨询", "想了解本区高新技术企业认定的奖励政策和申报时间。"),
    ("complaint", "园区道路施工影响货车通行", "园区南门道路封闭一个月,货车无法进出,影响交货。"),
    ("business", "项目用电增容申请", "二期生产线投产需增容至 2000 千伏安,请协调供电部门。"),
    ("enquiry", "外地员工子女入学咨询", "新招外地技术员工的子女如何在附近学校入学?"),
    ("urgent", "厂区停水影响生产", "今早起厂区停水,生产线已停,请尽快协调恢复供水。"),
    ("business", "不动产权证办理", "土地摘牌已完成,请协助办理不动产权证。"),
    ("complaint", "检查过多影响生产", "一个月内被不同部门检查五次,希望统筹安排。"),
    ("business", "环评审批进度", "项目环评报告已提交,请告知审批进度。"),
    ("enquiry", "稳岗补贴申领", "今年稳岗补贴如何申领,需要哪些材料?"),
]

# item, statutory days, promised days, first contact within N working hours (or None), documents
COMMITMENTS = [
    ("企业投资项目备案", 5, 1, None, "项目备案信息表;营业执照复印件"),
    ("招商项目政策兑现咨询", 10, 3, 2, "企业申请书;相关合同"),
    ("项目手续帮办代办", 20, 10, 1, "代办委托书;项目基本情况"),
]


@dataclass
class _Scene:
    cal: WorkCalendar
    today: date
    bureau: User
    units: list[Unit]
    staff: dict[int, User]
    rng: random.Random
    n: int = 0

    def back(self, days: int, *, afternoon: bool = False) -> datetime:
        """A morning (intake) or afternoon (handling) moment ``days`` working days ago."""
        day, left = self.today, days
        while left > 0:
            day -= timedelta(days=1)
            if self.cal.is_workday(day):
                left -= 1
        start = time(14, 0) if afternoon else time(9, 0)
        minutes = self.rng.randint(0, 170)
        return timezone.make_aware(datetime.combine(day, start) + timedelta(minutes=minutes))

    def case(self, unit: Unit, days_ago: int, *, portal: bool = False, category: str = "") -> Case:
        name, contact, phone = ENTERPRISES[self.n % len(ENTERPRISES)]
        kind, title, text = REQUESTS[self.n % len(REQUESTS)]
        self.n += 1
        data = {
            "enterprise_name": name,
            "contact": contact,
            "phone": phone,
            "category": category or kind,
            "title": title,
            "description": text,
            "now": self.back(days_ago),
        }
        if portal:
            return actions.submit_case(unit=unit, **data)
        return actions.register_case(
            actor=self.staff[unit.pk], channel=self.rng.choice(["phone", "visit", "letter"]), **data
        )

    def other(self, unit: Unit) -> Unit:
        return self.rng.choice([u for u in self.units if u.pk != unit.pk])


def seed(*, district: Unit, bureau: User, year: int, today: date, rng: random.Random) -> None:
    seed_calendar()
    cal = load_calendar()
    units = list(Unit.objects.filter(parent=district, kind=Unit.Kind.UNIT, active=True))
    staff: dict[int, User] = {}
    people = User.objects.filter(
        unit__in=units, role__in=[Role.REPORTER, Role.UNIT_LEADER, Role.BUREAU], is_active=True
    )
    for person in people.order_by("-role", "pk"):  # reporters first
        staff.setdefault(person.unit_id or 0, person)
    units = [u for u in units if u.pk in staff]
    if len(units) < 3:
        return
    _reporting_months(cal, bureau, units, staff, year, today)
    s = _Scene(cal, today, bureau, units, staff, rng)
    pick = rng.sample(units, k=min(len(units), 8))

    def u(i: int) -> Unit:
        return pick[i % len(pick)]

    def at(days: int) -> datetime:
        return s.back(days, afternoon=True)

    for i in range(4):  # closed, satisfied
        c = s.case(u(i), 25 - i)
        actions.complete_case(
            actor=c.owner_person, case=c, result="已按企业要求办结。", now=at(22 - i)
        )
        actions.rate_case(actor=None, case=c, satisfied=True, phone=c.phone, now=at(21 - i))
    for i in range(2):  # completed, waiting for the follow-up
        c = s.case(u(i + 1), 6)
        actions.complete_case(actor=c.owner_person, case=c, result="已办结,待回访。", now=at(1))
    late = s.case(u(3), 7)  # completed 3 working days ago, never followed up: 回访逾期
    actions.complete_case(actor=late.owner_person, case=late, result="已书面答复。", now=at(3))
    # An urgent request on the portal nobody called back within the hour: 联系逾期
    s.case(u(4), 1, portal=True, category="urgent")
    for i in range(3):  # in hand, green
        s.case(u(i + 2), 1, category="complaint")
    for i in range(2):  # yellow
        s.case(u(i + 3), 3, category="business")
    for i in range(2):  # overdue: reminded
        s.case(u(i + 4), 8, category="business")
    s.case(u(5), 14, category="business")  # overdue > 5 days: supervised
    for i in range(2):  # portal requests waiting for acceptance
        s.case(u(i + 6), 0, portal=True)

    passed = s.case(u(0), 2, portal=True)  # accepted, passed on, waiting at the receiver
    actions.accept_case(actor=passed.owner_person or staff[u(0).pk], case=passed, now=at(2))
    actions.pass_on(
        actor=staff[u(0).pk],
        case=passed,
        to_unit=s.other(u(0)),
        reason="属于该单位职责范围",
        now=at(1),
    )

    bounced = s.case(u(1), 10, category="complaint")  # passed three times: escalated
    holder = u(1)
    for hop in range(3):
        target = s.other(holder)
        bounced = actions.pass_on(
            actor=staff[holder.pk],
            case=bounced,
            to_unit=target,
            reason="该事项不属于本单位职责",
            now=at(9 - 2 * hop),
        )
        bounced = actions.accept_case(actor=staff[target.pk], case=bounced, now=at(8 - 2 * hop))
        holder = target

    paused = s.case(u(2), 4, category="business")
    actions.pause_case(
        actor=paused.owner_person, case=paused, reason="等待企业补充规划图纸", now=at(2)
    )
    withdrawn = s.case(u(3), 5, portal=True)
    actions.withdraw_case(
        actor=None, case=withdrawn, reason="问题已自行解决", phone=withdrawn.phone, now=at(4)
    )
    reopened = s.case(u(4), 12, category="business")
    actions.complete_case(
        actor=reopened.owner_person, case=reopened, result="已电话答复。", now=at(9)
    )
    actions.rate_case(
        actor=None,
        case=reopened,
        satisfied=False,
        comment="只给了电话答复,问题没有解决",
        phone=reopened.phone,
        now=at(8),
    )
    extended = s.case(u(5), 2, category="enquiry")
    actions.ask_extension(
        actor=extended.owner_person,
        case=extended,
        days=3,
        reason="需会同国土部门现场踏勘",
        now=at(1),
    )

    actions.tick(now=timezone.make_aware(datetime.combine(today, time(9, 0))))
    _commitments(district, bureau)
    _agency(district, bureau, today, rng)


def _reporting_months(
    cal: WorkCalendar,
    bureau: User,
    units: list[Unit],
    staff: dict[int, User],
    year: int,
    today: date,
) -> None:
    """Requests of the demo's reporting months (February to April), so that those months'
    bulletins have their service section: most completed on time and rated, one rated
    dissatisfied, reopened and settled, two that missed their deadline. Seeded before today's
    requests (the tick then runs at those past moments) with a random stream of its own, so
    today's scene stays as it was."""
    end = date(year, 4, 28)
    if end >= today:
        return
    rng = random.Random(f"casework-history-{year}")
    s = _Scene(cal, end, bureau, units, staff, rng)
    pick = rng.sample(units, k=min(len(units), 6))
    for i in range(8):  # completed in time and rated
        c = s.case(pick[i % len(pick)], 52 - 6 * i)
        actions.complete_case(
            actor=c.owner_person, case=c, result="已按企业要求办结。", now=s.back(50 - 6 * i)
        )
        if i == 5:  # dissatisfied: reopened with the same first responder, then settled
            c = actions.rate_case(
                actor=None,
                case=c,
                satisfied=False,
                comment="答复不具体",
                phone=c.phone,
                now=s.back(49 - 6 * i),
            )
            c = actions.complete_case(
                actor=c.owner_person or staff[c.owner_unit_id],
                case=c,
                result="已上门说明并办结。",
                now=s.back(47 - 6 * i, afternoon=True),
            )
        actions.rate_case(actor=None, case=c, satisfied=True, phone=c.phone, now=s.back(46 - 6 * i))
    missed = [s.case(pick[i % len(pick)], 30, category="business") for i in (1, 3)]
    actions.tick(now=s.back(20))
    for c in missed:
        actions.complete_case(
            actor=c.owner_person or staff[c.owner_unit_id],
            case=c,
            result="已办结(超期)。",
            now=s.back(18, afternoon=True),
        )


def _commitments(district: Unit, bureau: User) -> None:
    departments = Unit.objects.filter(
        parent=district, kind=Unit.Kind.UNIT, group__code="department"
    )
    for unit in departments[:12]:
        for item, statutory, promised, contact_hours, documents in COMMITMENTS:
            actions.save_commitment(
                actor=bureau,
                unit=unit,
                item=item,
                statutory_days=statutory,
                promised_days=promised,
                contact_hours=contact_hours,
                documents=documents,
            )


def _agency(district: Unit, bureau: User, today: date, rng: random.Random) -> None:
    project = (
        Project.objects.filter(lead_unit__parent=district)
        .exclude(origin="within_province")
        .order_by("-planned_investment_yuan")
        .first()
    )
    if project is None:
        return
    assignment = actions.assign_agent(
        actor=bureau, project=project, agent=bureau, on=today - timedelta(days=40)
    )
    ledger = [
        (35, "企业投资项目备案", "已备案", Decimal(0)),
        (28, "建设用地规划许可证", "已核发", Decimal(0)),
        (14, "环境影响评价批复", "已批复", Decimal(0)),
        (6, "施工图审查", "已通过(代办中收取图审费,违反免费代办规定)", Decimal("1200")),
    ]
    for days, item, outcome, fee in ledger:
        actions.record_agency_service(
            actor=bureau,
            assignment=assignment,
            on=today - timedelta(days=days),
            item=item,
            outcome=outcome,
            fee_yuan=fee,
        )
