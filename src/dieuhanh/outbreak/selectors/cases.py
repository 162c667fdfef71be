"""Reads of cases (F0) and what their investigation recorded: visits, exposures, contacts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Case, Contact, Exposure, Venue, Visit
from dieuhanh.outbreak.selectors.persons import User, require_outbreak_read
from dieuhanh.vn import sort_key


def cases_visible(*, user: User, scope: Scope) -> QuerySet[Case]:
    require_outbreak_read(user)
    return Case.objects.filter(scope.view_q("unit_path"))


def case_get(*, user: User, scope: Scope, case_id: int) -> Case:
    case = (
        cases_visible(user=user, scope=scope)
        .select_related("person", "person__unit")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound(_("No case %(id)s in your units."), id=case_id)
    return case


def case_for_person(*, user: User, scope: Scope, person_id: int) -> Case:
    case = (
        cases_visible(user=user, scope=scope)
        .select_related("person")
        .filter(person_id=person_id)
        .first()
    )
    if case is None:
        raise NotFound(_("Person %(id)s is not a confirmed case in your units."), id=person_id)
    return case


def case_visits(*, case: Case) -> list[Visit]:
    return list(case.visits.select_related("venue"))


def case_exposures(*, case: Case) -> list[Exposure]:
    return list(case_exposures_query(case=case))


def case_exposures_query(*, case: Case) -> QuerySet[Exposure]:
    """The case's exposures in order, unevaluated (pages of it)."""
    return case.exposures.select_related("venue").order_by("generation", "start", "id")


def case_contacts(*, case: Case) -> list[Contact]:
    return list(case_contacts_query(case=case))


def case_contacts_query(*, case: Case) -> QuerySet[Contact]:
    """The case's contacts in order, unevaluated (pages of it)."""
    return case.contacts.select_related("person").order_by("generation", "person_id")


def venues_all() -> list[Venue]:
    return sorted(Venue.objects.all(), key=lambda v: sort_key(v.name))
