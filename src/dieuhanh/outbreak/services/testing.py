"""Writes of testing (xét nghiệm): samples, pooled samples (gộp mẫu) and their results, which close
the scheduled tests they cover."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.errors import Conflict, NotFound, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import check_version, clean_or_raise
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.outbreak.models import (
    Pool,
    Sample,
    SampleKind,
    SampleResult,
    ScheduledTest,
    ScheduledTestReason,
)
from dieuhanh.outbreak.pure.pooling import MAX_POOL_SIZE
from dieuhanh.outbreak.selectors.persons import person_in_scope
from dieuhanh.outbreak.versions import bump as outbreak_bump


def _cover_scheduled(sample: Sample) -> None:
    """Mark the earliest open scheduled test due on or before the sample as done by it."""
    due = (
        ScheduledTest.objects.select_for_update()
        .filter(
            person_id=sample.person_id,
            due_on__lte=sample.collected_on,
            open=True,
        )
        .order_by("due_on", "id")
        .first()
    )
    if due is not None:
        due.done_sample = sample
        due.open = False
        due.save(update_fields=["done_sample", "open", "updated_at"])


def sample_record(
    *,
    actor: User | None,
    scope: Scope,
    person_id: int,
    kind: str,
    collected_on: datetime.date,
    result: str = SampleResult.PENDING,
    result_on: datetime.date | None = None,
) -> Sample:
    """Record an individual sample (and its result when known)."""
    if kind not in SampleKind.values:
        raise ValidationFailed(_("Unknown test kind: %(kind)s."), kind=kind)
    if result not in {SampleResult.PENDING, SampleResult.NEGATIVE, SampleResult.POSITIVE}:
        raise ValidationFailed(_("Unknown result: %(result)s."), result=result)
    if result != SampleResult.PENDING and result_on is None:
        result_on = collected_on
    if result_on is not None and result_on < collected_on:
        raise ValidationFailed(_("The result cannot come before the sample was collected."))
    with transaction.atomic():
        person = person_in_scope(scope=scope, person_id=person_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=person.unit_path)
        sample = Sample(
            person=person,
            unit_path=person.unit_path,
            kind=kind,
            collected_on=collected_on,
            result=result,
            result_on=result_on if result != SampleResult.PENDING else None,
        )
        clean_or_raise(sample)
        sample.save()
        _cover_scheduled(sample)
        audit_record(actor=actor, action="outbreak.sample_record", obj=sample)
        return sample


def sample_result_record(
    *,
    actor: User | None,
    scope: Scope,
    sample_id: int,
    result: str,
    result_on: datetime.date,
    version: int | None = None,
) -> Sample:
    """Record the result of an individual sample (a pooled one gets its pool's result)."""
    if result not in {SampleResult.NEGATIVE, SampleResult.POSITIVE}:
        raise ValidationFailed(_("Unknown result: %(result)s."), result=result)
    with transaction.atomic():
        s = (
            Sample.objects.select_for_update()
            .filter(scope.view_q("unit_path"), pk=sample_id)
            .first()
        )
        if s is None:
            raise NotFound(_("No sample %(id)s in your units."), id=sample_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=s.unit_path)
        check_version(current=s.version, seen=version, what=str(_("The sample")))
        if s.pool_id is not None and s.result == SampleResult.PENDING:
            raise ValidationFailed(_("This sample is in a pool: record the pool's result."))
        if result_on < s.collected_on:
            raise ValidationFailed(_("The result cannot come before the sample was collected."))
        s.result, s.result_on = result, result_on
        s.version = F("version") + 1
        s.save(update_fields=["result", "result_on", "version", "updated_at"])
        audit_record(
            actor=actor, action="outbreak.sample_result", obj=s, changes={"result": result}
        )
        s.refresh_from_db()
        return s


def pool_create(
    *,
    actor: User | None,
    scope: Scope,
    unit_code: str,
    code: str,
    collected_on: datetime.date,
    person_ids: Sequence[int],
) -> Pool:
    """A pooled PCR test of several people (gộp mẫu): one pending sample per member."""
    code = code.strip()
    if not code:
        raise ValidationFailed(_("The pool needs a code."))
    ids = list(dict.fromkeys(person_ids))
    if len(ids) != len(person_ids):
        raise ValidationFailed(_("A person is listed twice in the pool."))
    if not 2 <= len(ids) <= MAX_POOL_SIZE:
        raise ValidationFailed(
            _("A pool holds 2 to %(max)s samples; %(n)s given."), max=MAX_POOL_SIZE, n=len(ids)
        )
    with transaction.atomic():
        unit = unit_resolve(code=unit_code, on=collected_on, scope=scope)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=unit.path)
        if Pool.objects.filter(code=code).exists():
            raise Conflict(_("Pool code %(code)s is already used."), code=code)
        persons = [person_in_scope(scope=scope, person_id=pid) for pid in ids]
        for p in persons:
            check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=p.unit_path)
        pool = Pool(code=code, unit=unit, unit_path=unit.path, collected_on=collected_on)
        clean_or_raise(pool)
        pool.save()
        for p in persons:
            s = Sample(
                person=p,
                unit_path=p.unit_path,
                kind=SampleKind.PCR,
                collected_on=collected_on,
                pool=pool,
            )
            s.save()
            _cover_scheduled(s)
        audit_record(
            actor=actor, action="outbreak.pool_create", obj=pool, changes={"size": len(ids)}
        )
        return pool


def pool_result_record(
    *,
    actor: User | None,
    scope: Scope,
    code: str,
    result: str,
    result_on: datetime.date,
    version: int | None = None,
) -> Pool:
    """The pool's result: negative clears every member; positive makes each member due for an
    individual retest on the result date (Dorfman's second stage)."""
    if result not in {SampleResult.NEGATIVE, SampleResult.POSITIVE}:
        raise ValidationFailed(_("Unknown result: %(result)s."), result=result)
    with transaction.atomic():
        pool = Pool.objects.select_for_update().filter(scope.view_q("unit_path"), code=code).first()
        if pool is None:
            raise NotFound(_("No pooled test %(code)s in your units."), code=code)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=pool.unit_path)
        check_version(current=pool.version, seen=version, what=str(_("The pooled test")))
        if pool.result != SampleResult.PENDING:
            raise Conflict(_("Pool %(code)s already has a result."), code=code)
        if result_on < pool.collected_on:
            raise ValidationFailed(_("The result cannot come before the sample was collected."))
        pool.result, pool.result_on = result, result_on
        pool.version = F("version") + 1
        pool.save(update_fields=["result", "result_on", "version", "updated_at"])
        members = list(pool.samples.all())
        member_result = (
            SampleResult.NEGATIVE if result == SampleResult.NEGATIVE else SampleResult.RETEST
        )
        Sample.objects.filter(pool=pool).update(result=member_result, result_on=result_on)
        outbreak_bump()  # the update and bulk_create send no signal
        if result == SampleResult.POSITIVE:
            ScheduledTest.objects.bulk_create(
                ScheduledTest(
                    person_id=s.person_id,
                    unit_path=s.unit_path,
                    pool=pool,
                    reason=ScheduledTestReason.POOL_RETEST,
                    due_on=result_on,
                )
                for s in members
            )
        audit_record(
            actor=actor, action="outbreak.pool_result", obj=pool, changes={"result": result}
        )
        pool.refresh_from_db()
        return pool
