"""Import customs-style workbooks: one row per enterprise and month (企业名称, 统一社会信用代码 or
海关编码, 月份, 进口额(美元), 出口额(美元), optionally 进出口总额(美元)).

The spreadsheets app's safety checks and readers are reused (``check_file``, ``read_sheet``,
``where``, ``BookError``). Every problem is reported with sheet/row/column; one problem and nothing
is written. Dry run says what would change. Applying goes through ``actions.record_figure`` in one
transaction; the same file twice changes nothing the second time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhaoshang.core.permissions import is_bureau
from zhaoshang.inspections.models import Enterprise
from zhaoshang.org.models import User
from zhaoshang.org.uscc import USCCError, normalize_uscc
from zhaoshang.spreadsheets.safety import check_file
from zhaoshang.spreadsheets.sheets import BookError, Outcome, read_sheet, sheet_names, where
from zhaoshang.trade import actions
from zhaoshang.trade import figures as pure
from zhaoshang.trade.models import Source, TradeFigure

NAME = "企业名称"
USCC = "统一社会信用代码"
CUSTOMS = "海关编码"
MONTH = "月份"
IMPORTS = "进口额(美元)"
EXPORTS = "出口额(美元)"
TOTAL = "进出口总额(美元)"
HEADERS = (NAME, USCC, CUSTOMS, MONTH, IMPORTS, EXPORTS, TOTAL)
_MONTH_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(月)?(\s*[-/.]\s*\d{1,2}\s*日?)?\s*$")
_YUAN_MARKS = ("¥", "￥", "元", "RMB", "CNY")


@dataclass
class Row:
    line: int
    enterprise: Enterprise
    year: int
    month: int
    imports: Decimal
    exports: Decimal
    total: Decimal | None


def _norm(header: Any) -> str:
    return str(header or "").strip().replace("(", "(").replace(")", ")").replace(" ", "")


def _columns(sheet: str, headers: list[Any]) -> dict[str, int]:
    names = [_norm(h) for h in headers]
    found = {wanted: names.index(wanted) for wanted in HEADERS if wanted in names}
    missing = [h for h in (MONTH, IMPORTS, EXPORTS) if h not in found]
    if USCC not in found and CUSTOMS not in found:
        missing.insert(0, f"{USCC}”或“{CUSTOMS}")
    if missing:
        raise BookError(*[f"工作表“{sheet}”第1行:缺少列“{h}”" for h in missing])
    return found


def _amount(value: Any, here: str, label: str) -> tuple[Decimal | None, str | None]:
    if value is None or value == "":
        return None, f"{here}:{label}不能为空(没有数据请填0)"
    if isinstance(value, bool):
        return None, f"{here}:{label}应为数字"
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        text = str(value).strip()
        if any(mark in text.upper() for mark in _YUAN_MARKS):
            return None, f"{here}:{label}以美元计,不能带人民币符号“¥”或“元”"
        try:
            number = Decimal(text.replace(",", "").replace(",", "").lstrip("$").strip())
        except InvalidOperation:
            return None, f"{here}:{label}应为数字"
    if not number.is_finite():
        return None, f"{here}:{label}应为数字"
    if number < 0:
        return None, f"{here}:{label}不能为负数"
    problem = actions.usd_problem(number, label)
    if problem:
        return None, f"{here}:{problem}"
    return number, None


def _month(value: Any) -> tuple[int, int] | None:
    if hasattr(value, "year") and hasattr(value, "month"):
        return value.year, value.month
    match = _MONTH_RE.match(str(value or ""))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if 1 <= month <= 12 else None


def _enterprises(actor: User) -> tuple[dict[str, Enterprise], dict[str, Enterprise]]:
    scope = Enterprise.objects.editable_by(actor).select_related("trade_profile")
    by_uscc = {e.uscc: e for e in scope}
    by_customs = {
        e.trade_profile.customs_code: e
        for e in scope
        if hasattr(e, "trade_profile") and e.trade_profile.customs_code
    }
    return by_uscc, by_customs


def parse(actor: User, data: bytes) -> tuple[list[Row], list[str]]:
    """The rows of the first sheet, or every problem found (sheet/row/column, Chinese)."""
    check_file(data)
    names = sheet_names(data)
    if not names:
        raise BookError("工作簿中没有工作表")
    sheet = names[0]
    table = read_sheet(data, sheet)
    if not table:
        raise BookError(f"工作表“{sheet}”是空的")
    cols = _columns(sheet, table[0])
    by_uscc, by_customs = _enterprises(actor)
    rows: list[Row] = []
    errors: list[str] = []
    seen: dict[tuple[int, int, int], int] = {}

    def cell(values: list[Any], name: str) -> Any:
        index = cols.get(name)
        return values[index] if index is not None and index < len(values) else None

    def at(line: int, name: str, value: Any) -> str:
        return where(sheet, line, cols[name] + 1, name, value)

    for line, values in enumerate(table[1:], start=2):
        if all(v in (None, "") for v in values):
            continue
        enterprise = None
        uscc_raw, customs_raw = cell(values, USCC), cell(values, CUSTOMS)
        if uscc_raw not in (None, ""):
            try:
                code = normalize_uscc(str(uscc_raw))
            except USCCError as exc:
                errors.append(f"{at(line, USCC, uscc_raw)}:{exc}")
                continue
            enterprise = by_uscc.get(code)
            if enterprise is None:
                errors.append(f"{at(line, USCC, uscc_raw)}:本区企业名录中没有该企业,请先登记企业")
                continue
        elif customs_raw not in (None, ""):
            code = str(customs_raw).strip().upper().removesuffix(".0")
            enterprise = by_customs.get(code)
            if enterprise is None:
                errors.append(
                    f"{at(line, CUSTOMS, customs_raw)}:没有登记该海关编码的企业,请先在企业外贸信息中登记"
                )
                continue
        else:
            column = USCC if USCC in cols else CUSTOMS
            errors.append(f"{at(line, column, '')}:请填写统一社会信用代码或海关编码")
            continue
        month_raw = cell(values, MONTH)
        ym = _month(month_raw)
        if ym is None:
            errors.append(f"{at(line, MONTH, month_raw)}:月份格式应为“2026-03”或“2026年3月”")
            continue
        imports, problem_i = _amount(
            cell(values, IMPORTS), at(line, IMPORTS, cell(values, IMPORTS)), "进口额"
        )
        exports, problem_e = _amount(
            cell(values, EXPORTS), at(line, EXPORTS, cell(values, EXPORTS)), "出口额"
        )
        total: Decimal | None = None
        problem_t = None
        if TOTAL in cols and cell(values, TOTAL) not in (None, ""):
            total, problem_t = _amount(
                cell(values, TOTAL), at(line, TOTAL, cell(values, TOTAL)), "进出口总额"
            )
        problems = [p for p in (problem_i, problem_e, problem_t) if p]
        if problems:
            errors.extend(problems)
            continue
        assert imports is not None and exports is not None
        mismatch = pure.total_error(imports, exports, total)
        if mismatch:
            errors.append(f"{at(line, TOTAL, cell(values, TOTAL))}:{mismatch}")
            continue
        key = (enterprise.pk, ym[0], ym[1])
        if key in seen:
            errors.append(
                f"{at(line, MONTH, month_raw)}:{enterprise.name}{ym[0]}年{ym[1]}月的数据与第{seen[key]}行重复"
            )
            continue
        seen[key] = line
        rows.append(Row(line, enterprise, ym[0], ym[1], imports, exports, total))
    if not rows and not errors:
        errors.append(f"工作表“{sheet}”没有数据行")
    return rows, errors


def _label(row: Row) -> str:
    return f"{row.enterprise.name} {row.year}年{row.month}月"


def import_figures(
    *, actor: User, data: bytes, source: str, dry_run: bool, reason: str = ""
) -> Outcome:
    """Check the whole file, say what would change, and (unless dry_run) record it atomically."""
    if not is_bureau(actor):
        raise PermissionDenied(actions.DENIED)
    outcome = Outcome()
    if source not in Source.values:
        outcome.errors = ["数据来源无效(应为海关终值、海关快报或单位报送)"]
        return outcome
    try:
        rows, outcome.errors = parse(actor, data)
    except ValidationError as exc:
        outcome.errors = [str(m) for m in exc.messages]
        return outcome
    except BookError as exc:
        outcome.errors = exc.messages
        return outcome
    if outcome.errors:
        return outcome
    for row in rows:
        latest = (
            TradeFigure.objects.filter(
                enterprise=row.enterprise, year=row.year, month=row.month, source=source
            )
            .order_by("-version")
            .first()
        )
        if latest is None:
            outcome.created.append(_label(row))
        elif latest.imports_usd == row.imports and latest.exports_usd == row.exports:
            outcome.unchanged.append(_label(row))
        else:
            outcome.updated.append(_label(row))
    if dry_run or not (outcome.created or outcome.updated):
        outcome.already = not (outcome.created or outcome.updated)
        return outcome
    try:
        with transaction.atomic():
            for row in rows:
                actions.record_figure(
                    actor=actor,
                    enterprise=row.enterprise,
                    year=row.year,
                    month=row.month,
                    source=source,
                    imports_usd=row.imports,
                    exports_usd=row.exports,
                    total_usd=row.total,
                    reason=reason or "导入海关数据",
                )
    except ValidationError as exc:
        outcome.errors = [str(m) for m in exc.messages]
        return outcome
    outcome.applied = True
    return outcome
