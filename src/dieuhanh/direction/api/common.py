"""What the direction endpoints share: dataclasses answered as JSON."""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def plain(obj: Any) -> Any:
    """A dataclass as JSON-ready data (dates as ISO strings)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return plain_record(obj)
    if isinstance(obj, (list, tuple)):
        return [plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    return obj


@overload
def plain_record(obj: DataclassInstance) -> dict[str, Any]: ...
@overload
def plain_record(obj: None) -> None: ...
def plain_record(obj: DataclassInstance | None) -> dict[str, Any] | None:
    """A dataclass instance (a review, a row) as a JSON-ready dict, as `plain` makes it; None
    (nothing to review) stays None."""
    if obj is None:
        return None
    return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
