"""Forms of the project registry. Amounts are typed in 万元 and handed to actions as yuan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.money import WAN, AmountError, parse_amount, strip_zeros
from zhaoshang.org.models import Unit
from zhaoshang.org.uscc import USCCError, normalize_uscc
from zhaoshang.projects.models import Industry, Origin, Project, Stage


class LabelledForm(forms.Form):
    """Required-field messages name the field; ``labelled_errors`` lists "字段:原因"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("不能为空")
            field.error_messages["invalid_choice"] = _("选项无效")
            field.error_messages.setdefault("invalid", _("格式不正确"))

    def labelled_errors(self) -> list[str]:
        out: list[str] = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            for error in errors:
                text = str(error)
                named = not label or text.startswith(f"{label}:")
                out.append(text if named else f"{label}:{text}")
        return out

    def take_action_error(
        self, exc: ValidationError, field_map: dict[str, str] | None = None
    ) -> None:
        """Put an action's ValidationError on the matching form fields (or the form)."""
        field_map = field_map or {}
        if hasattr(exc, "error_dict"):
            for key, errors in exc.message_dict.items():
                name = field_map.get(key, key)
                for message in errors:
                    self.add_error(name if name in self.fields else None, message)
        else:
            for message in exc.messages:
                self.add_error(None, message)


def wan_to_yuan(text: Any, label: str) -> Decimal:
    """ "1200.5" (万元) → Decimal("12005000") yuan; 万/亿 suffixes refused by parse_amount."""
    try:
        return parse_amount(text if text is not None else "", field=label) * WAN
    except AmountError as exc:
        raise ValidationError(str(exc)) from exc


def yuan_to_wan_text(yuan: Decimal) -> str:
    return strip_zeros(yuan / WAN)


class WanField(forms.CharField):
    """A money input in 万元; cleaned to Decimal yuan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Decimal:
        text = super().clean(value)
        return wan_to_yuan(text, str(self.label))


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectFieldsForm(LabelledForm):
    name = forms.CharField(label=_("项目名称"), max_length=128)
    origin = forms.ChoiceField(label=_("资金来源地"), choices=Origin.choices)
    industry = forms.ChoiceField(label=_("产业类别"), choices=Industry.choices)
    planned_investment_wan = WanField(
        label=_("计划总投资(万元)"), help_text=_("只填数字,单位为万元")
    )
    start_date = forms.DateField(label=_("立项日期"), widget=DATE)
    is_key = forms.BooleanField(label=_("重点项目"), required=False)
    location = forms.CharField(label=_("建设地点"), max_length=128, required=False)
    description = forms.CharField(
        label=_("项目简介"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ProjectCreateForm(ProjectFieldsForm):
    uscc = forms.CharField(label=_("投资方统一社会信用代码"), max_length=32)
    investor_name = forms.CharField(
        label=_("投资方名称"),
        max_length=128,
        required=False,
        help_text=_("投资方已登记时可不填,按信用代码自动选用"),
    )
    code = forms.CharField(label=_("项目编号"), max_length=32)
    lead_unit = forms.ModelChoiceField(
        label=_("牵头单位"), queryset=Unit.objects.none(), empty_label=_("请选择牵头单位")
    )
    stage = forms.ChoiceField(label=_("当前阶段"), choices=Stage.choices, initial=Stage.NEGOTIATING)
    stage_date = forms.DateField(label=_("阶段日期"), widget=DATE, required=False)

    field_order = ["uscc", "investor_name", "code", "name", "lead_unit"]

    def __init__(
        self, *args: Any, units: Any = None, fixed_unit: Unit | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_unit = fixed_unit
        if fixed_unit is not None:
            del self.fields["lead_unit"]
        else:
            self.fields["lead_unit"].queryset = units if units is not None else Unit.objects.none()

    def clean_uscc(self) -> str:
        try:
            return normalize_uscc(self.cleaned_data["uscc"])
        except USCCError as exc:
            raise ValidationError(str(exc)) from exc

    def clean_lead_unit(self) -> Unit:
        if hasattr(self.data, "getlist") and len(self.data.getlist("lead_unit")) > 1:
            raise ValidationError(_("一个项目只能有一个牵头单位"))
        return self.cleaned_data["lead_unit"]

    def action_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["planned_investment_yuan"] = data.pop("planned_investment_wan")
        data["lead_unit"] = self.fixed_unit or data.get("lead_unit")
        return data


class ProjectEditForm(ProjectFieldsForm):
    latitude = forms.DecimalField(
        label=_("纬度"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        help_text=_("WGS-84(手机定位坐标),现场打卡据此比对"),
    )
    longitude = forms.DecimalField(
        label=_("经度"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
    )

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        return {
            "name": project.name,
            "origin": project.origin,
            "industry": project.industry,
            "planned_investment_wan": yuan_to_wan_text(project.planned_investment_yuan),
            "start_date": project.start_date,
            "is_key": project.is_key,
            "location": project.location,
            "description": project.description,
            "latitude": project.latitude,
            "longitude": project.longitude,
        }

    def changes(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.changed_data}
        if "planned_investment_wan" in data:
            data["planned_investment_yuan"] = data.pop("planned_investment_wan")
        return data


class StageForm(LabelledForm):
    stage = forms.ChoiceField(label=_("新阶段"), choices=Stage.choices)
    stage_date = forms.DateField(label=_("变更日期"), widget=DATE)
    reason = forms.CharField(
        label=_("说明"), max_length=255, required=False, help_text=_("阶段退回时必须说明理由")
    )
    checkin = forms.TypedChoiceField(
        label=_("现场打卡佐证"), required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, *args: Any, checkins: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checkin"].choices = [("", _("(不引用)"))] + [
            (c.pk, f"{c.at:%Y-%m-%d %H:%M} {c.actor or ''}") for c in checkins
        ]


class EvidenceForm(LabelledForm):
    stage = forms.ChoiceField(label=_("阶段"), choices=Stage.choices)
    file = forms.FileField(label=_("文件"))
    note = forms.CharField(label=_("说明"), max_length=255, required=False)


class CheckInForm(LabelledForm):
    """The phone page: the photo from the camera, the position filled in by the page's script."""

    photo = forms.FileField(
        label=_("现场照片"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    latitude = forms.CharField(label=_("纬度"), widget=forms.HiddenInput, required=False)
    longitude = forms.CharField(label=_("经度"), widget=forms.HiddenInput, required=False)
    accuracy_m = forms.CharField(label=_("定位精度"), widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)
