"""Pooled testing (gộp mẫu): Dorfman's two-stage scheme.

A pool of k samples is tested once; when positive, each of its k members is retested alone.
With prevalence p (independent samples) the expected number of tests per person is

    E(k) = 1/k + 1 - (1 - p)^k        (k >= 2)

and 1 for individual testing (k = 1). The advisor picks the k that minimises E(k).
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_POOL_SIZE = 30


@dataclass(frozen=True)
class PoolAdvice:
    """The best pool size for a positivity, with its expected tests per person."""

    positivity: float
    pool_size: int
    tests_per_person: float
    individual: bool  # True when pooling does not save tests (k = 1 is best)

    @property
    def saving_pct(self) -> float:
        """Tests saved against individual testing, in percent."""
        return (1.0 - self.tests_per_person) * 100.0


def _check_positivity(p: float) -> None:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"positivity must lie in [0, 1], got {p!r}")


def dorfman_tests_per_person(p: float, k: int) -> float:
    """Expected tests per person with pools of `k` at prevalence `p` (k = 1: individual)."""
    _check_positivity(p)
    if k < 1:
        raise ValueError(f"pool size must be at least 1, got {k!r}")
    if k == 1:
        return 1.0
    return 1.0 / k + 1.0 - (1.0 - p) ** k


def dorfman_best(p: float, *, max_size: int = MAX_POOL_SIZE) -> PoolAdvice:
    """The pool size in 1..max_size with the fewest expected tests per person (the smallest
    such size on ties)."""
    _check_positivity(p)
    if max_size < 1:
        raise ValueError(f"max_size must be at least 1, got {max_size!r}")
    best_k, best_e = 1, 1.0
    for k in range(2, max_size + 1):
        e = dorfman_tests_per_person(p, k)
        if e < best_e - 1e-12:
            best_k, best_e = k, e
    return PoolAdvice(
        positivity=p, pool_size=best_k, tests_per_person=best_e, individual=best_k == 1
    )


def positivity(*, tested: int, positive: int) -> float | None:
    """Share of positive results among tests with a result (None when there are none)."""
    if tested < 0 or positive < 0 or positive > tested:
        raise ValueError(f"invalid counts: {positive} positive of {tested}")
    return positive / tested if tested else None
