"""Fixtures of the trust tests: the demo loaded once per module into the test database (rolled
back at the end), users of every role in two sibling communes, and their API tokens."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from dieuhanh.accounts.models import Access, Role, User, UserScope
from dieuhanh.accounts.services import token_issue
from tests.conftest import unit_on

# Xã Ia Blang (scope A, holds the data) and Xã Dun (scope B), both of Huyện Chư Sê in 2021.
UNIT_A = "23962"
UNIT_B = "23965"
NAME_A = "Ia Blang"
ON = datetime.date(2021, 7, 1)


@dataclass
class World:
    """Users per role of each commune (capture grant), with a bearer token each."""

    users: dict[tuple[str, str], User] = field(default_factory=dict)
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)
    admin: User | None = None


# Objects the demo does not make (uploaded files), made here in scope A when it lacks them:
# model -> (parent model, parent's unit field, foreign key to the parent, text field).
FILES_IF_MISSING: dict[str, tuple[str, str, str, str]] = {
    "ntm.Attachment": ("ntm.Assessment", "unit", "assessment", "name"),
    "direction.ConferenceDocument": ("direction.Conference", "unit", "conference", "title"),
}


def _files_if_missing() -> None:
    from django.apps import apps
    from django.core.files.base import ContentFile

    from dieuhanh.orgunits.models import OrgUnit

    a_path = OrgUnit.objects.filter(code=UNIT_A).values_list("path", flat=True).first()
    b_path = OrgUnit.objects.filter(code=UNIT_B).values_list("path", flat=True).first()
    for label, (parent_label, unit_field, fk, text) in FILES_IF_MISSING.items():
        try:
            model, parent_model = apps.get_model(label), apps.get_model(parent_label)
        except LookupError:
            continue
        if model.objects.exists():
            continue
        parents = parent_model.objects.order_by("pk")
        parent = (
            parents.filter(**{f"{unit_field}__path__startswith": a_path}).first()
            or parents.exclude(**{f"{unit_field}__path__startswith": b_path}).first()
        )
        if parent is None:
            continue
        made = model(**{fk: parent, text: "Biên bản kiểm thử.pdf"})
        made.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4 kiem thu"), save=False)
        made.save()
    # A progress report of a task with its attached file (the demo's have none).
    try:
        progress_model = apps.get_model("direction.TaskProgress")
    except LookupError:
        return
    if not progress_model.objects.exclude(attachment="").exists():
        progresses = progress_model.objects.order_by("pk")
        progress = (
            progresses.filter(task__lead_unit__path__startswith=a_path).first()
            or progresses.exclude(task__lead_unit__path__startswith=b_path).first()
        )
        if progress is not None:
            progress.attachment.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 tien do"), save=True)


def _finished_job(owner: User) -> None:
    """A finished background job of scope A's leader with its result file (SAMPLES["job_id"])."""
    from dieuhanh.jobs.context import JobContext
    from dieuhanh.jobs.models import Job, JobState

    job = Job.objects.create(
        kind="reports.review_batch",
        owner=owner,
        unit=unit_on(UNIT_A, ON),
        title="Báo cáo sơ kết Ia Blang",
        state=JobState.SUCCEEDED,
        progress=100,
        worker_id="trust",
    )
    JobContext(job, worker_id="trust").write_result(
        "bao-cao-ia-blang.zip", b"PK\x05\x06" + bytes(18)
    )


@pytest.fixture(scope="module")
def world(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    from django.test import override_settings

    from dieuhanh.demo.services import demo_load

    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_load()
            _files_if_missing()
            made = World()
            for role in Role.values:
                for side, code in (("A", UNIT_A), ("B", UNIT_B)):
                    user = User.objects.create(
                        username=f"trust_{side}_{role}",
                        role=role,
                        full_name=f"Kiểm thử {side} {role}",
                        is_staff=role == Role.ADMIN,
                        is_superuser=role == Role.ADMIN,
                    )
                    if role != Role.ADMIN:
                        UserScope.objects.create(
                            user=user, unit=unit_on(code, ON), access=Access.CAPTURE
                        )
                    made.users[(side, role)] = user
                    made.tokens[(side, role)] = token_issue(user=user)
            made.admin = made.users[("A", Role.ADMIN)]
            _finished_job(made.users[("A", Role.LEADER)])
            # A token no test authenticates with: the sample the sweeps revoke (SAMPLES).
            token_issue(user=made.users[("A", Role.VIEWER)])
            yield made
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


from tests.trust.live import pg_demo_template, site  # noqa: E402, F401  (live-server fixtures)
