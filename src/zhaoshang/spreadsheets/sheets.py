"""Shared pieces of the registry workbooks: reading a sheet, locating a cell in a message, header
checks, amounts with a unit declared in the header, and the form-field cleaner with a cache.

The rules themselves are never here: cells are turned into the web form's inputs and cleaned by
the web form's own fields (``FieldCleaner``)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from zhaoshang.core.money import WAN, strip_zeros
from zhaoshang.spreadsheets.return_book import _date_text

UNIT_FACTORS = {"元": Decimal(1) / WAN, "万元": Decimal(1), "亿元": Decimal(10000)}
SHOWN_ITEMS = 200  # how many created/updated items a summary keeps by name


class BookError(Exception):
    """The workbook as a whole cannot be read (wrong sheet, missing column…); ``messages``."""

    def __init__(self, *messages: str) -> None:
        super().__init__(messages[0] if messages else "")
        self.messages = list(messages)


@dataclass
class Outcome:
    """What an import did or would do: names of created/updated rows, counts, all errors."""

    errors: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    already: bool = False
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict[str, Any]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "created_items": self.created[:SHOWN_ITEMS],
            "updated_items": self.updated[:SHOWN_ITEMS],
            "errors": self.errors[:SHOWN_ITEMS],
        }


def read_sheet(data: bytes, sheet: str) -> list[list[Any]]:
    """The rows of ``sheet`` (python-calamine); BookError naming the sheets when it is missing."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:
        raise BookError("文件已损坏或格式不受支持,无法读取") from None
    if sheet not in book.sheet_names:
        found = "、".join(f"“{name}”" for name in book.sheet_names) or "无"
        raise BookError(f"工作簿中没有名为“{sheet}”的工作表(现有:{found}),请使用系统下载的模板")
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def sheet_names(data: bytes) -> list[str]:
    from python_calamine import CalamineWorkbook

    return list(CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names)


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def where(sheet: str, row: int, col: int, header: str, value: Any) -> str:
    """工作表“项目台账”第5行H列(计划总投资(万元))值“abc”"""
    return f"工作表“{sheet}”第{row}行{get_column_letter(col)}列({header})值“{shown(value)}”"


def locate_columns(
    sheet: str, headers: list[Any], required: list[str], optional: tuple[str, ...] = ()
) -> dict[str, int]:
    """Header name → 0-based column. An amount header may declare 元/万元/亿元 in brackets:
    ``计划总投资(元)`` is found for ``计划总投资(万元)``. All missing columns in one BookError."""
    found: dict[str, int] = {}
    names = [str(h).strip() if h is not None else "" for h in headers]
    for wanted in [*required, *optional]:
        stem = wanted.split("(")[0]
        for index, name in enumerate(names):
            if name == wanted or (
                "(万元)" in wanted and name.split("(")[0] == stem and amount_factor(name)
            ):
                found[wanted] = index
                break
    missing = [h for h in required if h not in found]
    if missing:
        raise BookError(
            *[
                f"工作表“{sheet}”第1行:缺少列“{h}”(表头被删除或改名),请使用系统下载的模板"
                for h in missing
            ]
        )
    return found


def amount_factor(header: str) -> Decimal | None:
    """The factor from the header's unit to 万元: "(元)" → 0.0001, "(万元)" → 1, "(亿元)" → 10000."""
    for unit, factor in UNIT_FACTORS.items():
        if header.endswith(f"({unit})") or header.endswith(f"({unit})"):
            return factor
    return None


