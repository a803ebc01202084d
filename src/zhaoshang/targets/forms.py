"""Target forms. Values of money indicators are typed in 万元 and handed on in yuan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.money import AmountError, parse_amount
from zhaoshang.org.models import Unit
from zhaoshang.projects.forms import LabelledForm, wan_to_yuan
from zhaoshang.targets.models import Indicator, Issuer, Measure

WAN_MEASURES = {Measure.YUAN, Measure.USD}


def value_label(indicator: Indicator | None) -> str:
    if indicator is None or indicator.measure == Measure.COUNT:
        return str(_("目标值"))
    if indicator.measure == Measure.USD:
        return str(_("目标值(万美元)"))
    return str(_("目标值(万元)"))


def to_stored(text: str, indicator: Indicator, label: str) -> Decimal:
    """What the user typed → the stored value (yuan for money indicators)."""
    if indicator.measure in WAN_MEASURES:
        return wan_to_yuan(text, label)
    try:
        return parse_amount(text, field=label)
    except AmountError as exc:
        raise ValidationError(str(exc)) from exc


class TargetFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    indicator = forms.ModelChoiceField(
        label=_("指标"), queryset=Indicator.objects.all(), required=False, to_field_name="code"
    )
    issuer = forms.ChoiceField(label=_("下达方"), choices=Issuer.choices, required=False)


class BaselineForm(LabelledForm):
    unit = forms.ModelChoiceField(
        label=_("单位"), queryset=Unit.objects.none(), empty_label=_("请选择单位")
    )
    value = forms.CharField(label=_("目标值"))
    reason = forms.CharField(label=_("说明"), max_length=255, required=False)

    def __init__(self, *args: Any, indicator: Indicator, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["unit"].queryset = units
        self.fields["value"].label = value_label(indicator)

    def clean_value(self) -> Decimal:
        return to_stored(
            self.cleaned_data["value"], self.indicator, str(self.fields["value"].label)
        )


class AdjustForm(LabelledForm):
    value = forms.CharField(label=_("调整后目标值"))
    reason = forms.CharField(label=_("调整理由"), max_length=255)

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["value"].label = _("调整后") + value_label(indicator)

    def clean_value(self) -> Decimal:
        return to_stored(
            self.cleaned_data["value"], self.indicator, str(self.fields["value"].label)
        )
