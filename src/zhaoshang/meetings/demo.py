"""Demo rows for 河东区: five key projects get site coordinates, one planned on-site meeting visits
them (route ordered, accounts written by the lead units), and a few site check-ins with photos —
one of them deliberately far from its site so the flag shows. Everything goes through the actions.
Check-ins change no figure, so the bulletin stays as the speech says."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from zhaoshang.meetings import actions, resolutions
from zhaoshang.org.models import Role, Unit, User
from zhaoshang.projects import actions as project_actions
from zhaoshang.projects.models import COUNTED_STAGES, Project

CENTRE = (Decimal("35.090000"), Decimal("118.400000"))  # 河东区, roughly (WGS-84)
ACCOUNTS = [
    "成立项目专班,实行“一个项目、一名领导、一套班子、一抓到底”,手续并联办理,签约到开工用时45天。",
    "围绕产业链招商,以商引商引来上下游配套企业3家,园区标准厂房拎包入住。",
    "帮办代办全程免费,企业只跑一次;每周现场调度,问题清单销号管理。",
    "盘活闲置土地120亩,先建后补、容缺受理,项目当年开工当年投产。",
    "驻外招商小分队常驻长三角,节会招商与驻点招商结合,线索周报、进度月报。",
]


def _photo(rng: random.Random, label: str) -> SimpleUploadedFile:
    colour = (rng.randrange(60, 200), rng.randrange(90, 200), rng.randrange(40, 160))
    image = Image.new("RGB", (1280, 960), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(0, 1200), rng.randrange(300, 900)
        draw.rectangle([x, y, x + rng.randrange(40, 200), y + rng.randrange(30, 120)], fill="#ddd")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"{label}.jpg", out.getvalue(), "image/jpeg")


def _reporter(unit: Unit, fallback: User) -> User:
    found = User.objects.filter(unit=unit, role=Role.REPORTER, is_active=True).first()
    return found or fallback


def _offset(rng: random.Random, spread: int) -> Decimal:
    return Decimal(rng.randrange(-spread, spread)) / Decimal(1_000_000)


def seed(*, district: Unit, bureau: User, year: int, today: date, rng: random.Random) -> None:
    chosen: list[Project] = []
    seen_units: set[int] = set()
    for project in (
        Project.objects.filter(lead_unit__parent=district, stage__in=COUNTED_STAGES)
        .select_related("lead_unit")
        .order_by("-planned_investment_yuan", "code")
    ):
        if project.lead_unit_id not in seen_units:
            chosen.append(project)
            seen_units.add(project.lead_unit_id)
        if len(chosen) == 5:
            break
    if not chosen:
        return
    for project in chosen:
        project_actions.update_project(
            actor=bureau,
            project=project,
            latitude=CENTRE[0] + _offset(rng, 60_000),
            longitude=CENTRE[1] + _offset(rng, 60_000),
        )
    _dispatch_meeting(bureau, year, today, [p.lead_unit for p in chosen])
    meeting = actions.plan_meeting(
        actor=bureau,
        title=f"{year}年重点项目现场观摩会",
        on=max(today, date(year, 1, 1)) + timedelta(days=7),
        place="区政府东广场",
    )
    chosen.reverse()  # the route: smallest first, the flagship project last
    stops = actions.add_stops(actor=bureau, meeting=meeting, projects=chosen)
    for index, stop in enumerate(stops):
        unit = stop.project.lead_unit
        actions.write_account(actor=_reporter(unit, bureau), stop=stop, text=ACCOUNTS[index % 5])
    for index, stop in enumerate(stops[:3]):
        project = Project.objects.get(pk=stop.project_id)
        assert project.latitude is not None and project.longitude is not None
        far = index == 2  # one check-in taken away from the site: flagged
        spread = 20_000 if far else 600
        actions.check_in_stop(
            actor=_reporter(project.lead_unit, bureau),
            stop=stop,
            latitude=project.latitude + _offset(rng, spread) + (Decimal("0.02") if far else 0),
            longitude=project.longitude + _offset(rng, spread),
            accuracy_m=Decimal(rng.randrange(6, 40)),
            photo=_photo(rng, f"site-{index + 1}"),
            note="现场查看施工进度" if not far else "",
        )


# text, working days, closed how many days after the deadline (None: still open)
RESOLUTIONS = [
    ("协调供电部门完成项目用电增容", 10, -3),
    ("解决项目施工临时用地", 15, 2),
    ("落实项目配套道路建设方案", 5, None),
    ("协调办理项目建筑工程施工许可", 20, None),
]


def _dispatch_meeting(bureau: User, year: int, today: date, units: list[Unit]) -> None:
    """The first quarter's project scheduling meeting (调度会) with its resolutions: one closed in
    time, one closed late, one overdue by the end of March, one due in April — so the bulletins
    of the demo's months show their 督办 figures."""
    held = date(year, 3, 6)
    if held + timedelta(days=60) >= today or not units:
        return
    meeting = actions.plan_meeting(
        actor=bureau, title=f"{year}年一季度重点项目调度会", on=held, place="区政府三楼会议室"
    )
    for index, (text, days, closed_after) in enumerate(RESOLUTIONS):
        resolution = resolutions.record_resolution(
            actor=bureau,
            meeting=meeting,
            text=text,
            owner_unit=units[index % len(units)],
            limit_days=days,
        )
        if closed_after is not None:
            resolutions.close_resolution(
                actor=bureau,
                resolution=resolution,
                on=resolution.due + timedelta(days=closed_after),
                note="已按期落实" if closed_after <= 0 else "已落实(逾期)",
            )
