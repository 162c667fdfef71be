"""numba's on-disk cache of compiled loops, keyed by the sources they come from.

numba checks only the file that defines a compiled function: a change to a helper it calls in
another file (`f2_compiled.prefetch`) or to a constant it reads from one (`stays.DEFAULT_STAY`,
frozen into the machine code) would go on loading the old code from the cache. Every compiled
loop here lives in `outbreak/pure`, so the cache directory carries a digest of all that
folder's sources: any change there compiles afresh once (about 2 s), an unchanged release
reuses it. `DIEUHANH_NUMBA_CACHE` names the base directory (default: the system's temporary
directory); numba itself is told through `NUMBA_CACHE_DIR`, which child processes inherit.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path


def sources_digest() -> str:
    """A digest of every source file of `outbreak/pure` (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def cache_dir_keyed() -> str:
    """Point numba's cache at the directory of these sources (once per process; call it before
    compiling with `cache=True`) and return it."""
    import numba.core.config

    base = os.environ.get("DIEUHANH_NUMBA_CACHE") or os.path.join(
        tempfile.gettempdir(), "dieuhanh-numba"
    )
    where = os.path.join(base, sources_digest())
    os.environ["NUMBA_CACHE_DIR"] = where
    numba.core.config.reload_config()  # type: ignore[no-untyped-call]  # numba has no hints
    return where
