"""The economic structure (cơ cấu kinh tế) of the review: shares over a stated denominator that
sum to 100%, each sector's shift in percentage points, and the judgement against the plan's
target structure ("chuyển dịch theo đúng định hướng").

Pure: plain data in, Vietnamese text out. The rules are in docs/design.md, "How the report
judges".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from dieuhanh.vn.numbers import format_percent, round_half_up
from dieuhanh.vn.phrasing import points_phrase

__all__ = [
    "PartFigures",
    "ShareFacts",
    "Structure",
    "StructureTarget",
    "structure_compute",
    "structure_sentence",
]

_HUNDRED = Decimal(100)
_PLACES = 2


@dataclass(frozen=True)
class PartFigures:
    """One part of a total (a sector) at current prices: this period and the same period last
    year."""

    label: str
    value: Decimal | None
    previous: Decimal | None


@dataclass(frozen=True)
class ShareFacts:
    """A part's share of the denominator (cơ cấu) at current prices, now and its shift in points
    since the same period last year."""

    label: str
    share_pct: Decimal | None
    shift_pp: Decimal | None


@dataclass(frozen=True)
class StructureTarget:
    """The plan's target structure (cơ cấu mục tiêu): e.g. the 2021–2025 resolution's shares
    for 2025, per part label."""

    year: int
    source: str
    shares: dict[str, Decimal]


@dataclass(frozen=True)
class Structure:
    shares: tuple[ShareFacts, ...]
    denominator: str
    """What the shares are of, as the sentence states it."""
    target: StructureTarget | None
    against: tuple[str, ...]
    """Parts that moved against the target structure (empty: every part moved its way)."""
    judged: bool
    """A judgement can be made: a target, and every targeted part's shift known."""

    @property
    def on_course(self) -> bool:
        return self.judged and not self.against


def _shares(values: Sequence[Decimal], denominator: Decimal) -> list[Decimal]:
    """Shares in % to two decimals that add up to exactly 100: the rounding difference goes to
    the largest part (largest-remainder would move a small sector's figure more visibly)."""
    shares = [round_half_up(v * _HUNDRED / denominator, _PLACES) for v in values]
    gap = _HUNDRED - sum(shares, Decimal(0))
    if gap and shares:
        largest = max(range(len(shares)), key=lambda i: values[i])
        shares[largest] += gap
    return shares


def structure_compute(
    parts: Sequence[PartFigures],
    *,
    total: Decimal | None = None,
    total_previous: Decimal | None = None,
    remainder_label: str = "",
    parts_label: str = "tổng giá trị sản xuất của các ngành",
    total_label: str = "tổng giá trị sản xuất",
    target: StructureTarget | None = None,
) -> Structure | None:
    """The structure of `parts`; None when a part has no value this period.

    Without `remainder_label` the denominator is the sum of the parts (GSO: the shares of the
    sectors); with it, the total, and what the parts leave of it is a named item ("thuế sản
    phẩm") so that the shares still add up to 100%."""
    if not parts or any(p.value is None for p in parts):
        return None
    now = [p.value for p in parts if p.value is not None]
    labels = [p.label for p in parts]
    named_rest = bool(remainder_label) and total is not None and total > sum(now, Decimal(0))
    if named_rest:
        assert total is not None
        now = [*now, total - sum(now, Decimal(0))]
        labels = [*labels, remainder_label]
    denominator = sum(now, Decimal(0))
    if denominator <= 0:
        return None
    current = _shares(now, denominator)
    before: list[Decimal] | None = None
    if all(p.previous is not None for p in parts):
        prev = [p.previous for p in parts if p.previous is not None]
        if named_rest:
            rest = (total_previous or Decimal(0)) - sum(prev, Decimal(0))
            prev = [*prev, max(rest, Decimal(0))]
        prev_denominator = sum(prev, Decimal(0))
        if prev_denominator > 0:
            before = _shares(prev, prev_denominator)
    shares = tuple(
        ShareFacts(
            label,
            share,
            None if before is None else share - before[i],
        )
        for i, (label, share) in enumerate(zip(labels, current, strict=True))
    )
    against: list[str] = []
    judged = False
    if target is not None and before is not None:
        for i, share in enumerate(shares):
            goal = target.shares.get(share.label)
            if goal is None or share.shift_pp is None:
                continue
            judged = True
            wanted = goal - before[i]  # the way the plan wants this part to move from last year
            if wanted.is_zero():
                continue  # the plan asks this part to hold: no way to move against
            if share.shift_pp.is_zero() or (wanted > 0) != (share.shift_pp > 0):
                against.append(share.label)
    return Structure(
        shares=shares,
        denominator=total_label if named_rest else parts_label,
        target=target,
        against=tuple(against),
        judged=judged,
    )


def _items(shares: Sequence[ShareFacts], *, with_shift: bool, verb: str = "chiếm ") -> str:
    first_word = shares[0].label.split(" ", 1)[0]
    shared_word = len(shares) > 1 and all(
        s.label.split(" ", 1)[0] == first_word and " " in s.label for s in shares
    )
    items = []
    for i, share in enumerate(shares):
        label = share.label.split(" ", 1)[1] if shared_word and i > 0 else share.label
        assert share.share_pct is not None
        text = f"{label} {verb if i == 0 else ''}{format_percent(share.share_pct)}"
        if with_shift and share.shift_pp is not None:
            shift = points_phrase(share.shift_pp)
            suffix = " so với cùng kỳ" if i == 0 else ""
            text += f" ({shift}{suffix})"
        items.append(text)
    return ", ".join(items)


def structure_sentence(
    shares: Sequence[ShareFacts] | Structure, *, subject: str = "Cơ cấu kinh tế"
) -> str:
    """ "Cơ cấu kinh tế chuyển dịch theo đúng định hướng (mục tiêu năm 2025 theo …: ngành nông,
    lâm, thủy sản 29,00%, …); tỷ trọng (giá hiện hành, trên tổng giá trị sản xuất của các
    ngành): ngành nông, lâm, thủy sản chiếm 34,86% (giảm 0,94 điểm phần trăm so với cùng kỳ), …"

    The judgement is said only when every targeted part moved the way the target structure says;
    otherwise the sentence names the parts that moved against it. A bare list of shares (no
    Structure) is stated without a judgement. "" when no share is known."""
    if not isinstance(shares, Structure):
        present = [s for s in shares if s.share_pct is not None]
        if not present:
            return ""
        return f"{subject} (giá hiện hành): " + _items(present, with_shift=True) + "."
    structure = shares
    listed = _items(structure.shares, with_shift=True)
    basis = f"tỷ trọng (giá hiện hành, trên {structure.denominator}): {listed}"
    target = structure.target
    if target is None or not structure.judged:
        return f"{subject}: {basis}."
    goal = _items(
        [
            ShareFacts(s.label, target.shares[s.label], None)
            for s in structure.shares
            if s.label in target.shares
        ],
        with_shift=False,
        verb="",
    )
    source = f" theo {target.source}" if target.source else ""
    plan = f"mục tiêu năm {target.year}{source}: {goal}"
    if structure.on_course:
        return f"{subject} chuyển dịch theo đúng định hướng ({plan}); {basis}."
    names = ", ".join(structure.against)
    return (
        f"{subject} chưa chuyển dịch theo đúng định hướng: {names} chuyển dịch ngược với "
        f"{plan}; {basis}."
    )
