from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.portal.models import Document


class UploadForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    issuer = forms.CharField(label=_("发文单位"), max_length=100)
    doc_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("成文日期"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("类别"), choices=Document.Kind.choices)
    period = forms.CharField(label=_("期间(YYYY-MM)"), max_length=7, required=False)
    file = forms.FileField(label=_("文件(PDF 或 DOCX)"), allow_empty_file=True)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=255)
