"""Whether an indicator, a criterion, a commune meets the new-rural standard (đạt chuẩn).

Plain data in, plain data out. A target is what the criteria set says for the commune's region
(vùng) or group (nhóm): a number or a percentage compared with an operator, or a yes/no answer.
A target whose threshold is not known (`threshold is None` for a number) cannot be evaluated:
the criterion then takes the status recorded by the appraisal (thẩm định), or has no data.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal


class Kind(enum.StrEnum):
    NUMBER = "number"
    PERCENT = "percent"
    YES_NO = "yes_no"


class Op(enum.StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="


class Status(enum.StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"


class Source(enum.StrEnum):
    """Where a criterion's status comes from."""

    COMPUTED = "computed"  # every indicator evaluated against a known target
    DECLARED = "declared"  # recorded from the appraisal, targets not (all) in the data
    NONE = "none"


Value = Decimal | bool | None


@dataclass(frozen=True)
class Target:
    kind: Kind
    op: Op = Op.GE
    threshold: Decimal | None = None
    expected: bool = True  # for yes/no: the answer that meets the target

    @property
    def known(self) -> bool:
        return self.kind is Kind.YES_NO or self.threshold is not None


def indicator_met(target: Target | None, value: Value) -> bool | None:
    """True/False when the value can be judged against the target; None otherwise."""
    if target is None or not target.known or value is None:
        return None
    if target.kind is Kind.YES_NO:
        if not isinstance(value, bool):
            return None
        return value is target.expected
    if isinstance(value, bool):
        return None
    threshold = target.threshold
    assert threshold is not None
    if target.op is Op.GE:
        return value >= threshold
    if target.op is Op.GT:
        return value > threshold
    if target.op is Op.LE:
        return value <= threshold
    if target.op is Op.LT:
        return value < threshold
    return value == threshold


@dataclass(frozen=True)
class CriterionOutcome:
    status: Status
    source: Source


def criterion_status(
    pairs: Sequence[tuple[Target | None, Value]], declared: bool | None = None
) -> CriterionOutcome:
    """A criterion is met when every one of its indicators meets its target.

    Computed when every target is known and every value is present; one indicator known to
    miss its target is enough for "not met". Otherwise the declared result (from the appraisal
    record) stands, and without it the criterion has no data.
    """
    results = [indicator_met(t, v) for t, v in pairs]
    if any(r is False for r in results):
        return CriterionOutcome(Status.NOT_MET, Source.COMPUTED)
    if results and all(r is True for r in results):
        return CriterionOutcome(Status.MET, Source.COMPUTED)
    if declared is not None:
        return CriterionOutcome(Status.MET if declared else Status.NOT_MET, Source.DECLARED)
    return CriterionOutcome(Status.NO_DATA, Source.NONE)


def count_met(statuses: Iterable[Status]) -> int:
    return sum(1 for s in statuses if s is Status.MET)


def check_value(kind: Kind, value: Value) -> str | None:
    """Why a value cannot be stored for an indicator of `kind` (English), or None."""
    if value is None:
        return None
    if kind is Kind.YES_NO:
        return None if isinstance(value, bool) else "a yes/no answer is expected"
    if isinstance(value, bool):
        return "a number is expected"
    if kind is Kind.PERCENT and not Decimal(0) <= value <= Decimal(100):
        return "a percentage must be between 0 and 100"
    return None


@dataclass(frozen=True)
class RecognitionSpan:
    """A recognition (công nhận) of a unit: level rank, decision date, revocation date."""

    unit_key: str
    rank: int  # 1 standard, 2 advanced, 3 model
    decided_on: datetime.date
    revoked_on: datetime.date | None = None

    def holds_on(self, day: datetime.date) -> bool:
        """In force from its decision date; a revocation takes effect on its own date."""
        return self.decided_on <= day and (self.revoked_on is None or day < self.revoked_on)


def levels_on(spans: Iterable[RecognitionSpan], day: datetime.date) -> dict[str, int]:
    """The highest level each unit holds on `day` (units holding none are absent)."""
    best: dict[str, int] = {}
    for s in spans:
        if s.holds_on(day) and s.rank > best.get(s.unit_key, 0):
            best[s.unit_key] = s.rank
    return best


def recognised_count(
    spans: Iterable[RecognitionSpan], day: datetime.date, min_rank: int = 1
) -> int:
    """How many units hold a recognition of at least `min_rank` on `day`."""
    return sum(1 for rank in levels_on(spans, day).values() if rank >= min_rank)


@dataclass(frozen=True)
class CommuneScore:
    name: str
    sort_key: str
    met: int
    total: int
    recognised: bool


def closest_to_standard(scores: Iterable[CommuneScore], limit: int = 5) -> list[CommuneScore]:
    """Communes not yet recognised, fewest criteria missing first (then Vietnamese order)."""
    candidates = [s for s in scores if not s.recognised and s.total > 0]
    candidates.sort(key=lambda s: (s.total - s.met, s.sort_key))
    return candidates[:limit]


def most_missing(missing: Iterable[tuple[str, str]], limit: int = 5) -> list[tuple[str, int]]:
    """From (criterion label, criterion sort key) per commune missing it: the criteria missed
    by most communes, most first, then in the set's order."""
    counts: dict[tuple[str, str], int] = {}
    for label, key in missing:
        counts[(label, key)] = counts.get((label, key), 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][1]))
    return [(label, n) for (label, _key), n in ordered[:limit]]
