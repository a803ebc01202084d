"""Forms of the inspections pages (staff and public). They parse; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.inspections.models import Enterprise, Filing, Protection, ProtectionRule
from zhaoshang.org.models import Unit
from zhaoshang.org.uscc import USCCError, normalize_uscc
from zhaoshang.projects.forms import DATE, LabelledForm
from zhaoshang.projects.models import Industry, Project


def _clean_uscc(value: str) -> str:
    try:
        return normalize_uscc(value)
    except USCCError as exc:
        raise ValidationError(str(exc)) from exc


class EnterpriseForm(LabelledForm):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=32)
    name = forms.CharField(label=_("企业名称"), max_length=128)
    responsible_unit = forms.ModelChoiceField(
        label=_("属地/责任单位"), queryset=Unit.objects.none(), empty_label=_("请选择")
    )
    industry = forms.ChoiceField(label=_("行业"), choices=Industry.choices)
    size = forms.ChoiceField(label=_("企业规模"), choices=Enterprise.Size.choices)
    foreign_invested = forms.BooleanField(label=_("外商投资企业"), required=False)
    address = forms.CharField(label=_("地址"), max_length=255, required=False)
    contact = forms.CharField(label=_("联系人"), max_length=64, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = (
            units if units is not None else Unit.objects.none()
        )  # type: ignore[attr-defined]

    def clean_uscc(self) -> str:
        return _clean_uscc(self.cleaned_data["uscc"])


class EnterpriseEditForm(EnterpriseForm):
    """The same fields as registering; the status is changed apart, with a reason."""

    @classmethod
    def initial_for(cls, enterprise: Enterprise) -> dict[str, Any]:
        return {
            "uscc": enterprise.uscc,
            "name": enterprise.name,
            "responsible_unit": enterprise.responsible_unit_id,
            "industry": enterprise.industry,
            "size": enterprise.size,
            "foreign_invested": enterprise.foreign_invested,
            "address": enterprise.address,
            "contact": enterprise.contact,
            "phone": enterprise.phone,
        }


# --- List filters (GET): an invalid value is ignored, never an error page -----------------


class _FilterForm(forms.Form):
    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "unit" in self.fields and units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters (a bad one is dropped, the others kept)."""
        self.is_valid()
        return dict(self.cleaned_data)


def _any(choices: Any) -> list[tuple[str, str]]:
    return [("", _("全部")), *choices]


class EnterpriseFilterForm(_FilterForm):
    q = forms.CharField(label=_("企业名称或信用代码"), max_length=64, required=False)
    unit = forms.ModelChoiceField(
        label=_("属地/责任单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("全部"),
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=_any(Enterprise.Status.choices), required=False
    )


class FilingFilterForm(_FilterForm):
    q = forms.CharField(label=_("企业、事项或核验码"), max_length=64, required=False)
    unit = forms.ModelChoiceField(
        label=_("检查部门"), queryset=Unit.objects.none(), required=False, empty_label=_("全部")
    )
    status = forms.ChoiceField(label=_("状态"), choices=_any(Filing.Status.choices), required=False)
    kind = forms.ChoiceField(label=_("检查类型"), choices=_any(Filing.Kind.choices), required=False)
    month = forms.CharField(
        label=_("计划月份"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
    )

    def clean_month(self) -> tuple[int, int] | None:
        raw = self.cleaned_data["month"].strip()
        if not raw:
            return None
        try:
            year, month = (int(x) for x in raw.split("-"))
        except ValueError:
            raise ValidationError(_("月份格式应为 2026-06")) from None
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise ValidationError(_("月份格式应为 2026-06"))
        return year, month


class ProtectionFilterForm(_FilterForm):
    q = forms.CharField(label=_("企业或项目名称"), max_length=64, required=False)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("active", _("当前保护中")), *Protection.Status.choices],
    )


