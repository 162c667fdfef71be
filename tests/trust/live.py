"""A real server (`dieuhanh serve`: gunicorn workers) on a private copy of the demo, on SQLite or on
PostgreSQL (when the tests run under scripts/with-postgres.sh), and direct database access."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
ENGINES = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=[
            pytest.mark.skipif(not ON_POSTGRES, reason="runs under scripts/with-postgres.sh"),
            pytest.mark.postgres,
        ],
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "dieuhanh.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@dataclass
class Site:
    engine: str
    env: dict[str, str]
    url: str = ""
    server: subprocess.Popen[bytes] | None = None
    tokens: dict[str, str] = field(default_factory=dict)

    # --- server -------------------------------------------------------------------------

    def start(self, threads: int = 8) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server = subprocess.Popen(
            [sys.executable, "-m", "dieuhanh.cli", "serve", "--port", str(port),
             "--threads", str(threads)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: the master and its workers
        )  # fmt: skip
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url + "/accounts/login/", timeout=2)
                return
            except OSError:
                if self.server.poll() is not None:
                    err = self.server.stderr.read().decode() if self.server.stderr else ""
                    raise RuntimeError(err) from None
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        """SIGKILL to the master and every worker: the server dies as in a crash, nothing
        flushed or closed."""
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait(timeout=20)

    def stop(self) -> None:
        if self.server and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=20)

    def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = cli(self.env, "users", "token", username).stdout.strip()
        return self.tokens[username]

    def request(
        self, method: str, path: str, token: str, body: Any = None, timeout: float = 30
    ) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw.decode("utf-8", "replace")

    # --- database -----------------------------------------------------------------------

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.engine == "sqlite":
            path = Path(self.env["DIEUHANH_VAR_DIR"]) / "dieuhanh.sqlite3"
            db = sqlite3.connect(str(path), timeout=30)
            try:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                db.close()
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"]) as conn:
            return conn.execute(sql, params).fetchall()

    def digest(self, tables: tuple[str, ...]) -> dict[str, list[tuple[Any, ...]]]:
        return {t: sorted(self.query(f"SELECT * FROM {t}"), key=repr) for t in tables}


def _sqlite_site(demo_env: dict[str, str], var: Path) -> Site:
    var.mkdir(parents=True)
    src = sqlite3.connect(str(Path(demo_env["DIEUHANH_VAR_DIR"]) / "dieuhanh.sqlite3"))
    dst = sqlite3.connect(str(var / "dieuhanh.sqlite3"))
    src.backup(dst)
    dst.close()
    src.close()
    return Site("sqlite", {**demo_env, "DIEUHANH_VAR_DIR": str(var)})


@pytest.fixture(scope="session")
def pg_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL database with the demo, loaded once; tests copy it (CREATE … TEMPLATE)."""
    import psycopg

    admin_url = os.environ["DATABASE_URL"]
    name = f"trust_demo_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DIEUHANH_VAR_DIR": str(tmp_path_factory.mktemp("pg-demo"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        cli(env, "demo", "--no-serve")
        yield name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_copy(template: str, tmp_path: Path) -> tuple[dict[str, str], str]:
    """A fresh copy of the demo database: its environment and its name."""
    import psycopg

    admin_url = os.environ["DATABASE_URL"]
    name = f"trust_live_{os.getpid()}_{free_port()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    env = {**os.environ, "DIEUHANH_VAR_DIR": str(tmp_path / f"var-{name}")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + "/" + name
    return env, name


def pg_drop(name: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site(
    request: pytest.FixtureRequest, demo_env: dict[str, str], tmp_path: Path
) -> Iterator[Site]:
    """A demo site on `request.param` ("sqlite" or "postgres"), not yet started."""
    if request.param == "sqlite":
        made = _sqlite_site(demo_env, tmp_path / "var")
        yield made
        made.stop()
        return
    env, name = pg_copy(request.getfixturevalue("pg_demo_template"), tmp_path)
    made = Site("postgres", env)
    try:
        yield made
    finally:
        made.stop()
        pg_drop(name)
