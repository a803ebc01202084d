"""Read side of publishing: the document a draft would publish, the inputs it came from, the
fingerprint that makes publishing idempotent, and the 更正 list against what was published."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q

from zhaoshang.bulletins import narrative, queries
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.document import build_document
from zhaoshang.bulletins.models import BulletinDraft, PublishedBulletin
from zhaoshang.bulletins.render.content import STATUS_LABELS, Content, Meta, title_for
from zhaoshang.core.models import Event
from zhaoshang.core.periods import Period
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import COUNTED_STAGES
from zhaoshang.reporting.models import ReturnLine, UnitReturn
from zhaoshang.targets.models import Issuer, Target
from zhaoshang.trade import queries as trade_queries


def default_issuer(district: Unit) -> str:
    return f"{district.name}招商局"


def draft_for(district: Unit, period: Period) -> BulletinDraft:
    """The saved draft, or an unsaved one with defaults."""
    found = BulletinDraft.objects.filter(
        district=district, year=period.year, month=period.month
    ).first()
    return found or BulletinDraft(
        district=district, year=period.year, month=period.month, issuer=default_issuer(district)
    )


def meta_for(draft: BulletinDraft) -> Meta:
    return Meta(
        issuer=draft.issuer or default_issuer(draft.district),
        doc_number=draft.doc_number,
        signer=draft.signer,
        issued_on=draft.issued_on or date.today(),
        title=title_for(draft.period),
        copy_to=draft.copy_to,
    )


def content_for(
    district: Unit, period: Period, draft: BulletinDraft, corrections: list[dict[str, Any]]
) -> Content:
    from zhaoshang.bulletins.views import chart_data

    bulletin = compute(queries.gather(district, period))
    document = build_document(bulletin)
    if draft.narrative:
        document["narrative"] = list(draft.narrative)
    document["doc_number"] = draft.doc_number
    document["issuer"] = draft.issuer
    document["signer"] = draft.signer
    document["issued_on"] = draft.issued_on.isoformat() if draft.issued_on else None
    return Content(bulletin, document, meta_for(draft), chart_data(bulletin), corrections)


def canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def fingerprint(document: dict[str, Any], meta: Meta) -> str:
    payload = {"document": document, "copy_to": meta.copy_to, "title": meta.title}
    return hashlib.sha256(canonical(payload)).hexdigest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- The inputs a bulletin came from --------------------------------------------------------


def inputs_snapshot(district: Unit, period: Period) -> dict[str, Any]:
    """IDs and values of the verified returns and lines, the targets and the rules used."""
    returns = list(
        UnitReturn.objects.filter(
            period__district=district,
            period__year__in=[period.year - 1, period.year],
            status=UnitReturn.Status.VERIFIED,
        )
        .order_by("pk")
        .values("pk", "unit__code", "period__year", "period__month", "verified_at")
    )
    lines = list(
        ReturnLine.objects.filter(unit_return__pk__in=[r["pk"] for r in returns])
        .order_by("pk")
        .values(
            "pk",
            "unit_return_id",
            "project__code",
            "funds_within_province_yuan",
            "funds_outside_province_yuan",
            "funds_abroad_yuan",
        )
    )
    targets = list(
        Target.objects.filter(
            indicator__code=settings.ZHAOSHANG["FUNDS_INDICATOR"],
            issuer=Issuer.DISTRICT,
            year=period.year,
        )
        .filter(Q(unit__parent=district) | Q(unit=district))
        .order_by("pk")
        .values("pk", "unit__code", "current_value")
    )
    return json.loads(
        json.dumps(
            {
                "returns": returns,
                "lines": lines,
                "targets": targets,
                "narrative_templates": narrative.TEMPLATES,
                "rules": {
                    "funds_indicator": settings.ZHAOSHANG["FUNDS_INDICATOR"],
                    "fastest_per_group": settings.ZHAOSHANG.get("FASTEST_PER_GROUP", 2),
                    "counted_stages": sorted(COUNTED_STAGES),
                },
            },
            default=str,
        )
    )


def unverified_returns(district: Unit, period: Period) -> list[str]:
    """Units whose return for the period is in but not verified (draft, submitted, sent back)."""
    return list(
        UnitReturn.objects.filter(
            period__district=district, period__year=period.year, period__month=period.month
        )
        .exclude(status=UnitReturn.Status.VERIFIED)
        .order_by("unit__sort_order")
        .values_list("unit__name", flat=True)
    )


# --- 更正: what changed in periods already published ------------------------------------------

FIGURES = (
    ("outside_funds_wan_yuan", "利用市外资金(万元)"),
    ("projects", "各类招商引资项目(个)"),
    ("status", "状态"),
)
# District trade figures a 更正 compares (totals.trade in the document).
TRADE_FIGURES = (
    ("trade_total_wan_usd", "total_wan_usd", "进出口总额(万美元)"),
    ("trade_exports_wan_usd", "exports_wan_usd", "出口总额(万美元)"),
)
TRADE_KEYS = {key for key, _doc, _label in TRADE_FIGURES}
LABELS = dict(FIGURES) | {key: label for key, _doc, label in TRADE_FIGURES}


def figures(document: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """The figures a 更正 compares: per unit funds, projects and status; district totals."""
    found: dict[tuple[str, str], Any] = {}
    for key, _label in FIGURES[:2]:
        found[("", key)] = document["totals"][key]
    trade = document["totals"].get("trade")
    if trade:
        for key, doc_key, _label in TRADE_FIGURES:
            found[("", key)] = trade[doc_key]
    for group in document["groups"]:
        for unit in group["units"]:
            for key, _label in FIGURES:
                found[(unit["code"], key)] = unit[key]
    return found


def _names(document: dict[str, Any]) -> dict[str, str]:
    names = {"": f"{document['district']}(全区)"}
    for group in document["groups"]:
        for unit in group["units"]:
            names[unit["code"]] = unit["unit"]
    return names


def _reasons(district: Unit, period: Period, since: Any) -> dict[str, list[str]]:
    """Reasons of 更正 events on verified returns of this year up to the period, by unit code."""
    return_ids = UnitReturn.objects.filter(
        period__district=district, period__year=period.year, period__month__lte=period.month
    ).values_list("pk", flat=True)
    reasons: dict[str, list[str]] = {}
    for unit_code, data in Event.objects.filter(
        verb="return.corrected",
        subject_type=UnitReturn._meta.label_lower,
        subject_id__in=[str(pk) for pk in return_ids],
        at__gt=since,
    ).values_list("unit__code", "data"):
        reason = (data or {}).get("reason", "")
        if reason and reason not in reasons.setdefault(unit_code, []):
            reasons[unit_code].append(reason)
    return reasons


def _display(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key == "status":
        return STATUS_LABELS.get(value, value)
    return str(value)


def corrections(
    district: Unit, period: Period, current: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[PublishedBulletin]]:
    """Each figure of an already-published period (this year and last, up to ``period``) that
    differs now from what was last announced for it (its latest version, or a later 更正)."""
    published = list(
        PublishedBulletin.objects.filter(district=district, year__in=[period.year - 1, period.year])
        .filter(Q(year__lt=period.year) | Q(month__lte=period.month))
        .order_by("year", "month", "version", "pk")
    )
    latest: dict[tuple[int, int], PublishedBulletin] = {}
    for item in published:
        latest[(item.year, item.month)] = item
    announced: dict[tuple[int, int], dict[tuple[str, str], Any]] = {}
    announced_at: dict[tuple[int, int], Any] = {}
    for key, item in latest.items():
        announced[key] = figures(item.document)
        announced_at[key] = item.published_at
    for item in published:
        for c in item.corrections:
            key = (c["year"], c["month"])
            if key in latest and item.published_at >= latest[key].published_at:
                announced[key][(c["code"], c["key"])] = c["new_raw"]
                announced_at[key] = max(announced_at[key], item.published_at)
    result: list[dict[str, Any]] = []
    corrected: list[PublishedBulletin] = []
    for (year, month), item in sorted(latest.items()):
        q_period = Period(year, month)
        if current is not None and q_period == period:
            now_doc = current
        else:
            now_doc = build_document(compute(queries.gather(district, q_period)))
        now = figures(now_doc)
        names = _names(now_doc) | _names(item.document)
        reasons = _reasons(district, q_period, announced_at[(year, month)])
        changed = False
        for (code, key), old in announced[(year, month)].items():
            new = now.get((code, key))
            if new == old:
                continue
            changed = True
            label = LABELS[key]
            result.append(
                {
                    "year": year,
                    "month": month,
                    "period": str(q_period),
                    "period_label": q_period.label(),
                    "code": code,
                    "unit": names.get(code, code),
                    "key": key,
                    "figure": label,
                    "old": _display(key, old),
                    "new": _display(key, new),
                    "new_raw": new,
                    "reason": "；".join(
                        trade_queries.correction_reasons(
                            district, q_period, announced_at[(year, month)]
                        )
                        if key in TRADE_KEYS
                        else reasons.get(code, [])
                        if code
                        else [r for rs in reasons.values() for r in rs]
                    ),
                }
            )
        if changed:
            corrected.append(item)
    return result, corrected


def finish_interrupted_publishing() -> int:
    """Publishing renames its files into place once the transaction has committed; a process
    killed between the two leaves committed rows whose files are still under their temporary
    names (``.NAME.<uuid>.tmp`` beside the final path). Put each such file in place when its
    SHA-256 is the one recorded. Returns how many were finished. Run by every ``migrate`` (so by
    every ``serve`` start)."""
    from zhaoshang.bulletins.models import PublishedFile

    root = Path(settings.MEDIA_ROOT)
    finished = 0
    for item in PublishedFile.objects.only("path", "sha256").iterator():
        final = root / item.path
        if final.exists() or not final.parent.is_dir():
            continue
        for temp in final.parent.glob(f".{final.name}.*.tmp"):
            if sha256(temp.read_bytes()) == item.sha256:
                os.replace(temp, final)
                finished += 1
                break
    return finished
