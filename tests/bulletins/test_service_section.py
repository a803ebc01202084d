"""The bulletin's service section (服务企业和督办落实情况): requests, inspections and meeting
resolutions, year to date, gathered in a fixed number of queries, worded in the official style,
in the JSON, the web page, the PDF, the DOCX and the XLSX."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from docx import Document
from openpyxl import load_workbook

from tests.bulletins.publish_helpers import draft, publish
from tests.world import World, uscc
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.document import build_document
from zhaoshang.bulletins.narrative import service_paragraph
from zhaoshang.bulletins.queries import gather, service_section
from zhaoshang.bulletins.service import ServiceSection, UnitService, build_section
from zhaoshang.casework.models import Case, Satisfaction
from zhaoshang.core.periods import Period
from zhaoshang.inspections.models import Enterprise, Filing, JointVisit, Rating, UnfiledReport
from zhaoshang.meetings.models import Meeting, Resolution

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = Period(2026, 3)


def _at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, 0, tzinfo=SHANGHAI)


def _case(world: World, unit, received: datetime, **kw) -> Case:
    return Case.objects.create(
        district=world.district,
        enterprise_name="临沂华盛机械有限公司",
        contact="王经理",
        phone="13800138000",
        category="business",
        channel="phone",
        title="施工许可咨询",
        description="新厂房施工许可需要哪些材料",
        first_unit=unit,
        owner_unit=unit,
        status=kw.pop("status", "handling"),
        received_at=received,
        deadline=kw.pop("deadline", received.date()),
        **kw,
    )


def _filing(world: World, enterprise: Enterprise, planned: date, **kw) -> Filing:
    return Filing.objects.create(
        enterprise=enterprise,
        department=kw.pop("department", world.guotu),
        kind="routine",
        matter=kw.pop("matter", "安全生产"),
        legal_basis="《中华人民共和国安全生产法》第六十五条",
        items="安全生产责任制落实情况",
        inspectors=["张三", "李四"],
        planned_date=planned,
        status=kw.pop("status", Filing.Status.FILED),
        filed_on=planned,
        **kw,
    )


def _resolution(meeting: Meeting, unit, decided: date, due: date, **kw) -> Resolution:
    return Resolution.objects.create(
        meeting=meeting,
        text=kw.pop("text", "协调解决项目用电接入"),
        owner_unit=unit,
        decided_on=decided,
        limit_days=5,
        due=due,
        **kw,
    )


@pytest.fixture
def service(world: World, quarter) -> World:
    """March 2026: 相公街道 completed two requests (one late, one rated satisfied), missed one
    deadline and owns an overdue resolution; 国土资源局 filed two inspections (one merged), had
    one refused, was reported once for an unfiled inspection and closed a resolution late.
    Rows outside the year or after March must not count."""
    xg, gt = world.xianggong, world.guotu
    _case(
        world,
        xg,
        _at(2026, 3, 2),
        status="closed",
        completed_at=_at(2026, 3, 5),
        completed_on_time=True,
        satisfaction=Satisfaction.SATISFIED,
        rated_at=_at(2026, 3, 6),
    )
    _case(
        world,
        xg,
        _at(2026, 2, 2),
        status="completed",
        completed_at=_at(2026, 3, 10),
        completed_on_time=False,
        missed_on=date(2026, 3, 3),
        escalated_at=_at(2026, 3, 12),
    )
    _case(world, xg, _at(2025, 12, 1), status="closed", completed_at=_at(2025, 12, 5))
    _case(world, gt, _at(2026, 4, 2))  # after March
    enterprise = Enterprise.objects.create(
        uscc=uscc(7),
        name="华盛机械有限公司",
        responsible_unit=xg,
        industry="manufacturing",
        size="medium",
    )
    visit = JointVisit.objects.create(
        enterprise=enterprise, visit_date=date(2026, 3, 24), lead_department=gt
    )
    rated = _filing(world, enterprise, date(2026, 3, 24), joint_visit=visit, code="JC0001")
    Rating.objects.create(filing=rated, score=5)
    _filing(world, enterprise, date(2026, 3, 25), matter="消防")
    _filing(world, enterprise, date(2026, 3, 26), matter="环保", status=Filing.Status.REFUSED)
    _filing(world, enterprise, date(2026, 4, 22), matter="卫生")  # after March
    UnfiledReport.objects.create(
        enterprise_name=enterprise.name,
        department=gt,
        happened_on=date(2026, 3, 18),
        description="未出示核验码",
        contact="王经理 13800138000",
    )
    meeting = Meeting.objects.create(
        district=world.district, title="项目调度会", on=date(2026, 3, 3)
    )
    _resolution(meeting, xg, date(2026, 3, 3), date(2026, 3, 10))  # open, overdue
    _resolution(meeting, xg, date(2026, 3, 3), date(2026, 4, 10), text="协调用地")  # open
    _resolution(
        meeting,
        gt,
        date(2026, 3, 3),
        date(2026, 3, 10),
        status="closed",
        closed_on=date(2026, 3, 13),
    )
    _resolution(meeting, gt, date(2026, 4, 3), date(2026, 4, 10), text="四月议定")  # after March
    return world


def test_the_section_counts_the_year_to_date_per_unit_and_for_the_district(service) -> None:
    section = service_section(service.district, MARCH)
    assert section is not None
    assert section.cases_received == 2  # February and March; not December, not April
    units = {u.name: u for u in section.units}
    xg, gt = units["相公街道"], units["国土资源局"]
    assert (xg.cases_received, xg.cases_completed, xg.cases_completed_on_time) == (2, 2, 1)
    assert (xg.cases_rated, xg.cases_satisfied, xg.cases_missed) == (1, 1, 1)
    assert section.cases_escalated == 1
    assert str(section.on_time_pct) == "50"
    assert (gt.inspections_filed, gt.inspections_unfiled) == (2, 1)
    assert (section.inspections_merged, section.inspections_refused) == (1, 1)
    assert section.inspections_rated == 1
    assert (xg.resolutions_open, xg.resolutions_overdue) == (2, 1)
    assert (gt.resolutions_open, gt.resolutions_overdue) == (0, 0)
    assert (section.resolutions_decided, section.resolutions_closed) == (3, 1)
    assert section.resolutions_closed_late == 1
    assert [u.name for u in section.units] == ["相公街道", "国土资源局"]  # the district's order


def test_a_past_month_does_not_drift_when_things_close_later(service) -> None:
    before = build_document(compute(gather(service.district, MARCH)))["service"]
    Resolution.objects.filter(owner_unit=service.xianggong, due=date(2026, 3, 10)).update(
        status="closed", closed_on=date(2026, 4, 20)
    )
    Case.objects.filter(received_at__month=4).update(missed_on=date(2026, 4, 28))
    after = build_document(compute(gather(service.district, MARCH)))["service"]
    assert after == before
    april = service_section(service.district, Period(2026, 4))
    assert april is not None and april.resolutions_overdue == 2  # both due 10 April, still open
    assert april.resolutions_decided == 4 and april.cases_missed == 2


def test_the_paragraph_names_the_units_in_the_official_style(service) -> None:
    text = service_paragraph(service_section(service.district, MARCH))
    assert text == (
        "1-3月,全区受理企业诉求2件,办结2件,按期办结率50%,回访满意率100%,"
        "逾期1件(相公街道1件),提请督办1件。"
        "各部门备案涉企检查2次,其中合并检查1次,不予同意1次;"
        "企业反映未备案检查1起(国土资源局1起)。"
        "会议议定事项3项,已销号1项,截至月底未销号2项,其中逾期1项(相公街道1项)。"
    )


def test_clauses_without_figures_are_left_out_and_nothing_at_all_is_no_section() -> None:
    only_filings = ServiceSection(MARCH, (UnitService(1, "国土资源局", inspections_filed=3),))
    assert service_paragraph(only_filings) == "各部门备案涉企检查3次。"
    assert build_section(MARCH, [UnitService(2, "相公街道")]) is None
    assert service_paragraph(None) == ""


def test_a_district_without_service_data_has_no_section(world, quarter) -> None:
    assert service_section(world.district, MARCH) is None
    assert build_document(compute(gather(world.district, MARCH)))["service"] is None


def test_the_api_and_the_web_page_show_the_section(service, login) -> None:
    client = login(service.leader)
    page = client.get("/bulletins/2026-3/").content.decode()
    assert 'id="service-section"' in page
    assert "逾期1件(相公街道1件)" in page
    document = build_document(compute(gather(service.district, MARCH)))
    assert document["service"]["units"][0]["unit"] == "相公街道"
    assert document["service"]["cases_on_time_pct"] == "50.00"


def _file(published, kind: str) -> bytes:
    return (Path(settings.MEDIA_ROOT) / published.files.get(kind=kind).path).read_bytes()


def test_the_published_files_carry_the_section_as_heading_four(
    service, django_capture_on_commit_callbacks
) -> None:
    draft(service)
    published = publish(service, django_capture_on_commit_callbacks)
    assert published.document["service"]["resolutions_overdue"] == 1
    pdf = pdfium.PdfDocument(_file(published, "pdf"))
    flat = "".join("".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    assert "四、服务企业和督办落实情况" in flat and "国土资源局1起" in flat
    docx = Document(io.BytesIO(_file(published, "docx")))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert "四、服务企业和督办落实情况" in headings
    assert docx.tables[-1].rows[0].cells[1].text == "受理诉求(件)"
    assert docx.tables[-1].rows[1].cells[0].text == "相公街道"
    book = load_workbook(io.BytesIO(_file(published, "xlsx")))
    rows = list(book["服务企业和督办"].iter_rows(values_only=True))
    assert rows[1][3] == "按期办结率(%)" and rows[2][0] == "相公街道"
