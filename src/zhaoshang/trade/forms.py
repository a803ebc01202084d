"""Forms of the trade pages; the rules live in trade.actions (the form only parses)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.trade.models import Source


class FigureForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=None, empty_label=_("请选择企业"))  # type: ignore[arg-type]
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
    source = forms.ChoiceField(label=_("数据来源"), choices=Source.choices)
    imports_usd = forms.CharField(label=_("进口额(美元)"), max_length=32)
    exports_usd = forms.CharField(label=_("出口额(美元)"), max_length=32)
    total_usd = forms.CharField(label=_("进出口总额(美元,可不填)"), max_length=32, required=False)
    reason = forms.CharField(label=_("说明(更正时填写原因)"), max_length=255, required=False)

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("海关数据工作簿(.xlsx/.xls/.ods)"))
    source = forms.ChoiceField(label=_("数据来源"), choices=Source.choices, initial=Source.FLASH)
    dry_run = forms.BooleanField(label=_("仅预检,不写入"), required=False, initial=True)
