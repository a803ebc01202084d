"""A small district to test against, and the personas who use it.

河东区 with two towns/streets, three departments (招商局 among them), and a neighbouring district
whose reporter is the outsider.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from zhaoshang.org.models import Role, Unit, UnitGroup, User
from zhaoshang.org.uscc import make_uscc
from zhaoshang.projects import actions as project_actions
from zhaoshang.projects.models import Project

PASSWORD = "Zs-test-2026!"


@dataclass
class World:
    city: Unit
    district: Unit
    other_district: Unit
    township: UnitGroup
    department: UnitGroup
    xianggong: Unit
    jiuqu: Unit
    gongxiaoshe: Unit
    guotu: Unit
    bureau_unit: Unit
    other_unit: Unit
    township_reporter: User
    dept_reporter: User
    unit_leader: User
    bureau: User
    leader: User
    auditor: User
    admin: User
    outsider: User

    def personas(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "township_reporter",
                "dept_reporter",
                "unit_leader",
                "bureau",
                "leader",
                "auditor",
                "admin",
                "outsider",
            )
        }


def _person(username: str, role: str, unit: Unit, full_name: str) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, unit=unit, full_name=full_name
    )
    return user


def build_world() -> World:
    township, _ = UnitGroup.objects.get_or_create(
        code="township", defaults={"name": "乡镇街道", "sort_order": 1}
    )
    department, _ = UnitGroup.objects.get_or_create(
        code="department", defaults={"name": "区直部门", "sort_order": 2}
    )
    city = Unit.objects.create(code="C1", name="临沂市", kind=Unit.Kind.CITY)
    district = Unit.objects.create(code="D1", name="河东区", kind=Unit.Kind.DISTRICT, parent=city)
    other = Unit.objects.create(code="D2", name="河西区", kind=Unit.Kind.DISTRICT, parent=city)

    def unit(
        code: str, name: str, group: UnitGroup, order: int, parent: Unit = district, **kw: Any
    ) -> Unit:
        return Unit.objects.create(
            code=code,
            name=name,
            group=group,
            parent=parent,
            sort_order=order,
            kind=Unit.Kind.UNIT,
            **kw,
        )

    xianggong = unit("T01", "相公街道", township, 1)
    jiuqu = unit("T02", "九曲街道", township, 2)
    gongxiaoshe = unit("B01", "供销社", department, 11)
    guotu = unit("B02", "国土资源局", department, 12)
    bureau_unit = unit("B03", "招商局", department, 13, is_bureau=True)
    other_unit = unit("X01", "河西街道", township, 1, parent=other)
    return World(
        city=city,
        district=district,
        other_district=other,
        township=township,
        department=department,
        xianggong=xianggong,
        jiuqu=jiuqu,
        gongxiaoshe=gongxiaoshe,
        guotu=guotu,
        bureau_unit=bureau_unit,
        other_unit=other_unit,
        township_reporter=_person("xg_reporter", Role.REPORTER, xianggong, "相公填报员"),
        dept_reporter=_person("gx_reporter", Role.REPORTER, gongxiaoshe, "供销社填报员"),
        unit_leader=_person("xg_leader", Role.UNIT_LEADER, xianggong, "相公街道负责人"),
        bureau=_person("bureau", Role.BUREAU, bureau_unit, "招商局科员"),
        leader=_person("leader", Role.LEADER, district, "区领导"),
        auditor=_person("auditor", Role.AUDITOR, district, "审计员"),
        admin=_admin(district),
        outsider=_person("outsider", Role.REPORTER, other_unit, "河西填报员"),
    )


def _admin(district: Unit) -> User:
    user = _person("admin", Role.ADMIN, district, "管理员")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


_counter = iter(range(1, 10**6))


def uscc(n: int | None = None) -> str:
    number = next(_counter) if n is None else n
    return make_uscc(f"91371300MA{number:07d}")


def make_project(
    world: World,
    unit: Unit,
    *,
    code: str | None = None,
    stage: str = "signed",
    start: date = date(2026, 1, 10),
    planned: Decimal = Decimal("50000000"),
    origin: str = "outside_province",
    actor: User | None = None,
) -> Project:
    actor = actor or world.bureau
    number = next(_counter)
    investor = project_actions.register_investor(
        actor=actor, name=f"投资方{number}", uscc=uscc(number)
    )
    return project_actions.register_project(
        actor=actor,
        lead_unit=unit,
        investor=investor,
        code=code or f"P{number:05d}",
        name=f"项目{number}",
        origin=origin,
        industry="manufacturing",
        planned_investment_yuan=planned,
        start_date=start,
        stage=stage,
        stage_date=start,
    )
