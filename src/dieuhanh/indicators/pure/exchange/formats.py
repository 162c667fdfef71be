"""Which format a file is (by its name), and reading any of them."""

from __future__ import annotations

from dieuhanh.indicators.pure.exchange.common import EXTENSIONS, FORMATS, ExchangeError, RawValue
from dieuhanh.indicators.pure.exchange.dhis2 import read_dhis2_csv, read_dhis2_json
from dieuhanh.indicators.pure.exchange.xlsx import read_values_xlsx


def format_for_name(file_name: str) -> str | None:
    """The format a file name's extension implies: .json, .csv, .xlsx; None otherwise."""
    lowered = file_name.lower()
    for extension, name in EXTENSIONS.items():
        if lowered.endswith(extension):
            return name
    return None


def read_values(content: bytes, fmt: str) -> list[RawValue]:
    if fmt == "dhis2-json":
        return read_dhis2_json(content)
    if fmt == "dhis2-csv":
        return read_dhis2_csv(content)
    if fmt == "xlsx":
        return read_values_xlsx(content)
    raise ExchangeError.whole(
        f"Định dạng không hỗ trợ: “{fmt}” (chỉ có {', '.join(FORMATS)}).",
        f"Unsupported format “{fmt}” (one of {', '.join(FORMATS)}).",
    )
