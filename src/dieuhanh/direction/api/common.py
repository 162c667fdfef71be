"""What the direction endpoints share: dataclasses answered as JSON."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any


def plain(obj: Any) -> Any:
    """A dataclass as JSON-ready data (dates as ISO strings)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    return obj
