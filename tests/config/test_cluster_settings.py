"""Settings of several nodes: DATABASE_REPLICA_URL adds the standby and its router, and only
then; DIEUHANH_CACHE chooses the shared cache. Each in a process of its own (the settings are
read once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPLICA = "postgres://dieuhanh@127.0.0.1:5433/dieuhanh"
PRINT = (
    "import json, dieuhanh.config.settings as s; print(json.dumps({"
    "'databases': sorted(s.DATABASES), 'routers': getattr(s, 'DATABASE_ROUTERS', []), "
    "'mirror': s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'), "
    "'cache': getattr(s, 'CACHES', {}).get('default', {}).get('BACKEND'),"
    "'traces': getattr(s, 'CACHES', {}).get('traces', {}).get('BACKEND')}))"
)


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DIEUHANH_") and k not in {"DATABASE_URL", "DATABASE_REPLICA_URL"}
    }
    full.update({"DIEUHANH_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", PRINT], env=full, capture_output=True, text=True, timeout=60
    )


def _read(tmp_path: Path, **env: str) -> dict[str, object]:
    result = _settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_without_a_replica_url_there_is_one_database_and_no_router(tmp_path: Path) -> None:
    found = _read(tmp_path)
    assert (found["databases"], found["routers"]) == (["default"], [])


def test_a_replica_url_adds_the_standby_and_its_router(tmp_path: Path) -> None:
    found = _read(tmp_path, DATABASE_REPLICA_URL=REPLICA)
    assert (found["databases"], found["routers"]) == (
        ["default", "replica"],
        ["dieuhanh.core.replica.ReplicaRouter"],
    )


def test_the_standby_mirrors_the_test_database(tmp_path: Path) -> None:
    assert _read(tmp_path, DATABASE_REPLICA_URL=REPLICA)["mirror"] == "default"


def test_the_cache_is_each_process_s_own_by_default(tmp_path: Path) -> None:
    found = _read(tmp_path)
    assert found["cache"] == found["traces"] == "django.core.cache.backends.locmem.LocMemCache"


def test_the_database_cache_is_shared(tmp_path: Path) -> None:
    found = _read(tmp_path, DIEUHANH_CACHE="database")
    assert found["cache"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_trace_cache_is_shared_with_the_database_cache(tmp_path: Path) -> None:
    found = _read(tmp_path, DIEUHANH_CACHE="database")
    assert found["traces"] == "django.core.cache.backends.db.DatabaseCache"


def test_a_redis_url_selects_redis(tmp_path: Path) -> None:
    found = _read(tmp_path, DIEUHANH_CACHE="redis://127.0.0.1:6379/0")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_an_unknown_cache_is_refused(tmp_path: Path) -> None:
    result = _settings(tmp_path, DIEUHANH_CACHE="memcached")
    assert result.returncode != 0 and "DIEUHANH_CACHE" in result.stderr
