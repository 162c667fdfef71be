"""Measurement of contacts_from_trace on a synthetic trace (run with DIEUHANH_SCALE_BENCH=N).

Not part of the normal run: it prints seconds and query counts for the report. Run it alone
(a transactional test: it empties the database when it ends). The trace is
built in memory in the new contract's shape (F1 one entry per interval, a fifth of them with a
second interval; F2 one entry per person) over N real persons, and handed to the service in
place of the engine, so the numbers are the service's own. DIEUHANH_SCALE_BENCH_IMPL=PATH
measures another services/contacts.py (e.g. the previous version, from `git show`).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from collections.abc import Callable
from types import ModuleType

import pytest
from django.db import connection

from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Case, Contact
from dieuhanh.outbreak.pure.stays import TraceColumns, TraceExposure
from dieuhanh.outbreak.selectors.tracing import TraceResult, case_window
from dieuhanh.outbreak.services import contacts
from tests.outbreak.crowds import crowd
from tests.outbreak.factories import at, case, ep, person, venue

N = int(os.environ.get("DIEUHANH_SCALE_BENCH", "0"))
pytestmark = [
    # a transactional test: the service's transaction is the outermost one, as in a request
    # (inside a test transaction it would be a savepoint, which SQLite journals row by row)
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(N == 0, reason="set DIEUHANH_SCALE_BENCH=persons to measure"),
]


def _implementation() -> ModuleType:
    path = os.environ.get("DIEUHANH_SCALE_BENCH_IMPL")
    if not path:
        return contacts
    spec = importlib.util.spec_from_file_location("services_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def synthetic_entries(
    c: Case, persons: list[int], venue_id: int, shift: int = 0
) -> list[TraceExposure]:
    """30 % of `persons` F1 (every fifth with two intervals), the rest F2 via the F1s."""
    f1_count = len(persons) * 3 // 10
    base = ep(at(9, 7)) + shift
    found: list[TraceExposure] = []
    for i, pid in enumerate(persons[:f1_count]):
        start = base + (i % 600) * 60
        found.append(TraceExposure(1, start, pid, venue_id, start + 1800, c.person_id))
        if i % 5 == 0:
            found.append(TraceExposure(1, start + 7200, pid, venue_id, start + 9000, c.person_id))
    for i, pid in enumerate(persons[f1_count:]):
        start = base + 86400 + (i % 600) * 60
        via = persons[i % f1_count]
        found.append(TraceExposure(2, start, pid, venue_id, start + 1200, via))
    return found


def synthetic_trace(c: Case, entries: list[TraceExposure]) -> TraceResult:
    columns = TraceColumns.of(sorted(entries))
    return TraceResult(case=c, depth=2, window=case_window(c), columns=columns)


def _run(impl: ModuleType, label: str, c: Case, result: TraceResult) -> None:
    count = [0]

    def counting(
        execute: Callable[..., object],
        sql: str,
        params: object,
        many: bool,
        context: dict[str, object],
    ) -> object:
        count[0] += 1
        return execute(sql, params, many, context)

    # the engine is measured elsewhere (bench/); through __dict__: a module's attributes are
    # read-only to mypy
    impl.__dict__["trace_case"] = lambda **_kw: result
    with connection.execute_wrapper(counting):
        began = time.perf_counter()
        done = impl.contacts_from_trace(actor=None, scope=Scope.everything(), case=c, depth=2)
        took = time.perf_counter() - began
    print(
        f"\n{connection.vendor} {label}: {took:.2f} s, {count[0]} queries, "
        f"{done.created} new contacts, {getattr(done, 'updated', '?')} updated, "
        f"{done.exposures} exposures"
    )


def test_measure_contacts_from_trace() -> None:
    impl = _implementation()
    c = case(person("Nguyễn Văn An"), isolated_at=at(12, 10))
    market = venue("Chợ Chư Sê")
    persons = crowd(N)
    entries = synthetic_entries(c, persons, market.pk)
    first = synthetic_trace(c, entries)
    print(f"\n{first.count()} entries, {N} persons")
    _run(impl, "first (all new)", c, first)
    _run(impl, "again (nothing new)", c, first)
    later = synthetic_entries(c, persons[: N // 2], market.pk, shift=3600)
    _run(impl, "half met again later (updates)", c, synthetic_trace(c, later + entries))
    assert Contact.objects.filter(case=c).count() == N
