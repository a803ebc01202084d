"""Schemes in the admin: the body is validated (Chinese messages naming the item and the fault)
and saving an edited scheme stores a new version through the action; the old one is kept.
Results, the ledger and objections are read-only here (they change only through actions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from zhaoshang.assessment import actions
from zhaoshang.assessment.models import (
    AssessmentRun,
    Deduction,
    MeasureEntry,
    Objection,
    Scheme,
    validate_body,
)


class SchemeAdminForm(forms.ModelForm):
    class Meta:
        model = Scheme
        fields = ("district", "body", "note")

    def clean_body(self) -> Any:
        body = self.cleaned_data["body"]
        try:
            validate_body(body)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return body


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    form = SchemeAdminForm
    list_display = ("name", "year", "version", "district", "created_by", "created_at")
    list_filter = ("year",)
    search_fields = ("name",)

    def save_model(self, request: Any, obj: Scheme, form: Any, change: bool) -> None:
        try:
            saved = actions.save_scheme(
                actor=request.user,
                district=form.cleaned_data["district"],
                body=form.cleaned_data["body"],
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        obj.pk = saved.pk
        obj._state.adding = False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AssessmentRun)
class RunAdmin(ReadOnlyAdmin):
    list_display = ("scheme", "period", "status", "revision", "objection_until", "digest")


@admin.register(Deduction)
class DeductionAdmin(ReadOnlyAdmin):
    list_display = ("unit", "rule_name", "points", "reason", "on", "automatic", "cancelled")
    list_filter = ("year", "rule", "automatic", "cancelled")


@admin.register(MeasureEntry)
class MeasureEntryAdmin(ReadOnlyAdmin):
    list_display = ("unit", "code", "year", "month", "value", "entered_by")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("unit", "status", "filed_at", "resolved_at")
