"""The national criteria sets (bộ tiêu chí: Decisions 1980/QĐ-TTg, 318/QĐ-TTg, 51/2025/QĐ-TTg)
loaded from the packaged data, and the region a commune is assessed by."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from dieuhanh.core.validation import clean_or_raise
from dieuhanh.ntm.models import (
    CommuneProfile,
    CriteriaSet,
    Criterion,
    CriterionIndicator,
    IndicatorTarget,
)
from dieuhanh.orgunits.models import OrgUnit

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "criteria_sets.json"


def criteria_sets_load(*, path: Path | None = None) -> int:
    """Create the shipped criteria sets, criteria, indicators and targets that are missing.

    Idempotent; never changes what exists, so an administrator's completions in the admin stay.
    Returns how many rows were created.
    """
    document = json.loads((path or DATA_FILE).read_text(encoding="utf-8"))
    created = 0
    with transaction.atomic():
        for s in document["sets"]:
            cset, new = CriteriaSet.objects.get_or_create(
                code=s["code"],
                defaults={
                    "name": s["name"],
                    "decision": s["decision"],
                    "decision_date": (
                        datetime.date.fromisoformat(s["decision_date"])
                        if s.get("decision_date")
                        else None
                    ),
                    "period_from": s["period_from"],
                    "period_to": s["period_to"],
                    "level": s["level"],
                    "tier": s["tier"],
                    "region_basis": s.get("region_basis", "region"),
                    "expected_criteria": s.get("expected_criteria", 0),
                    "complete": s.get("complete", False),
                    "note": s.get("note", ""),
                },
            )
            created += new
            for c in s.get("criteria", []):
                crit, new = Criterion.objects.get_or_create(
                    criteria_set=cset,
                    number=c["number"],
                    defaults={
                        "name": c["name"],
                        "name_en": c["name_en"],
                        "group": c.get("group", ""),
                        "legal_basis": c.get("legal_basis", s["decision"]),
                    },
                )
                created += new
                for pos, i in enumerate(c.get("indicators", [])):
                    ind, new = CriterionIndicator.objects.get_or_create(
                        criterion=crit,
                        code=i["code"],
                        defaults={
                            "name": i["name"],
                            "name_en": i.get("name_en", ""),
                            "kind": i["kind"],
                            "comparison": i.get("comparison", ">="),
                            "unit_label": i.get("unit_label", ""),
                            "position": pos,
                        },
                    )
                    created += new
                    for t in i.get("targets", []):
                        threshold = t.get("threshold")
                        _t, new = IndicatorTarget.objects.get_or_create(
                            indicator=ind,
                            region=t["region"],
                            defaults={
                                "threshold": Decimal(threshold) if threshold is not None else None,
                                "expected_yes": t.get("expected_yes", True),
                            },
                        )
                        created += new
    return created


def commune_profile_set(*, unit: OrgUnit, region: str, group: str = "") -> CommuneProfile:
    """The region (and group) a commune is assessed by (demo loader; the admin edits them)."""
    profile = CommuneProfile.objects.filter(unit=unit).first() or CommuneProfile(unit=unit)
    profile.region = region
    profile.group = group
    clean_or_raise(profile)
    profile.save()
    return profile
