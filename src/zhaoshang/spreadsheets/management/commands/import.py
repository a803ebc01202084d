"""zhaoshang import FILE [--dry-run] [--user USERNAME]: any workbook the system hands out — a
monthly return, or the project / target / unit / people / investor registry — recognised by its
sheets, checked (dry run), then written unless --dry-run. Non-zero exit on any problem."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.core.periods import Period
from zhaoshang.org.models import Unit
from zhaoshang.reporting.models import UnitReturn
from zhaoshang.spreadsheets import importer, registry, return_book
from zhaoshang.spreadsheets.management.commands.export import acting_user
from zhaoshang.spreadsheets.sheets import sheet_names


def _progress(step: int, total: int, label: str) -> None:
    done = int(20 * step / total)
    sys.stderr.write(f"\r[{'#' * done}{'.' * (20 - done)}] {step}/{total} {label}   ")
    if step == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


class Command(BaseCommand):
    help = (
        "导入Excel工作簿(月报模板或项目、目标、单位、人员、投资方台账,按工作表自动识别);"
        "先预检,有任何错误则不保存并以非零状态退出"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只预检,不保存")
        parser.add_argument("--user", help="操作人用户名(默认第一个超级管理员)")

    def handle(self, *args, **opts) -> None:
        actor = acting_user(opts["user"])
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"文件“{path}”不存在")
        _progress(1, 4, "读取文件")
        data = path.read_bytes()
        kind = self._kind(data)
        if kind != "return":
            self._registry(kind, actor, data, path.name, opts["dry_run"])
            return
        unit_return = self._target(data)
        _progress(2, 4, "预检")
        outcome = importer.import_return(
            actor=actor, unit_return=unit_return, data=data, filename=path.name, dry_run=True
        )
        if outcome.ok and not outcome.already and not opts["dry_run"]:
            _progress(3, 4, "保存")
            outcome = importer.import_return(
                actor=actor, unit_return=unit_return, data=data, filename=path.name, dry_run=False
            )
        _progress(4, 4, "完成")
        if outcome.errors:
            for error in outcome.errors:
                self.stderr.write(error)
            raise CommandError(f"共 {len(outcome.errors)} 个问题,未保存任何数据")
        if outcome.already:
            self.stdout.write("该文件已导入过,本次不做任何修改")
            return
        verb = "将更新" if opts["dry_run"] else "已更新"
        self.stdout.write(f"{verb} {len(outcome.updated)} 个项目,不变 {len(outcome.unchanged)} 个")
        for item in outcome.updated:
            self.stdout.write(f"  更新:{item}")

    def _kind(self, data: bytes) -> str:
        """Which workbook this is, from its sheets (the file's name is not trusted)."""
        try:
            importer.check_file(data)
            names = sheet_names(data)
        except Exception as exc:
            messages = getattr(exc, "messages", None)
            raise CommandError(messages[0] if messages else "文件已损坏或格式不受支持") from None
        if return_book.SHEET in names:
            return "return"
        registry.book_for("projects")  # registers every kind
        for kind, book in registry.BOOKS.items():
            if book.sheet in names:
                return kind
        known = "、".join(
            [f"“{return_book.SHEET}”"] + [f"“{b.sheet}”" for b in registry.BOOKS.values()]
        )
        raise CommandError(f"无法识别工作簿:没有 {known} 中任何一个工作表,请使用系统导出的模板")

    def _registry(self, kind: str, actor: object, data: bytes, name: str, dry_run: bool) -> None:
        book = registry.book_for(kind)
        _progress(2, 4, f"预检({book.title})")
        try:
            outcome = registry.run_import(
                kind=kind, actor=actor, data=data, filename=name, dry_run=True
            )
            if outcome.ok and not outcome.already and not dry_run:
                _progress(3, 4, "保存")
                outcome = registry.run_import(
                    kind=kind, actor=actor, data=data, filename=name, dry_run=False
                )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        _progress(4, 4, "完成")
        if outcome.errors:
            for error in outcome.errors:
                self.stderr.write(error)
            raise CommandError(f"共 {len(outcome.errors)} 个问题,未保存任何数据")
        if outcome.already:
            self.stdout.write("该文件已导入过,本次不做任何修改")
            return
        verb = "将" if dry_run else "已"
        self.stdout.write(
            f"{book.title}:{verb}新建 {len(outcome.created)} 条,{verb}更新 "
            f"{len(outcome.updated)} 条,不变 {len(outcome.unchanged)} 条"
        )
        for item in outcome.created[:50]:
            self.stdout.write(f"  新建:{item}")
        for item in outcome.updated[:50]:
            self.stdout.write(f"  更新:{item}")

    def _target(self, data: bytes) -> UnitReturn:
        """The return named in cell A1 of the 月报 sheet (unit code|YYYY-MM)."""
        try:
            importer.check_file(data)
            rows = return_book.read_rows(data)
            code, period_text = str(rows[0][0]).split("|")
            period = Period.parse(period_text)
        except Exception as exc:
            messages = getattr(exc, "messages", None)
            raise CommandError(
                messages[0] if messages else "无法识别工作簿:不是系统导出的月报模板"
            ) from None
        unit = Unit.objects.filter(code=code).first()
        unit_return = UnitReturn.objects.filter(
            unit=unit, period__year=period.year, period__month=period.month
        ).first()
        if unit_return is None:
            raise CommandError(f"找不到单位“{code}”{period}的月报")
        return unit_return
