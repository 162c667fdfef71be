"""The short form of `make soak`: the load harness against the real server (gunicorn) on SQLite
and PostgreSQL, a few users for a few seconds. It checks that every request of every kind is
answered without error and that the harness reports them; the latency target is measured by
`make soak` (60 s, 50 users), not here."""

from __future__ import annotations

import pytest

from bench import soak
from tests.trust.live import ENGINES, Site


@pytest.mark.parametrize("site", ENGINES, indirect=True)
def test_simulated_officers_and_leaders_meet_no_error(
    site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site.start(threads=4)
    with monkeypatch.context() as env:  # the harness's CLI reaches the site's database
        for name in ("DIEUHANH_VAR_DIR", "DATABASE_URL"):
            if name in site.env:
                env.setenv(name, site.env[name])
            else:
                env.delenv(name, raising=False)
        code = soak.main(
            ["--url", site.url, "--users", "6", "--duration", "4", "--officer-think", "0.1-0.3",
             "--leader-think", "0.1-0.3", "--p95-ms", "60000", "--report-p95-ms", "60000"]
        )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    for kind in ("save (API POST)", "form (API GET)", "dashboard (page)"):
        assert kind in out
    assert "errors: 0" in out


@pytest.mark.parametrize("site", ENGINES[:1], indirect=True)
def test_the_soak_prints_the_load_average_it_ran_under(
    site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site.start(threads=2)
    with monkeypatch.context() as env:
        for name in ("DIEUHANH_VAR_DIR", "DATABASE_URL"):
            if name in site.env:
                env.setenv(name, site.env[name])
            else:
                env.delenv(name, raising=False)
        soak.main(
            ["--url", site.url, "--users", "2", "--duration", "1", "--officer-think", "0.1-0.2",
             "--leader-think", "0.1-0.2", "--p95-ms", "60000", "--report-p95-ms", "60000"]
        )  # fmt: skip
    out = capsys.readouterr().out
    assert "load average (1, 5, 15 min;" in out
    assert "start " in out and ", end " in out
