"""The project list as a django-tables2 table."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.money import format_wan
from zhaoshang.projects.models import Project


class ProjectTable(tables.Table):
    code = tables.Column(verbose_name=_("编号"))
    name = tables.LinkColumn("projects:detail", args=[tables.A("pk")], verbose_name=_("项目名称"))
    lead_unit = tables.Column(verbose_name=_("牵头单位"), order_by=("lead_unit__sort_order",))
    investor = tables.Column(verbose_name=_("投资方"), order_by=("investor__name",))
    origin = tables.Column(verbose_name=_("来源地"))
    industry = tables.Column(verbose_name=_("产业"))
    planned_investment_yuan = tables.Column(
        verbose_name=_("计划总投资(万元)"), attrs={"td": {"class": "num"}}
    )
    stage = tables.Column(verbose_name=_("阶段"))
    is_key = tables.BooleanColumn(verbose_name=_("重点"), yesno="★,")
    is_new = tables.Column(verbose_name=_("新建/续建"), order_by=("start_date",))

    class Meta:
        model = Project
        fields = ()
        sequence = (
            "code",
            "name",
            "lead_unit",
            "investor",
            "origin",
            "industry",
            "planned_investment_yuan",
            "stage",
            "is_key",
            "is_new",
        )
        attrs = {"class": "table"}
        empty_text = _("没有符合条件的项目")

    def render_planned_investment_yuan(self, value: Any) -> str:
        return format_wan(value)

    def render_stage(self, record: Project) -> str:
        return format_html(
            '<span class="badge {}">{}</span>', record.stage, record.get_stage_display()
        )

    def render_is_new(self, value: bool) -> str:
        return str(_("新建") if value else _("续建"))