class ProtectionForm(LabelledForm):
    uscc = forms.CharField(
        label=_("企业统一社会信用代码"),
        max_length=32,
        required=False,
        help_text=_("挂牌企业时填写;挂牌项目时留空并选择项目"),
    )
    project = forms.ModelChoiceField(
        label=_("项目"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("(不挂牌项目)"),
    )
    rule = forms.ModelChoiceField(
        label=_("认定标准"), queryset=ProtectionRule.objects.filter(active=True)
    )
    reason = forms.CharField(label=_("挂牌理由"), max_length=255)
    starts_on = forms.DateField(label=_("保护起始日"), widget=DATE)
    ends_on = forms.DateField(label=_("保护截止日"), widget=DATE)
    responsible_leader = forms.CharField(label=_("联系领导"), max_length=64)
    contact_person = forms.CharField(label=_("联系人"), max_length=64)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32)

    def __init__(self, *args: Any, projects: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"].queryset = projects  # type: ignore[attr-defined]

    def clean_uscc(self) -> str:
        raw = self.cleaned_data["uscc"]
        return _clean_uscc(raw) if raw.strip() else ""


class EnterpriseStatusForm(LabelledForm):
    status = forms.ChoiceField(label=_("状态"), choices=Enterprise.Status.choices)
    reason = forms.CharField(label=_("变更理由"), max_length=255)


class ReasonForm(LabelledForm):
    reason = forms.CharField(label=_("理由"), max_length=255)
    ends_on = forms.DateField(label=_("新的截止日"), widget=DATE, required=False)


class FilingForm(LabelledForm):
    uscc = forms.CharField(label=_("被检查企业统一社会信用代码"), max_length=32)
    kind = forms.ChoiceField(label=_("检查类型"), choices=Filing.Kind.choices)
    matter = forms.CharField(
        label=_("检查事项"), max_length=64, help_text=_("如:安全生产、消防、环保")
    )
    legal_basis = forms.CharField(label=_("检查依据"), max_length=255)
    items = forms.CharField(
        label=_("检查内容"), widget=forms.Textarea(attrs={"rows": 3, "cols": 30})
    )
    inspectors = forms.CharField(
        label=_("检查人员"), max_length=255, help_text=_("至少两人,用顿号或逗号分隔")
    )
    planned_date = forms.DateField(label=_("计划检查日期"), widget=DATE)

    def clean_uscc(self) -> str:
        return _clean_uscc(self.cleaned_data["uscc"])

    def inspector_list(self) -> list[str]:
        text = self.cleaned_data["inspectors"]
        for sep in ("、", ",", ";", ";"):
            text = text.replace(sep, ",")
        return [n.strip() for n in text.split(",") if n.strip()]


class DecisionForm(LabelledForm):
    note = forms.CharField(label=_("审批意见"), max_length=255, required=False)


class MergeForm(LabelledForm):
    filings = forms.CharField(widget=forms.HiddenInput)
    visit_date = forms.DateField(label=_("联合检查日期"), widget=DATE)
    lead_department = forms.ModelChoiceField(
        label=_("牵头部门"), queryset=Unit.objects.filter(kind=Unit.Kind.UNIT)
    )

    def filing_ids(self) -> list[int]:
        return [int(x) for x in self.cleaned_data["filings"].split(",") if x.strip().isdigit()]


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("核验码"), max_length=32)


class RatingForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=32)
    score = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        choices=[
            (5, "5 非常满意"),
            (4, "4 满意"),
            (3, "3 一般"),
            (2, "2 不满意"),
            (1, "1 很不满意"),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("意见建议"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UnfiledReportForm(LabelledForm):
    enterprise_name = forms.CharField(label=_("企业名称"), max_length=128)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=32, required=False)
    department = forms.ModelChoiceField(
        label=_("检查部门"), queryset=Unit.objects.none(), empty_label=_("请选择")
    )
    happened_on = forms.DateField(label=_("检查日期"), widget=DATE)
    description = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 4}))
    contact = forms.CharField(label=_("联系人及电话"), max_length=128)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            kind=Unit.Kind.UNIT, active=True, group__code="department"
        )

    def clean_uscc(self) -> str:
        raw = self.cleaned_data["uscc"]
        return _clean_uscc(raw) if raw.strip() else ""