def wan_text(value: Any, factor: Decimal) -> str:
    """A cell's amount as 万元 text for a WanField; a unit written in the cell wins over the
    header's. Text that is not a number is passed on unchanged so the form's rule reports it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if factor == 1:
            return repr(value)  # the shortest text of the float, e.g. "1234.5"
        number = Decimal(repr(value))
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        text = str(value).strip().replace(",", "").replace(",", "")
        for unit in ("亿元", "万元", "元"):
            if text.endswith(unit):
                try:
                    inner = Decimal(text[: -len(unit)].strip())
                except InvalidOperation:
                    return str(value)
                return strip_zeros(inner * UNIT_FACTORS[unit])
        try:
            number = Decimal(text)
        except InvalidOperation:
            return str(value)
    if not number.is_finite():
        return str(value)
    return strip_zeros(number * factor)


def wan_converter(factor: Decimal) -> Callable[[Any], str]:
    """``wan_text`` with the header's factor fixed, for a whole column: in a 万元 column a finite
    float (the usual cell) is its shortest text straight away, as ``wan_text`` gives it."""
    if factor != 1:
        return lambda value: wan_text(value, factor)

    def convert(value: Any) -> str:
        if type(value) is float and math.isfinite(value):
            return repr(value)
        return wan_text(value, factor)

    return convert


def date_text(value: Any) -> str:
    """A date cell as ISO text for a DateField (2026-03-05, 2026/3/5, 2026年3月5日, serials…);
    unreadable text is passed on unchanged so the form's rule reports it."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return _date_text(value)
    except (ValueError, OverflowError, TypeError):
        return shown(value)


def code_text(value: Any) -> str:
    """A code cell as text: 123.0 typed as a number becomes "123", text keeps its zeros."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def bool_value(value: Any) -> bool | str:
    """是/否 (also 1/0, Y/N, TRUE/FALSE); anything else returned as text to be refused."""
    if isinstance(value, bool):
        return value
    text = shown(value).strip().upper()
    if text in ("是", "Y", "YES", "TRUE", "1", "√"):
        return True
    if text in ("否", "N", "NO", "FALSE", "0", ""):
        return False
    return text


class FieldCleaner:
    """Clean one field of a form (the field's ``clean`` and the form's ``clean_<name>``), with a
    cache keyed by the raw input for fields whose values repeat: 100,000 rows share a handful of
    stages, units and dates. The form instance is built once, as the web page builds it."""

    def __init__(self, form: forms.Form) -> None:
        self.form = form
        for field_ in form.fields.values():
            # This instance's own copies: a plain-text label spares a translation per cell.
            if field_.label is not None:
                field_.label = str(field_.label)
        self._caches: dict[str, dict[Any, tuple[bool, Any]]] = {n: {} for n in form.fields}
        self._steps = {
            name: (field_.clean, getattr(form, f"clean_{name}", None))
            for name, field_ in form.fields.items()
        }

    def clean(self, name: str, raw: Any) -> Any:
        """The cleaned value (cached); ValidationError with the form's messages."""
        cache = self._caches[name]
        try:
            ok, value = cache[raw]
        except KeyError:
            ok, value = self._compute(name, raw)
            if len(cache) < 50_000:
                cache[raw] = (ok, value)
        except TypeError:
            ok, value = self._compute(name, raw)
        if not ok:
            raise ValidationError(value)
        return value

    def direct(self, name: str, raw: Any) -> Any:
        """The same, uncached: for values that are different on every row (names, codes)."""
        ok, value = self._compute(name, raw)
        if not ok:
            raise ValidationError(value)
        return value

    def function(self, name: str) -> Callable[[Any], Any]:
        """raw → cleaned value (ValidationError otherwise), uncached: the field's ``clean`` and,
        when the form has one, its ``clean_<name>``."""
        clean, method = self._steps[name]
        if method is None:
            return clean

        def both(raw: Any) -> Any:
            self.form.cleaned_data = {name: clean(raw)}
            return method()

        return both

    def _compute(self, name: str, raw: Any) -> tuple[bool, Any]:
        clean, method = self._steps[name]
        try:
            value = clean(raw)
            if method is not None:
                self.form.cleaned_data = {name: value}
                value = method()
        except ValidationError as exc:
            return False, list(exc.messages)
        return True, value
