"""Filters of the project list. The unit choices are the user's visible reporting units."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.org.models import Unit
from zhaoshang.projects.models import Industry, Origin, Project, Stage


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    lead_unit = django_filters.ModelChoiceFilter(label=_("牵头单位"), queryset=Unit.objects.none())
    stage = django_filters.ChoiceFilter(label=_("阶段"), choices=Stage.choices)
    origin = django_filters.ChoiceFilter(label=_("资金来源地"), choices=Origin.choices)
    industry = django_filters.ChoiceFilter(label=_("产业类别"), choices=Industry.choices)
    is_key = django_filters.BooleanFilter(label=_("重点项目"))
    kind = django_filters.ChoiceFilter(
        label=_("新建/续建"),
        choices=[("new", _("新建")), ("continuing", _("续建"))],
        method="new_or_continuing",
    )
    year = django_filters.NumberFilter(label=_("年度"), method="noop")

    class Meta:
        model = Project
        fields = ["q", "lead_unit", "stage", "origin", "industry", "is_key", "kind", "year"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["lead_unit"].queryset = Unit.objects.visible_to(user).reporting()

    def chosen_year(self) -> int:
        year = self.form.cleaned_data.get("year") if self.form.is_valid() else None
        return int(year) if year else timezone.localdate().year

    def noop(self, queryset: QuerySet[Project], name: str, value: Any) -> QuerySet[Project]:
        return queryset

    def search(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(name__icontains=text)
            | Q(code__icontains=text)
            | Q(investor__name__icontains=text)
            | Q(investor__uscc__icontains=text)
            | Q(location__icontains=text)
        )

    def new_or_continuing(
        self, queryset: QuerySet[Project], name: str, value: str
    ) -> QuerySet[Project]:
        year = self.chosen_year()
        if value == "new":
            return queryset.filter(start_date__year=year)
        if value == "continuing":
            return queryset.filter(start_date__year__lt=year)
        return queryset
