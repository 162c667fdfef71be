"""The upload guard (core/uploads.py): sizes, zip bombs, NUL bytes, rows, columns, cells, deep
JSON — each refused with the file (and row) named, in Vietnamese and English."""

from __future__ import annotations

import io
import zipfile

import pytest

from dieuhanh.core.imports import ImportRefused, ImportTooLarge
from dieuhanh.core.uploads import (
    MiB,
    UploadLimits,
    UploadRefused,
    attachment_guard,
    rows_checked,
    upload_bytes,
    upload_text,
)

LIMITS = UploadLimits(max_bytes=MiB, max_rows=3, max_columns=3, max_cell_chars=5)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_file_within_the_limits_is_returned_whole() -> None:
    assert upload_bytes(io.BytesIO(b"a,b\n1,2\n"), file_name="x.csv", limits=LIMITS) == (
        b"a,b\n1,2\n"
    )


def test_a_file_over_the_size_is_refused_without_reading_it_all() -> None:
    stream = io.BytesIO(b"x" * (2 * MiB))
    with pytest.raises(ImportTooLarge) as refused:
        upload_bytes(stream, file_name="lon.csv", limits=LIMITS)
    assert stream.tell() == MiB + 1
    assert "lon.csv" in refused.value.render("vi") and "MB" in refused.value.render("en")


def test_a_declared_size_over_the_limit_is_refused_before_reading() -> None:
    stream = io.BytesIO(b"small")
    stream.size = 5 * MiB  # type: ignore[attr-defined]  # what an uploaded file declares
    with pytest.raises(ImportTooLarge):
        upload_bytes(stream, file_name="x.csv", limits=LIMITS)
    assert stream.tell() == 0


def test_a_compression_bomb_is_refused_from_the_directory() -> None:
    bomb = _zip({"xl/sharedStrings.xml": b"a" * (8 * MiB)})
    with pytest.raises(UploadRefused) as refused:
        upload_bytes(bomb, file_name="bom.xlsx", limits=LIMITS)
    assert refused.value.status_code == 400
    assert "xl/sharedStrings.xml" in refused.value.render("en")
    assert "bom nén" in refused.value.render("vi")


def test_a_small_member_that_compresses_well_is_accepted() -> None:
    workbook = _zip({"xl/styles.xml": b"<x/>" * 50_000})  # 200 KB of repeated XML
    assert upload_bytes(workbook, file_name="ok.xlsx", limits=LIMITS) == workbook


def test_a_container_unpacking_above_the_total_is_refused() -> None:
    limits = UploadLimits(max_bytes=10 * MiB, max_unpacked_bytes=MiB, max_ratio=10**6)
    with pytest.raises(UploadRefused) as refused:
        upload_bytes(_zip({"a.xml": b"a" * (2 * MiB)}), file_name="to.xlsx", limits=limits)
    assert "MB" in refused.value.render("en")


def test_a_container_of_too_many_members_is_refused() -> None:
    limits = UploadLimits(max_bytes=MiB, max_members=3)
    many = _zip({f"p{i}.xml": b"<p/>" for i in range(4)})
    with pytest.raises(UploadRefused):
        upload_bytes(many, file_name="nhieu.xlsx", limits=limits)


def test_a_damaged_zip_is_refused_cleanly() -> None:
    with pytest.raises(UploadRefused):
        upload_bytes(b"PK\x03\x04 not a zip", file_name="hong.xlsx", limits=LIMITS)


def test_an_attachment_bomb_is_refused_and_a_good_one_rewound() -> None:
    good = io.BytesIO(_zip({"word/document.xml": b"<w:t>bien ban</w:t>"}))
    attachment_guard(good, file_name="bien-ban.docx", limits=LIMITS)
    assert good.tell() == 0
    with pytest.raises(UploadRefused):
        attachment_guard(
            io.BytesIO(_zip({"word/document.xml": b"a" * (8 * MiB)})),
            file_name="bom.docx",
            limits=LIMITS,
        )


def test_a_nul_byte_is_refused_with_its_line() -> None:
    with pytest.raises(ImportRefused) as refused:
        upload_text(b"a,b\n1,2\n3,\x004\n", file_name="nul.csv", limits=LIMITS)
    assert refused.value.problems[0].row == 3
    assert "NUL" in refused.value.render("vi") and "NUL" in refused.value.render("en")


def test_text_not_in_utf8_is_refused_with_its_line() -> None:
    with pytest.raises(ImportRefused) as refused:
        upload_text("a\nChư Sê\n".encode("cp1258"), file_name="cp.csv", limits=LIMITS)
    assert refused.value.problems[0].row == 2


def test_utf8_with_a_byte_order_mark_is_read() -> None:
    assert upload_text(b"\xef\xbb\xbfa,b", file_name="x.csv", limits=LIMITS) == "a,b"


def test_rows_past_the_limit_are_refused() -> None:
    rows = [["a"]] * 4
    with pytest.raises(ImportTooLarge):
        list(rows_checked(rows, file_name="dai.csv", limits=LIMITS))


def test_rows_within_the_limit_pass_unchanged() -> None:
    rows: list[list[str | None]] = [
        ["a", "b", None, None],
        ["c"],
    ]  # trailing empty cells do not count as columns
    assert list(rows_checked(rows, file_name="x.csv", limits=LIMITS)) == rows


def test_a_row_too_wide_is_refused_with_its_number() -> None:
    with pytest.raises(ImportRefused) as refused:
        list(rows_checked([["a"], ["a", "b", "c", "d"]], file_name="rong.csv", limits=LIMITS))
    assert refused.value.problems[0].row == 2


def test_a_cell_too_long_is_refused_with_its_row_and_sheet() -> None:
    with pytest.raises(ImportRefused) as refused:
        list(rows_checked([["abcdef"]], file_name="o.xlsx", limits=LIMITS, sheet="Trang1"))
    problem = refused.value.problems[0]
    assert (problem.row, problem.sheet) == (1, "Trang1")
