"""`dieuhanh serve`: gunicorn worker processes on POSIX, waitress on request or where gunicorn
cannot run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dieuhanh.web.management.commands import serve
from dieuhanh.web.management.commands.serve import default_workers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _wait_for_children(pid: int, n: int) -> list[int]:
    for _ in range(100):
        found = _children(pid)
        if len(found) >= n:
            return found
        time.sleep(0.1)
    return _children(pid)


def _serve(env: dict[str, str], *args: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dieuhanh.cli", "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/accounts/login/", timeout=2)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.1)
        yield server, url
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)


def test_workers_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIEUHANH_WORKERS", "5")
    assert default_workers() == 5


def test_workers_default_to_one_per_core_plus_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIEUHANH_WORKERS", raising=False)
    monkeypatch.setattr(serve, "_cgroup_cpus", lambda: None)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    assert default_workers() == 3


def test_a_container_cpu_limit_bounds_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 2-CPU container on a 64-core host starts 3 workers, not 65."""
    monkeypatch.delenv("DIEUHANH_WORKERS", raising=False)
    monkeypatch.setattr(serve, "_cgroup_cpus", lambda: 2.0)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(64)))
    assert default_workers() == 3


def test_a_large_machine_gets_at_most_eight_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIEUHANH_WORKERS", raising=False)
    monkeypatch.setattr(serve, "_cgroup_cpus", lambda: None)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(64)))
    assert default_workers() == serve.MAX_DEFAULT_WORKERS


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads worker processes from /proc")
def test_the_site_is_served_by_several_worker_processes(demo_env: dict[str, str]) -> None:
    for server, url in _serve(demo_env, "--workers", "2", "--threads", "2"):
        with urllib.request.urlopen(url + "/accounts/login/", timeout=10) as response:
            assert response.status == 200
        assert len(_wait_for_children(server.pid, 2)) == 2


def test_a_terminated_server_stops_its_workers(demo_env: dict[str, str]) -> None:
    for server, _url in _serve(demo_env, "--workers", "2"):
        workers = _wait_for_children(server.pid, 2)
        assert len(workers) == 2
        server.terminate()  # SIGTERM to the master only, as a service manager sends it
        server.wait(timeout=20)
        time.sleep(0.5)
        assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_waitress_serves_on_request(demo_env: dict[str, str]) -> None:
    for server, url in _serve(demo_env, "--server", "waitress"):
        with urllib.request.urlopen(url + "/accounts/login/", timeout=10) as response:
            assert response.status == 200
        assert _children(server.pid) == []
