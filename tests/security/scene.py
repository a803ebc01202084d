"""One object of each kind, for building a URL to every route: the test world, the first quarter
of 2026 (tests/bulletins/scenario.py), and the rows of every app made through their actions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from tests.bulletins.publish_helpers import draft
from tests.bulletins.scenario import Quarter, first_quarter
from tests.casework.helpers import register as register_case
from tests.casework.helpers import submit as submit_case
from tests.inspections.helpers import file as file_inspection
from tests.inspections.helpers import (
    guotu_reporter,
    make_enterprise,
    protect,
    routine_date_after,
    seed_calendar,
)
from tests.portal.helpers import register as register_document
from tests.world import World, build_world
from zhaoshang.assessment import actions as assessment
from zhaoshang.assessment.models import Result
from zhaoshang.bulletins import actions as bulletins
from zhaoshang.casework.actions.service import assign_agent
from zhaoshang.core.calendar_data import seed as seed_holidays
from zhaoshang.core.periods import Period
from zhaoshang.projects import actions as projects
from zhaoshang.reporting.models import UnitReturn
from zhaoshang.spreadsheets.models import ImportBatch
from zhaoshang.targets.models import Target

SCHEME_FILE = Path(__file__).parents[2] / "src/zhaoshang/assessment/schemes/hedong-2026.yaml"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class Scene:
    world: World
    quarter: Quarter
    objects: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_scene() -> Scene:
    world = build_world()
    seed_holidays(range(2026, 2027))
    seed_calendar(timezone.localdate().year, timezone.localdate().year + 1)
    quarter = first_quarter(world)
    project = quarter.projects["xg"]
    o: dict[str, Any] = {"project": project}
    o["evidence"] = projects.add_evidence(
        actor=world.bureau,
        project=project,
        stage="signed",
        upload=SimpleUploadedFile("合同.png", PNG, content_type="image/png"),
    )
    o["checkin"] = _checkin(world, project)
    o["target"] = Target.objects.filter(unit=world.xianggong).first()
    o["period"] = quarter.periods[3]
    o["unit_return"] = UnitReturn.objects.get(period=quarter.periods[3], unit=world.xianggong)
    o["return_batch"] = ImportBatch.objects.create(
        kind="return",
        file=ContentFile(b"PK", name="return.xlsx"),
        filename="return.xlsx",
        sha256="0" * 64,
        uploaded_by=world.township_reporter,
        unit_return=o["unit_return"],
        status=ImportBatch.Status.DRY_RUN,
    )
    o["book_batch"] = ImportBatch.objects.create(
        kind="projects",
        file=ContentFile(b"PK", name="projects.xlsx"),
        filename="projects.xlsx",
        sha256="1" * 64,
        uploaded_by=world.bureau,
        status=ImportBatch.Status.DRY_RUN,
    )
    # bulletins: a draft for March, published once, and a queued job for February
    draft(world)
    o["published"] = bulletins.publish_bulletin(
        actor=world.bureau, district=world.district, period=Period(2026, 3)
    )
    draft(world, number=2, period=Period(2026, 2))
    o["job"] = bulletins.request_publish(
        actor=world.bureau, district=world.district, period=Period(2026, 2)
    )
    o["document"] = register_document(world.bureau, doc_number="河招〔2026〕9号")
    # casework: a case with an attachment, and an agency assignment
    o["case"] = register_case(
        world.township_reporter,
        attachments=[SimpleUploadedFile("图.png", PNG, content_type="image/png")],
    )
    o["attachment"] = o["case"].attachments.first()
    o["assignment"] = assign_agent(
        actor=world.bureau, project=project, agent=world.township_reporter, on=date(2026, 3, 2)
    )
    # assessment: scheme, run, one unit's result, an objection
    o["scheme"] = assessment.save_scheme(
        actor=world.bureau, district=world.district, body=SCHEME_FILE.read_text(encoding="utf-8")
    )
    o["run"] = assessment.run_assessment(actor=world.bureau, scheme=o["scheme"], period="2026-Q1")
    o["result"] = Result.objects.get(run=o["run"], unit=world.xianggong)
    o["objection"] = _objection(world, o["result"])
    # inspections: an enterprise under protection, a filing approved (it has a code)
    today = timezone.localdate()
    enterprise = make_enterprise(world, n=9001)
    o["enterprise"] = enterprise
    o["protection"] = protect(
        world, enterprise, today - timedelta(days=30), today + timedelta(days=300)
    )
    o["filing"] = file_inspection(
        world, make_enterprise(world, n=9002), routine_date_after(today), today
    )
    o.update(_meeting(world, project))
    o.update(_for_valid_writes(world, o))
    return Scene(world=world, quarter=quarter, objects=o)


def _for_valid_writes(world: World, o: dict[str, Any]) -> dict[str, Any]:
    """Objects in the state a valid write needs (test_valid_writes.py): a draft return of an open
    month (April; May is open with no return yet), an inspection of the protected enterprise
    waiting for approval, an enterprise free to be inspected, the projects workbook and a dry run
    of it by the bureau."""
    from tests.bulletins.scenario import open_month
    from zhaoshang.reporting import actions as reporting
    from zhaoshang.spreadsheets import importer, project_book, registry

    today = timezone.localdate()
    april = open_month(world, 4)
    open_month(world, 5)
    made: dict[str, Any] = {
        "draft_return": reporting.prefill_return(
            actor=world.bureau, period=april, unit=world.xianggong
        ),
        "pending_filing": file_inspection(world, o["enterprise"], routine_date_after(today), today),
        "free_enterprise": make_enterprise(world, n=9003),
        # a second department's accepted plan for the filed inspection's enterprise and month
        "merge_partner": file_inspection(
            world,
            o["filing"].enterprise,
            o["filing"].planned_date,
            today,
            actor=guotu_reporter(world),
        ),
        # a request from the portal to 相公街道, waiting to be accepted
        "new_case": submit_case(world.xianggong),
    }
    workbook = project_book.write_projects(
        project_book.filtered_projects(world.bureau, {}, today.year)
    )
    outcome = registry.run_import(
        kind="projects", actor=world.bureau, data=workbook, filename="projects.xlsx", dry_run=True
    )
    made["projects_workbook"] = workbook
    # the draft return's workbook, and a dry run of it by 相公街道's reporter
    made["return_workbook"] = importer.export_return(
        actor=world.township_reporter, unit_return=made["draft_return"]
    )
    made["return_dry_run"] = ImportBatch.objects.create(
        kind=importer.KIND_RETURN,
        file=ContentFile(made["return_workbook"], name="return-dry.xlsx"),
        filename="return.xlsx",
        sha256=hashlib.sha256(made["return_workbook"]).hexdigest(),
        uploaded_by=world.township_reporter,
        unit_return=made["draft_return"],
        status=ImportBatch.Status.DRY_RUN,
    )
    made["dry_run_batch"] = registry.archive(
        kind="projects",
        actor=world.bureau,
        data=workbook,
        filename="projects.xlsx",
        outcome=outcome,
        status=ImportBatch.Status.DRY_RUN,
    )
    return made


def _meeting(world: World, project: Any) -> dict[str, Any]:
    """A site-visit meeting with one stop and one resolution owned by 相公街道 (being built by
    another helper: left out while its actions are not there)."""
    try:
        from zhaoshang.meetings import actions as meetings
        from zhaoshang.meetings import resolutions
    except ImportError:
        return {"meeting": None, "stop": None, "resolution": None}
    meeting = meetings.plan_meeting(actor=world.bureau, title="项目观摩", on=date(2026, 3, 20))
    (stop,) = meetings.add_stops(actor=world.bureau, meeting=meeting, projects=[project])
    resolution = resolutions.record_resolution(
        actor=world.bureau,
        meeting=meeting,
        text="加快办理施工许可",
        owner_unit=world.xianggong,
        limit_days=10,
    )
    return {"meeting": meeting, "stop": stop, "resolution": resolution}


def _checkin(world: World, project: Any) -> Any:
    """A site check-in with a real JPEG (None while the check-in feature is not there)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buf, "JPEG")
    check_in = getattr(projects, "check_in", None)
    if check_in is None:
        return None
    return check_in(
        actor=world.bureau,
        project=project,
        latitude="35.07",
        longitude="118.40",
        accuracy_m="12",
        photo=SimpleUploadedFile("现场.jpg", buf.getvalue(), content_type="image/jpeg"),
    )


def _objection(world: World, result: Any) -> Any:
    try:
        return assessment.file_objection(
            actor=world.township_reporter, result=result, text="基础分计算有误"
        )
    except Exception:
        return None


def build_scene_capturing() -> Scene:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return build_scene()
