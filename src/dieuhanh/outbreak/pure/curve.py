"""The epidemic curve's smoothing (đường trung bình 7 ngày): pure, over daily counts."""

from __future__ import annotations

from collections.abc import Sequence


def moving_average(counts: Sequence[int], window: int = 7) -> list[float | None]:
    """The trailing mean of each day over the `window` days ending with it, rounded to 2
    decimals; None for the first `window - 1` days, whose window is not full (a mean over fewer
    days would make the start of the curve look steadier than it is). The days are consecutive
    (the curve has no gaps)."""
    if window < 1:
        raise ValueError("window must be at least 1")
    out: list[float | None] = []
    running = 0
    for i, n in enumerate(counts):
        running += n
        if i >= window:
            running -= counts[i - window]
        out.append(round(running / window, 2) if i >= window - 1 else None)
    return out
