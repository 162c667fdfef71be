"""The one guard every upload passes (tệp tải lên): imports (indicators, new-rural, check-ins,
cases) and attachments (evidence, conference documents, progress reports).

The caller checks the role and the scope first (`accounts.permissions.require_write`), then
calls `upload_bytes`, which refuses, before anything is parsed:

- a file above `max_bytes` (413), read at most `max_bytes + 1` bytes into memory;
- a zip container (xlsx, docx, odt) whose members would unpack above `max_unpacked_bytes` in
  all, or any member above `max_ratio` times its packed size (a "zip bomb"), or more than
  `max_members` members — from the zip's central directory, without unpacking anything. Python's
  zip reader never yields more than a member's declared size, so the declared sizes hold;
- text (`upload_text`): not UTF-8, or holding a NUL byte (PostgreSQL cannot store one).

Parsers then count with `rows_checked` (rows, columns, cell length); a JSON reader catches the
parser's RecursionError (100,000 "[" exhaust it at once). Every refusal is bilingual and names
the file (and the row).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.imports import ImportRefused, ImportTooLarge, RowProblem

MiB: Final = 1024 * 1024
ZIP_MAGIC: Final = b"PK\x03\x04"


@dataclass(frozen=True)
class UploadLimits:
    """What one kind of upload accepts."""

    max_bytes: int
    max_rows: int = 200_000
    max_columns: int = 64
    max_cell_chars: int = 10_000
    max_unpacked_bytes: int = 64 * MiB
    max_ratio: int = 100
    max_members: int = 200
    # Members smaller than this are not held to `max_ratio`: a few kilobytes of repeated XML
    # compress far better than 100:1 in ordinary workbooks, and cost nothing to unpack.
    ratio_floor_bytes: int = 1 * MiB

    @property
    def max_mb(self) -> int:
        return self.max_bytes // MiB


class UploadRefused(ValidationFailed):
    """An upload refused by the guard before it was parsed (nothing was read into the system)."""

    code = "upload_refused"


def upload_bytes(upload: bytes | IO[bytes], *, file_name: str, limits: UploadLimits) -> bytes:
    """The upload's content, once its size and (for a zip container) its members are within
    `limits`. `upload` is an uploaded file (Django's or ninja's), an open file or bytes."""
    if isinstance(upload, bytes | bytearray):
        content = bytes(upload)
    else:
        declared = getattr(upload, "size", None)
        if isinstance(declared, int) and declared > limits.max_bytes:
            raise _too_large(file_name, limits)
        content = upload.read(limits.max_bytes + 1)
    if len(content) > limits.max_bytes:
        raise _too_large(file_name, limits)
    if content.startswith(ZIP_MAGIC):
        zip_check(content, file_name=file_name, limits=limits)
    return content


def attachment_guard(upload: IO[bytes], *, file_name: str, limits: UploadLimits) -> None:
    """An attachment (stored, not parsed) through the same guard: its size, and a zip
    container's members (a docx or xlsx bomb is refused like an import's). The upload is
    rewound for storage."""
    upload_bytes(upload, file_name=file_name, limits=limits)
    upload.seek(0)


def _too_large(file_name: str, limits: UploadLimits) -> ImportTooLarge:
    return ImportTooLarge(
        _("%(file)s is larger than %(limit)s MB: split it into smaller files."),
        file=file_name,
        limit=limits.max_mb,
    )


def zip_check(content: bytes, *, file_name: str, limits: UploadLimits) -> None:
    """Refuse a zip container (xlsx, docx, odt) that would unpack too large, from its central
    directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise UploadRefused(
            _("%(file)s is a damaged zip container (xlsx, docx, odt): it cannot be opened."),
            file=file_name,
        ) from None
    if len(members) > limits.max_members:
        raise UploadRefused(
            _("%(file)s holds %(count)s parts; at most %(limit)s are accepted."),
            file=file_name,
            count=len(members),
            limit=limits.max_members,
        )
    total = 0
    for member in members:
        total += member.file_size
        packed = max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor_bytes and (
            member.file_size / packed > limits.max_ratio
        ):
            raise UploadRefused(
                _(
                    "%(file)s: the part %(part)s unpacks to %(ratio)s times its packed size "
                    "(at most %(limit)s): the file is refused as a compression bomb."
                ),
                file=file_name,
                part=member.filename,
                ratio=member.file_size // packed,
                limit=limits.max_ratio,
            )
    if total > limits.max_unpacked_bytes:
        raise UploadRefused(
            _("%(file)s unpacks to %(size)s MB; at most %(limit)s MB are accepted."),
            file=file_name,
            size=total // MiB,
            limit=limits.max_unpacked_bytes // MiB,
        )


def upload_text(content: bytes, *, file_name: str, limits: UploadLimits) -> str:
    """UTF-8 text (a byte order mark allowed) without NUL bytes."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise ImportRefused(
            file_name,
            [
                RowProblem(
                    file_name,
                    line,
                    "",
                    ValidationFailed(
                        _(
                            "the file is not UTF-8 text (byte 0x%(byte)s); save it again as "
                            "“CSV UTF-8”."
                        ),
                        byte=f"{content[exc.start]:02X}",
                    ),
                )
            ],
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise ImportRefused(
            file_name,
            [
                RowProblem(
                    file_name,
                    text.count("\n", 0, nul) + 1,
                    "",
                    ValidationFailed(_("the line holds a NUL byte (character 0), never text.")),
                )
            ],
        )
    return text


def rows_checked(
    rows: Iterable[Sequence[Any]],
    *,
    file_name: str,
    limits: UploadLimits,
    sheet: str = "",
    first_row: int = 1,
) -> Iterator[Sequence[Any]]:
    """The rows of a table as they are read, refused at the first one past `max_rows`, wider
    than `max_columns` (trailing empty cells aside) or with a cell longer than `max_cell_chars`."""
    for number, row in enumerate(rows, start=first_row):
        if number - first_row >= limits.max_rows:
            raise ImportTooLarge(
                _("%(file)s has more than %(limit)s rows: split it into smaller files."),
                file=file_name,
                limit=limits.max_rows,
            )
        width = len(row)
        while width and row[width - 1] in (None, ""):
            width -= 1
        if width > limits.max_columns:
            raise _row_refused(
                file_name,
                number,
                sheet,
                ValidationFailed(
                    _("the row has %(count)s columns; at most %(limit)s."),
                    count=width,
                    limit=limits.max_columns,
                ),
            )
        for cell in row[:width]:
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                raise _row_refused(
                    file_name,
                    number,
                    sheet,
                    ValidationFailed(
                        _("a cell is %(length)s characters long; at most %(limit)s."),
                        length=len(cell),
                        limit=limits.max_cell_chars,
                    ),
                )
        yield row


def _row_refused(file_name: str, row: int, sheet: str, error: ValidationFailed) -> ImportRefused:
    return ImportRefused(file_name, [RowProblem(file_name, row, "", error, sheet)])
