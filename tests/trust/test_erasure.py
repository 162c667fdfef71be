"""Erasure means erasure: after `person_anonymise`, the person's name, phone and CCCD (those
before a correction too), address, village and household coordinates are in no column of any
table, nor in a backup taken afterwards.

The person goes through every service that copies an identity (tests/outbreak/erasure.py), and
is read through the API and the page (logged reads). Before the anonymisation the same search
finds each copy: it would see them. In the test database on both passes (SQLite and
PostgreSQL); the backup on a committed copy of the demo, on SQLite and, under
scripts/with-postgres.sh, on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.services import ERASED
from dieuhanh.outbreak.models import Person
from tests.auth import bearer
from tests.conftest import MakeUser, unit_on
from tests.outbreak.erasure import identity_found, identity_in_bytes, leave_traces
from tests.trust.live import ENGINES, Site, cli

ROOT = Path(__file__).resolve().parents[2]
# One step of tests/outbreak/erasure.py, in a child process on the site's database.
STEP = (
    "import sys, django; django.setup(); "
    "from tests.outbreak.erasure import main; main(sys.argv[1:])"
)
IA_BLANG = "23962"

# Where the services copy the identity, each found before the anonymisation.
COPIES = {
    "outbreak_person.full_name",
    "outbreak_person.id_number",
    "outbreak_person.phone",
    "outbreak_person.address",
    "outbreak_person.village",
    "outbreak_person.search_key",
    "outbreak_personlocation.latitude",
    "outbreak_personlocation.household",
    "outbreak_case.place",
    "outbreak_visit.place",
    "outbreak_visit.note",
    "outbreak_exposure.note",
    "outbreak_healthcheck.note",
    "outbreak_quarantine.release_note",
    "outbreak_personaldataaccess.reason",
    "core_auditevent.changes",
    "core_auditevent.object_repr",
}


@pytest.fixture
def officer(make_user: MakeUser) -> User:
    return make_user(role=Role.HEALTH_OFFICER, capture=("633",))


@pytest.fixture
def traced(officer: User, client: Client) -> Person:
    """The person with every copy made, and read through the API and the page."""
    p = leave_traces(actor=officer, scope=user_scope(user=officer), unit=unit_on(IA_BLANG))
    assert client.get(f"/api/outbreak/persons/{p.pk}", **bearer(officer)).status_code == 200
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/outbreak/persons/{p.pk}/").status_code == 200
    return p


def _anonymise(client: Client, officer: User, person: Person) -> None:
    response = client.post(
        f"/api/outbreak/persons/{person.pk}/anonymise",
        {"reason": "Hết căn cứ pháp lý (Nghị định 13/2023/NĐ-CP)"},
        content_type="application/json",
        **bearer(officer),
    )
    assert response.status_code == 200, response.content
    assert response.json()["anonymised"] is True


@pytest.mark.django_db
def test_before_the_anonymisation_the_search_finds_every_copy(traced: Person) -> None:
    assert COPIES - set(identity_found()) == set()


@pytest.mark.django_db
def test_after_the_anonymisation_no_column_of_any_table_holds_the_identity(
    traced: Person, officer: User, client: Client
) -> None:
    _anonymise(client, officer, traced)
    assert identity_found() == {}


@pytest.mark.django_db
def test_the_events_stay_with_the_marker_in_place_of_the_identity(
    traced: Person, officer: User, client: Client
) -> None:
    events = AuditEvent.objects.filter(object_type="outbreak.person", object_id=str(traced.pk))
    before = list(events.order_by("id").values_list("id", "at", "actor_label", "action"))
    _anonymise(client, officer, traced)
    after = list(events.order_by("id").values_list("id", "at", "actor_label", "action"))
    assert after[: len(before)] == before
    correction = events.get(action="outbreak.person.correct").changes
    assert correction["full_name"] == [ERASED, ERASED]


# --- a backup taken after the anonymisation -------------------------------------------------


def _snapshot_bytes(backup: Path, work: Path) -> bytes:
    """The database inside a backup file: the SQLite file itself, or a PostgreSQL custom dump
    turned back into SQL text (the dump compresses its data)."""
    with tarfile.open(backup) as tar:
        raw = tar.extractfile("manifest.json")
        assert raw is not None
        manifest = json.loads(raw.read())
        member, engine = str(manifest["member"]), str(manifest["engine"])
        tar.extract(member, work, filter="data")
    snapshot = work / member
    if engine == "sqlite":
        return snapshot.read_bytes()
    from dieuhanh.core.backup import _pg_bin

    sql: bytes = subprocess.run(
        [_pg_bin("pg_restore"), "--file=-", str(snapshot)],
        check=True,
        capture_output=True,
        timeout=600,
    ).stdout
    return sql


def _step(env: dict[str, str], *args: str) -> dict[str, object]:
    """One step of tests/outbreak/erasure.py in a child process, on the site's database."""
    done = subprocess.run(
        [sys.executable, "-c", STEP, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    answer: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


@pytest.mark.parametrize("site", ENGINES, indirect=True)
def test_a_backup_taken_after_the_anonymisation_holds_no_identity(
    site: Site, tmp_path: Path
) -> None:
    env = {**site.env, "DJANGO_SETTINGS_MODULE": "dieuhanh.config.settings"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    left = _step(env, "leave")
    found = left["found"]
    assert isinstance(found, dict)
    assert COPIES - set(found) == set()
    cli(site.env, "backup", "-o", str(tmp_path / "before.tar.gz"))
    # The search of the file sees the identity while it is there.
    assert identity_in_bytes(_snapshot_bytes(tmp_path / "before.tar.gz", tmp_path / "before"))
    erased = _step(env, "anonymise", str(left["person"]))
    assert erased["found"] == {}  # no column of any table, the whole demo included
    cli(site.env, "backup", "-o", str(tmp_path / "after.tar.gz"))
    assert identity_in_bytes(_snapshot_bytes(tmp_path / "after.tar.gz", tmp_path / "after")) == []
