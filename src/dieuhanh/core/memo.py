"""What a read-only request reads more than once, read once (issue 21).

A page composed of many parts asks for the same rows again and again: the composed report
resolved its unit 13 times, the dashboard read the user's grants four times. Within
`read_memo()` — opened by the web middleware around GET and HEAD requests, which write nothing
those reads depend on — `memoised(key, compute)` computes once per key and returns the same
value after. Outside it, `compute()` runs every time, so services, commands and tests that
write between two reads always see the rows as they are."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

_memo: contextvars.ContextVar[dict[Hashable, Any] | None] = contextvars.ContextVar(
    "dieuhanh_read_memo", default=None
)


@contextlib.contextmanager
def read_memo() -> Iterator[None]:
    """Open a memo for read-only work (a GET request); closed, and dropped, on leaving."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memo_open() -> bool:
    return _memo.get() is not None


def memoised(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per `key` inside `read_memo()` (the same object after: read it, do not
    change it); every time outside. `key` names everything the result depends on."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]  # what compute() returned for this key
