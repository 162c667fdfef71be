"""numba's cache directory carries a digest of the compiled loops' sources (outbreak/pure/jit.py):
a change to any file they read compiles afresh, not from a stale cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dieuhanh.outbreak.pure import jit


def test_the_digest_moves_when_a_helper_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pure = Path(jit.__file__).parent
    copy = tmp_path / "pure"
    shutil.copytree(pure, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(jit, "__file__", str(copy / "jit.py"))
    before = jit.sources_digest()
    helper = copy / "f2_compiled.py"
    helper.write_text(helper.read_text() + "\n# changed\n")
    assert jit.sources_digest() != before


def test_numba_is_told_the_keyed_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("numba")
    import numba.core.config

    monkeypatch.setenv("DIEUHANH_NUMBA_CACHE", str(tmp_path))
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    jit.cache_dir_keyed.cache_clear()
    try:
        where = jit.cache_dir_keyed()
        assert where == str(tmp_path / jit.sources_digest())
        assert where == getattr(numba.core.config, "CACHE_DIR")  # noqa: B009  # set from env
    finally:
        jit.cache_dir_keyed.cache_clear()
