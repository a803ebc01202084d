"""Importing a return workbook: checks, dry run (what would change), then apply atomically."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from zhaoshang.org.models import User
from zhaoshang.reporting import actions as reporting_actions
from zhaoshang.reporting.models import ReportingPeriod, ReturnLine, UnitReturn
from zhaoshang.spreadsheets import return_book
from zhaoshang.spreadsheets.models import ImportBatch
from zhaoshang.spreadsheets.safety import check_file

KIND_RETURN = "return"


@dataclass
class Outcome:
    errors: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    already: bool = False
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict[str, Any]:
        return {
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "already": self.already,
        }


def last_month_funds(unit_return: UnitReturn) -> dict[int, Decimal]:
    period = unit_return.period
    year, month = (period.year, period.month - 1) if period.month > 1 else (period.year - 1, 12)
    prev = ReportingPeriod.objects.filter(district=period.district, year=year, month=month).first()
    if prev is None:
        return {}
    lines = ReturnLine.objects.filter(unit_return__period=prev, unit_return__unit=unit_return.unit)
    return {line.project_id: line.funds_total_yuan for line in lines}


def export_return(*, actor: User, unit_return: UnitReturn) -> bytes:
    if not UnitReturn.objects.visible_to(actor).filter(pk=unit_return.pk).exists():
        raise PermissionDenied("无权下载该单位的月报")
    return return_book.write_return(unit_return, last_month_funds(unit_return))


def _diff(lines: list[ReturnLine], entry: Any, outcome: Outcome) -> None:
    given = {item.project_id: item.values for item in entry.lines}
    for line in lines:
        values = given.get(line.project_id, {})
        changed = any(getattr(line, k) != v for k, v in values.items())
        (outcome.updated if changed else outcome.unchanged).append(
            f"{line.project.code} {line.project.name}"
        )


def import_return(
    *, actor: User, unit_return: UnitReturn, data: bytes, filename: str, dry_run: bool
) -> Outcome:
    """Check, compare and (unless dry_run) save through reporting.actions.save_return."""
    outcome = Outcome()
    if not UnitReturn.objects.editable_by(actor).filter(pk=unit_return.pk).exists():
        raise PermissionDenied("只能导入本单位的月报")
    if unit_return.status not in (UnitReturn.Status.DRAFT, UnitReturn.Status.RETURNED):
        outcome.errors = [f"月报{unit_return.get_status_display()},不能再导入修改"]
        return outcome
    if not unit_return.period.is_open:
        outcome.errors = [f"{unit_return.period}填报期已截止,不能再导入"]
        return outcome
    try:
        check_file(data)
        rows = return_book.read_rows(data)
    except ValidationError as exc:
        outcome.errors = [str(m) for m in exc.messages]
        return outcome
    except LookupError:
        outcome.errors = [f"工作簿中没有名为“{return_book.SHEET}”的工作表,请使用系统下载的模板"]
        return outcome
    except Exception:
        outcome.errors = ["文件已损坏或格式不受支持,无法读取"]
        return outcome
    sha = hashlib.sha256(data).hexdigest()
    if ImportBatch.objects.filter(
        sha256=sha, kind=KIND_RETURN, unit_return=unit_return, status=ImportBatch.Status.APPLIED
    ).exists():
        outcome.already = True
        return outcome
    lines = list(unit_return.lines.select_related("project").order_by("project__code"))
    parsed = return_book.parse_rows(rows, unit_return)
    entry, outcome.errors = return_book.to_entry(parsed, lines)
    if outcome.errors:
        return outcome
    _diff(lines, entry, outcome)
    if dry_run:
        return outcome
    try:
        with transaction.atomic():
            if outcome.updated:
                reporting_actions.save_return(
                    actor=actor, unit_return=unit_return, lines=entry.lines
                )
            batch = ImportBatch(
                kind=KIND_RETURN,
                filename=filename[:255],
                sha256=sha,
                uploaded_by=actor,
                unit_return=unit_return,
                status=ImportBatch.Status.APPLIED,
                summary=outcome.summary(),
            )
            batch.file.save(f"{sha[:16]}.xlsx", ContentFile(data), save=False)
            batch.save()
    except ValidationError as exc:
        outcome.errors = [str(m) for m in exc.messages]
        return outcome
    outcome.applied = True
    return outcome
