"""Forms of the meeting pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.projects.forms import DATE, LabelledForm
from zhaoshang.projects.models import Stage


class MeetingForm(LabelledForm):
    title = forms.CharField(label=_("会议名称"), max_length=128)
    on = forms.DateField(label=_("会议日期"), widget=DATE)
    place = forms.CharField(label=_("集合地点"), max_length=128, required=False)


class CandidateFilter(forms.Form):
    unit = forms.TypedChoiceField(
        label=_("牵头单位"), required=False, coerce=int, empty_value=None, choices=[]
    )
    stage = forms.ChoiceField(
        label=_("阶段"), required=False, choices=[("", _("全部")), *Stage.choices]
    )
    min_wan = forms.DecimalField(
        label=_("计划总投资不低于(万元)"), required=False, min_value=0, max_digits=14
    )

    def __init__(self, *args: Any, units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("全部"))] + [(u.pk, u.name) for u in units]

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class AccountForm(LabelledForm):
    account = forms.CharField(
        label=_("经验介绍(一段话)"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class ResolutionForm(LabelledForm):
    text = forms.CharField(label=_("决议事项"), max_length=255)
    owner_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=None)  # type: ignore[arg-type]
    limit_days = forms.IntegerField(label=_("办理时限(工作日)"), min_value=1, max_value=250)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units  # type: ignore[attr-defined]


class ProgressForm(LabelledForm):
    text = forms.CharField(
        label=_("进展"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(LabelledForm):
    on = forms.DateField(label=_("销号日期"), widget=DATE)
    note = forms.CharField(label=_("销号说明"), max_length=255, required=False)
