"""Forms of the casework pages: they parse input; the rules live in the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.casework.models import Category, Channel, Light, ServiceCommitment, Status
from zhaoshang.org.models import Unit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class IntakeFields(forms.Form):
    enterprise_name = forms.CharField(label=_("企业名称"), max_length=128)
    uscc = forms.CharField(label=_("统一社会信用代码(选填)"), max_length=24, required=False)
    contact = forms.CharField(label=_("联系人"), max_length=64)
    phone = forms.CharField(label=_("联系电话"), max_length=32)
    category = forms.ChoiceField(label=_("诉求类别"), choices=Category.choices)
    title = forms.CharField(label=_("诉求标题"), max_length=128)
    description = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(label=_("附件(PDF、图片或 Office 文件,可多选)"))


class RegisterForm(IntakeFields):
    channel = forms.ChoiceField(
        label=_("来源渠道"), choices=[c for c in Channel.choices if c[0] != Channel.PORTAL]
    )
    commitment = forms.ModelChoiceField(
        label=_("承诺事项(选填,按承诺时限计期)"),
        queryset=ServiceCommitment.objects.none(),
        required=False,
        empty_label=_("不选(按诉求类别计期)"),
    )

    def __init__(self, *args: Any, unit: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commitment = self.fields["commitment"]
        assert isinstance(commitment, forms.ModelChoiceField)
        commitment.queryset = ServiceCommitment.objects.filter(unit=unit, active=True)


class CommitmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.unit} · {obj.item}(承诺 {obj.promised_days} 个工作日)"


class PublicRequestForm(IntakeFields):
    unit = forms.ModelChoiceField(
        label=_("受理单位"), queryset=Unit.objects.none(), empty_label=_("请选择")
    )
    commitment = CommitmentChoice(
        label=_("承诺事项(选填,须为所选受理单位的事项)"),
        queryset=ServiceCommitment.objects.none(),
        required=False,
        empty_label=_("不选(按诉求类别计期)"),
    )
    field_order = ["unit", "commitment"]

    def __init__(
        self, *args: Any, units: Any = None, commitments: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units if units is not None else Unit.objects.none()
        commitment = self.fields["commitment"]
        assert isinstance(commitment, forms.ModelChoiceField)
        commitment.queryset = (
            commitments if commitments is not None else ServiceCommitment.objects.none()
        )


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=16)
    phone = forms.CharField(label=_("联系电话"), max_length=32)


class PublicRateForm(TrackForm):
    satisfied = forms.TypedChoiceField(
        label=_("您对办理结果是否满意"),
        choices=[("1", _("满意")), ("0", _("不满意"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("意见(不满意时必填)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("open", _("未办结")), *Status.choices],
    )
    light = forms.ChoiceField(
        label=_("信号灯"), required=False, choices=[("", _("全部")), *Light.choices]
    )
    unit = forms.ModelChoiceField(
        label=_("单位"), required=False, queryset=Unit.objects.none(), empty_label=_("全部")
    )
    flag = forms.ChoiceField(
        label=_("提醒"),
        required=False,
        choices=[("", _("全部")), ("contact", _("联系逾期")), ("follow_up", _("回访逾期"))],
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units if units is not None else Unit.objects.none()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PassForm(ReasonForm):
    to_unit = forms.ModelChoiceField(label=_("转至单位"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["to_unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units if units is not None else Unit.objects.none()


class ExtensionForm(ReasonForm):
    days = forms.IntegerField(label=_("延长工作日"), min_value=1, max_value=30)


class DecideForm(ReasonForm):
    approve = forms.TypedChoiceField(
        label=_("审批"),
        choices=[("1", _("批准")), ("0", _("不予批准"))],
        coerce=lambda v: v == "1",
    )


class CompleteForm(forms.Form):
    result = forms.CharField(
        label=_("办理结果"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StaffRateForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("回访结果"),
        choices=[("1", _("满意")), ("0", _("不满意"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(label=_("企业意见"), required=False)


class StatsForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))


class CommitmentForm(forms.Form):
    item = forms.CharField(label=_("事项"), max_length=128)
    statutory_days = forms.IntegerField(label=_("法定时限(工作日)"), min_value=0)
    promised_days = forms.IntegerField(label=_("承诺时限(工作日)"), min_value=0)
    contact_hours = forms.IntegerField(
        label=_("承诺联系时限(工作小时,选填)"), required=False, min_value=1, max_value=40
    )
    fee_yuan = forms.DecimalField(label=_("收费(元)"), min_value=0, initial=0, decimal_places=2)
    fee_note = forms.CharField(label=_("收费说明"), required=False, max_length=128)
    documents = forms.CharField(
        label=_("所需材料"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    project = forms.ModelChoiceField(label=_("项目"), queryset=None)  # type: ignore[arg-type]
    agent = forms.ModelChoiceField(label=_("代办员"), queryset=None)  # type: ignore[arg-type]
    on = forms.DateField(label=_("指派日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, projects: Any, agents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        self.fields["agent"].queryset = agents  # type: ignore[attr-defined]


class LedgerForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    item = forms.CharField(label=_("审批事项"), max_length=128)
    outcome = forms.CharField(label=_("办理结果"), max_length=255)
    fee_yuan = forms.DecimalField(label=_("收费(元)"), min_value=0, initial=0, decimal_places=2)


class ContactForm(forms.Form):
    note = forms.CharField(
        label=_("联系情况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"  # YYYY-MM


class MonthForm(forms.Form):
    month = forms.RegexField(
        label=_("月份"),
        regex=MONTH_PATTERN,
        error_messages={"invalid": _("月份格式应为 YYYY-MM,例如 2026-03")},
        widget=forms.DateInput(attrs={"type": "month"}),
    )

    def year_month(self) -> tuple[int, int]:
        year, month = self.cleaned_data["month"].split("-")
        return int(year), int(month)


class CallBackForm(MonthForm):
    month = forms.RegexField(
        label=_("月份"),
        regex=MONTH_PATTERN,
        error_messages={"invalid": _("月份格式应为 YYYY-MM,例如 2026-03")},
        widget=forms.HiddenInput,
    )
    reached = forms.TypedChoiceField(
        label=_("回访结果"),
        choices=[("1", _("已联系上")), ("0", _("未联系上"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    satisfied = forms.TypedChoiceField(
        label=_("企业是否满意"),
        choices=[("", _("—")), ("1", _("满意")), ("0", _("不满意(重新办理)"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    view = forms.CharField(
        label=_("企业意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("备注"), required=False)
