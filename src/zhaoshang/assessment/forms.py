"""Assessment forms: a scheme as YAML, a run, an objection, a resolution, ledger entries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.models import Scheme
from zhaoshang.org.models import Unit
from zhaoshang.projects.forms import LabelledForm


class SchemeForm(LabelledForm):
    body = forms.CharField(
        label=_("方案内容(YAML)"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        required=False,
    )
    file = forms.FileField(label=_("或上传 YAML 文件"), required=False)
    note = forms.CharField(label=_("修订说明"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            try:
                data["body"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("file", _("文件应为 UTF-8 编码的 YAML"))
        if not (data.get("body") or "").strip():
            self.add_error("body", _("请填写或上传方案内容"))
        return data


class RunForm(LabelledForm):
    scheme = forms.ModelChoiceField(label=_("考核方案"), queryset=Scheme.objects.none())
    period = forms.CharField(
        label=_("考核期间"), max_length=16, help_text=_("如 2026-Q1(季度)、2026(年度)")
    )

    def __init__(self, *args: Any, schemes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if schemes is not None:
            self.fields["scheme"].queryset = schemes


class ObjectionForm(LabelledForm):
    text = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label=_("证明材料"), required=False)


class ResolveForm(LabelledForm):
    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[("upheld", _("异议成立,重新计算")), ("rejected", _("不予采纳"))],
    )
    resolution = forms.CharField(label=_("处理意见"), widget=forms.Textarea(attrs={"rows": 2}))


class DeductionForm(LabelledForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    rule = forms.ChoiceField(label=_("扣分规则"))
    reason = forms.CharField(label=_("事由"), max_length=255)
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    points = forms.DecimalField(
        label=_("扣分"), required=False, help_text=_("留空则按规则的递进档次计算")
    )
    evidence = forms.FileField(label=_("证明材料"), required=False)

    def __init__(self, *args: Any, units: Any, rules: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["rule"].choices = rules


class MeasureForm(LabelledForm):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    code = forms.ChoiceField(label=_("指标"))
    month = forms.IntegerField(label=_("截至月份"), min_value=1, max_value=12)
    value = forms.CharField(label=_("数值"), max_length=32)
    note = forms.CharField(label=_("说明"), max_length=255, required=False)
    evidence = forms.FileField(label=_("证明材料"), required=False)

    def __init__(self, *args: Any, units: Any, codes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["code"].choices = codes
