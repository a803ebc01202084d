"""Units, people and investors as workbooks: download (scoped) and upload (dry run → confirm).

Each row is checked by a ModelForm of the model (the model's own field rules: lengths, choices,
uniqueness) plus the rules below that the model cannot know (scope, roles a bureau may give, USCC
check digit). A row is keyed by 代码 / 用户名 / 统一社会信用代码: a known key is an update of that
row (only within the uploader's scope), an unknown key a new row. People created by upload get an
unusable password: an administrator must reset it before they can sign in."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import modelform_factory
from openpyxl import Workbook
from openpyxl.styles import Font

from zhaoshang.core.permissions import is_bureau
from zhaoshang.org.models import Role, Unit, UnitGroup, User
from zhaoshang.org.uscc import USCCError, normalize_uscc
from zhaoshang.projects.models import Investor, Project
from zhaoshang.spreadsheets.sheets import (
    BookError,
    bool_value,
    code_text,
    locate_columns,
    shown,
    where,
)

GUIDE = "填表说明"


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # form field name
    read: Callable[[Any], Any]  # object → cell
    parse: Callable[[Any, Any], Any] = lambda value, ctx: shown(value).strip()  # cell → input
    required: bool = True


@dataclass
class ModelRow:
    row: int
    label: str
    form: forms.ModelForm
    created: bool
    changed: bool


@dataclass
class ModelPlan:
    kind: str
    rows: list[ModelRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Spec:
    kind: str
    sheet: str
    model: type[Model]
    key: str  # the column header that identifies a row
    columns: list[Column]
    guide: list[str]
    may_use: Callable[[Any], bool]
    scope: Callable[[Any], QuerySet[Any]]  # rows the uploader may change (and downloads)
    context: Callable[[Any], dict[str, Any]]
    form_class: Callable[[Any, dict[str, Any]], type[forms.ModelForm]]
    label: Callable[[Any], str]


def _yes(value: Any) -> str:
    return "是" if value else "否"


def _flag(value: Any, ctx: Any) -> Any:
    answer = bool_value(value)
    if isinstance(answer, str):
        raise ValidationError("应填“是”或“否”")
    return answer


def _code(value: Any, ctx: Any) -> str:
    return code_text(value)


# ---------------------------------------------------------------- units


def _unit_scope(user: Any) -> QuerySet[Unit]:
    return (
        Unit.objects.editable_by(user).filter(kind=Unit.Kind.UNIT).select_related("group", "parent")
    )


def _unit_context(user: Any) -> dict[str, Any]:
    districts = Unit.objects.editable_by(user).filter(kind=Unit.Kind.DISTRICT)
    return {
        "groups": {g.name: g.pk for g in UnitGroup.objects.all()}
        | {g.code: g.pk for g in UnitGroup.objects.all()},
        "districts": {d.code: d.pk for d in districts},
    }


def _lookup(name: str, message: str) -> Callable[[Any, Any], Any]:
    def parse(value: Any, ctx: Any) -> Any:
        text = code_text(value)
        if not text:
            return ""
        if text not in ctx[name]:
            raise ValidationError(message)
        return ctx[name][text]

    return parse


def _unit_form(user: Any, ctx: dict[str, Any]) -> type[forms.ModelForm]:
    base = modelform_factory(
        Unit,
        fields=[
            "code",
            "name",
            "short_name",
            "group",
            "parent",
            "is_bureau",
            "sort_order",
            "active",
        ],
    )

    class UnitForm(base):  # type: ignore[misc, valid-type]
        def clean(self) -> dict[str, Any]:
            data = super().clean()
            if not data.get("group"):
                self.add_error("group", "单位须属于一个分组(乡镇街道或区直部门)")
            return data

    return UnitForm


UNITS = Spec(
    kind="units",
    sheet="单位",
    model=Unit,
    key="单位代码",
    columns=[
        Column("单位代码", "code", lambda u: u.code, _code),
        Column("名称", "name", lambda u: u.name),
        Column("简称", "short_name", lambda u: u.short_name, required=False),
        Column(
            "分组",
            "group",
            lambda u: u.group.name if u.group_id else "",
            _lookup("groups", "分组不存在(应为系统中已有的分组名称)"),
        ),
        Column(
            "上级县区代码",
            "parent",
            lambda u: u.parent.code if u.parent_id else "",
            _lookup("districts", "不是您可以管理的县区"),
        ),
        Column("主管部门", "is_bureau", lambda u: _yes(u.is_bureau), _flag),
        Column("排序", "sort_order", lambda u: u.sort_order, lambda v, c: shown(v).strip() or "0"),
        Column("启用", "active", lambda u: _yes(u.active), _flag),
    ],
    guide=[
        "填表说明(单位)",
        "1. 按“单位代码”识别:已有的单位更新,新的代码新建单位(层级为“单位”)。",
        "2. 分组填系统中已有的分组名称(如“乡镇街道”“区直部门”);上级县区代码填本县区代码。",
        "3. 招商局只能维护本县区的单位;停用单位请把“启用”改为“否”,不要删除行。",
        "4. 上传后先预检,确认后才保存;有任何错误则全部不保存。",
    ],
    may_use=is_bureau,
    scope=_unit_scope,
    context=_unit_context,
    form_class=_unit_form,
    label=lambda u: f"{u.code} {u.name}",
)


# ---------------------------------------------------------------- people

ROLE_BY_LABEL = {str(label): value for value, label in Role.choices}


def _people_scope(user: Any) -> QuerySet[User]:
    """People of the units the user may manage; administrators only for administrators."""
    units = Unit.objects.editable_by(user)
    people = User.objects.filter(unit__in=units).select_related("unit")
    if not (user.is_superuser or user.role == Role.ADMIN):
        people = people.exclude(role=Role.ADMIN).exclude(is_superuser=True)
    return people


def _people_context(user: Any) -> dict[str, Any]:
    allowed = (
        set(Role.values)
        if user.is_superuser or user.role == Role.ADMIN
        else (set(Role.values) - {Role.ADMIN})
    )
    return {
        "units": {u.code: u.pk for u in Unit.objects.editable_by(user)},
        "roles": allowed,
    }


def _role(value: Any, ctx: Any) -> str:
    text = shown(value).strip()
    role = ROLE_BY_LABEL.get(text, text)
    if role and role not in ctx["roles"]:
        raise ValidationError("您不能授予该角色(系统管理员只能由管理员设置)")
    return role


def _people_form(user: Any, ctx: dict[str, Any]) -> type[forms.ModelForm]:
    base = modelform_factory(
        User, fields=["username", "full_name", "role", "unit", "phone", "email", "is_active"]
    )

    class PersonForm(base):  # type: ignore[misc, valid-type]
        def clean(self) -> dict[str, Any]:
            data = super().clean()
            if not data.get("role"):
                self.add_error("role", "须选择角色")
            if not data.get("unit"):
                self.add_error("unit", "须填写所属单位代码")
            if (
                self.instance.pk
                and self.instance.is_superuser
                and not (user.is_superuser or user.role == Role.ADMIN)
            ):
                raise ValidationError("不能修改管理员账号")
            return data

    return PersonForm


PEOPLE = Spec(
    kind="people",
    sheet="人员",
    model=User,
    key="用户名",
    columns=[
        Column("用户名", "username", lambda p: p.username, _code),
        Column("姓名", "full_name", lambda p: p.full_name, required=False),
        Column("角色", "role", lambda p: p.get_role_display(), _role),
        Column(
            "所属单位代码",
            "unit",
            lambda p: p.unit.code if p.unit_id else "",
            _lookup("units", "不是您可以管理的单位"),
        ),
        Column("电话", "phone", lambda p: p.phone, required=False),
        Column("电子邮箱", "email", lambda p: p.email, required=False),
        Column("启用", "is_active", lambda p: _yes(p.is_active), _flag),
    ],
    guide=[
        "填表说明(人员)",
        "1. 按“用户名”识别:已有的人员更新,新的用户名新建账号。",
        "2. 本表不含、也不接受密码:新建的账号没有可用密码,须由管理员在系统中重置密码后才能登录。",
        "3. 角色填系统中的名称(如“单位填报员”“单位负责人”“招商局工作人员”);所属单位填单位代码。",
        "4. 招商局只能维护本县区单位的人员,不能设置系统管理员;停用请把“启用”改为“否”。",
        "5. 上传后先预检,确认后才保存;有任何错误则全部不保存。",
    ],
    may_use=is_bureau,
    scope=_people_scope,
    context=_people_context,
    form_class=_people_form,
    label=lambda p: f"{p.username} {p.full_name}",
)


# ---------------------------------------------------------------- investors


def _investor_scope(user: Any) -> QuerySet[Investor]:
    """Investors of the projects the user can see; administrators see every investor."""
    if getattr(user, "is_superuser", False) or getattr(user, "role", None) == Role.ADMIN:
        return Investor.objects.all()
    ids = Project.objects.visible_to(user).values("investor_id")
    return Investor.objects.filter(pk__in=ids)


def _investor_form(user: Any, ctx: dict[str, Any]) -> type[forms.ModelForm]:
    base = modelform_factory(Investor, fields=["uscc", "name", "home_region", "contact", "phone"])

    class InvestorForm(base):  # type: ignore[misc, valid-type]
        def clean_uscc(self) -> str:
            try:
                return normalize_uscc(self.cleaned_data["uscc"])
            except USCCError as exc:
                raise ValidationError(str(exc)) from exc

    return InvestorForm


INVESTORS = Spec(
    kind="investors",
    sheet="投资方",
    model=Investor,
    key="统一社会信用代码",
    columns=[
        Column("统一社会信用代码", "uscc", lambda i: i.uscc, _code),
        Column("投资方名称", "name", lambda i: i.name),
        Column("来源地", "home_region", lambda i: i.home_region, required=False),
        Column("联系人", "contact", lambda i: i.contact, required=False),
        Column("联系电话", "phone", lambda i: i.phone, required=False),
    ],
    guide=[
        "填表说明(投资方)",
        "1. 按“统一社会信用代码”识别(18位,含校验位):已登记的更新,新的代码登记新投资方。",
        "2. 信用代码按文本保存,保留前导零。",
        "3. 只有招商局和管理员可以上传;上传后先预检,确认后才保存;有任何错误则全部不保存。",
    ],
    may_use=is_bureau,
    scope=_investor_scope,
    context=lambda user: {},
    form_class=_investor_form,
    label=lambda i: f"{i.uscc} {i.name}",
)

SPECS = {spec.kind: spec for spec in (UNITS, PEOPLE, INVESTORS)}


def may_download(spec: Spec, user: Any) -> bool:
    if spec is INVESTORS:
        return bool(getattr(user, "is_authenticated", False))
    return spec.may_use(user)


def write_book(spec: Spec, user: Any, q: str = "") -> bytes:
    rows = spec.scope(user)
    if q:
        rows = _search(spec, rows, q)
    wb = Workbook()
    ws = wb.active
    ws.title = spec.sheet
    ws.append([c.header for c in spec.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for obj in rows.order_by(*_order(spec)):
        ws.append([c.read(obj) for c in spec.columns])
        ws.cell(row=ws.max_row, column=1).number_format = "@"
    for i in range(len(spec.columns)):
        ws.column_dimensions[chr(ord("A") + i)].width = 20
    guide = wb.create_sheet(GUIDE)
    for i, text in enumerate(spec.guide, start=1):
        guide.cell(row=i, column=1, value=text)
    guide.column_dimensions["A"].width = 90
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _order(spec: Spec) -> list[str]:
    return {"units": ["code"], "people": ["unit__code", "username"], "investors": ["uscc"]}[
        spec.kind
    ]


def _search(spec: Spec, rows: QuerySet[Any], q: str) -> QuerySet[Any]:
    from django.db.models import Q

    text = q.strip()
    if spec.kind == "units":
        return rows.filter(Q(code__icontains=text) | Q(name__icontains=text))
    if spec.kind == "people":
        return rows.filter(Q(username__icontains=text) | Q(full_name__icontains=text))
    return rows.filter(Q(uscc__icontains=text) | Q(name__icontains=text))


def plan_rows(spec: Spec, actor: User, rows: list[list[Any]], today: date) -> ModelPlan:
    plan = ModelPlan(kind=spec.kind)
    if not rows:
        raise BookError(f"工作表“{spec.sheet}”是空的,请使用系统下载的模板")
    required = [c.header for c in spec.columns if c.required]
    optional = tuple(c.header for c in spec.columns if not c.required)
    cols = locate_columns(spec.sheet, list(rows[0]), required, optional)
    ctx = spec.context(actor)
    form_class = spec.form_class(actor, ctx)
    key_field = next(c.field for c in spec.columns if c.header == spec.key)
    in_scope = {getattr(o, key_field): o for o in spec.scope(actor)}
    seen: dict[str, int] = {}
    for r, cells in enumerate(rows[1:], start=2):
        if all(c is None or c == "" for c in cells):
            continue
        errors: list[str] = []
        data: dict[str, Any] = {}
        by_field: dict[str, tuple[int, str, Any]] = {}
        for column in spec.columns:
            i = cols.get(column.header)
            if i is None:
                continue
            value = cells[i] if i < len(cells) else None
            by_field[column.field] = (i + 1, column.header, value)
            try:
                data[column.field] = column.parse(value, ctx)
            except ValidationError as exc:
                errors.extend(
                    f"{where(spec.sheet, r, i + 1, column.header, value)}:{m}" for m in exc.messages
                )
        if errors:
            plan.errors.extend(errors)
            continue
        key = (
            str(data.get(key_field, "")).strip().upper()
            if spec is INVESTORS
            else str(data.get(key_field, ""))
        )
        if spec is INVESTORS and key:
            try:
                key = normalize_uscc(key)
                data["uscc"] = key
            except USCCError:
                pass  # the form reports it on the cell
        col, header, value = by_field[key_field]
        if key in seen:
            plan.errors.append(f"{where(spec.sheet, r, col, header, value)}:与第{seen[key]}行重复")
            continue
        seen[key] = r
        instance = in_scope.get(key)
        if (
            instance is None
            and key
            and spec.model._default_manager.filter(**{key_field: key}).exists()
        ):
            plan.errors.append(
                f"{where(spec.sheet, r, col, header, value)}:该{header}已被本人权限范围以外的记录使用"
            )
            continue
        form = form_class(data, instance=instance)
        if not form.is_valid():
            for name, messages in form.errors.items():
                place = by_field.get(name)
                for message in messages:
                    if place is None:
                        plan.errors.append(f"工作表“{spec.sheet}”第{r}行:{message}")
                    else:
                        c, h, v = place
                        plan.errors.append(f"{where(spec.sheet, r, c, h, v)}:{message}")
            continue
        changed = instance is None or form.has_changed()
        plan.rows.append(
            ModelRow(
                row=r,
                label=spec.label(form.instance),
                form=form,
                created=instance is None,
                changed=changed,
            )
        )
    return plan
