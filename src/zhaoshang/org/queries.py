"""Reads behind the unit tree page. Scope through ``Unit.objects.visible_to``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from zhaoshang.org.models import Unit


@dataclass
class GroupNode:
    name: str
    units: list[Unit] = field(default_factory=list)


@dataclass
class DistrictNode:
    city: str
    district: Unit | None
    name: str
    groups: dict[str, GroupNode] = field(default_factory=dict)
    others: list[Unit] = field(default_factory=list)


def unit_tree(user: Any) -> list[DistrictNode]:
    """City → district → units by group, only the units the user may see; each unit with its
    number of people and projects (counted in the database)."""
    units = (
        Unit.objects.visible_to(user)
        .filter(kind=Unit.Kind.UNIT)
        .select_related("parent", "parent__parent", "group")
        .annotate(
            people_count=Count("people", filter=Q(people__is_active=True), distinct=True),
            project_count=Count("projects", distinct=True),
        )
        .order_by("parent__sort_order", "parent__code", "group__sort_order", "sort_order", "code")
    )
    tree: dict[int | None, DistrictNode] = {}
    for unit in units:
        district = unit.parent
        key = district.pk if district else None
        if key not in tree:
            city = district.parent.name if district and district.parent else ""
            tree[key] = DistrictNode(
                city=city, district=district, name=district.name if district else ""
            )
        node = tree[key]
        if unit.group is None:
            node.others.append(unit)
            continue
        node.groups.setdefault(unit.group.code, GroupNode(name=unit.group.name)).units.append(unit)
    return list(tree.values())
