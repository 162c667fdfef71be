"""Contacts (outbreak/services/contacts.py): exposures recorded by hand, and the contacts of a
trace (a few persons, then 300 and more): generations, follow-up dates, bounded queries, a
second run, scope and role denials."""

from __future__ import annotations

import datetime

import pytest
from pytest_django import DjangoAssertNumQueries

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import (
    Contact,
    ContactStatus,
    Exposure,
    ExposureSetting,
    Person,
    Venue,
)
from dieuhanh.outbreak.services.contacts import contacts_from_trace, exposure_record
from tests.conftest import MakeUser, unit_on
from tests.outbreak.crowds import crowd, later_visit, traced_crowd
from tests.outbreak.factories import (
    ALL,
    DUN,
    IA_BLANG,
    at,
    case,
    checkin,
    person,
    traced_setup,
    two_f2s,
    venue,
)

pytestmark = pytest.mark.django_db


def test_f2_contact_is_followed_up_from_the_last_meeting() -> None:
    c, _f1, f2s = two_f2s()
    contacts_from_trace(actor=None, scope=Scope.everything(), case=c, depth=2)
    contact = Contact.objects.get(case=c, person_id=f2s[0])
    assert contact.last_exposure_at == at(11, 10)
    assert contact.follow_up_until == datetime.date(2021, 7, 25)


def test_exposure_from_case_makes_an_f1_contact() -> None:
    c = case(person())
    friend = person("Phạm Thị Dung")
    exposure_record(
        actor=None,
        scope=ALL,
        case=c,
        source=c.person,
        exposed=friend,
        start=at(9, 18),
        end=at(9, 20),
        setting=ExposureSetting.HOUSEHOLD,
    )
    contact = Contact.objects.get(case=c, person=friend)
    assert (contact.generation, contact.follow_up_until) == (1, datetime.date(2021, 7, 23))


def test_exposure_via_f1_makes_an_f2_contact() -> None:
    c = case(person())
    f1, f2 = person("Phạm Thị Dung"), person("Đỗ Văn Em")
    exposure_record(
        actor=None,
        scope=ALL,
        case=c,
        source=c.person,
        exposed=f1,
        start=at(9, 18),
        end=at(9, 20),
        setting=ExposureSetting.HOUSEHOLD,
    )
    exposure_record(
        actor=None,
        scope=ALL,
        case=c,
        source=f1,
        exposed=f2,
        start=at(10, 8),
        end=at(10, 9),
        setting=ExposureSetting.WORK,
    )
    assert Contact.objects.get(case=c, person=f2).generation == 2


def test_exposure_from_a_stranger_is_refused() -> None:
    c = case(person())
    with pytest.raises(ValidationFailed):
        exposure_record(
            actor=None,
            scope=ALL,
            case=c,
            source=person("A"),
            exposed=person("B"),
            start=at(9, 18),
            end=at(9, 20),
            setting=ExposureSetting.OTHER,
        )


def test_contacts_from_trace_creates_follow_ups_once() -> None:
    c, f1, f2, _ = traced_setup()
    first = contacts_from_trace(actor=None, scope=ALL, case=c, depth=2)
    second = contacts_from_trace(actor=None, scope=ALL, case=c, depth=2)
    assert (first.created, second.created, second.exposures) == (2, 0, 0)
    assert first.person_ids == [f1.pk, f2.pk]
    assert Exposure.objects.filter(case=c).count() == 2


def test_contacts_from_trace_refuses_persons_outside_scope(make_user: MakeUser) -> None:
    c, f1, _f2, _ = traced_setup()
    f1.unit = unit_on(DUN)
    f1.unit_path = f1.unit.path
    f1.save()
    officer = make_user(role=Role.HEALTH_OFFICER, capture=(IA_BLANG,))
    with pytest.raises(AccessDenied):
        contacts_from_trace(actor=officer, scope=user_scope(user=officer), case=c)


def test_three_hundred_persons_take_a_bounded_number_of_queries(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    c, _f1, _f2 = traced_crowd(300, f2=30)
    with django_assert_max_num_queries(60):  # one upsert per person took > 1 000
        done = contacts_from_trace(actor=None, scope=ALL, case=c, depth=2)
    assert (done.total, done.created) == (330, 330)


def test_running_again_reads_a_handful_of_queries_and_writes_nothing(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    c, _f1, _f2 = traced_crowd(300, f2=30)
    contacts_from_trace(actor=None, scope=ALL, case=c, depth=2)
    with django_assert_max_num_queries(20):
        again = contacts_from_trace(actor=None, scope=ALL, case=c, depth=2)
    assert (again.created, again.updated, again.exposures) == (0, 0, 0)


def test_every_traced_person_becomes_one_contact_with_its_generation() -> None:
    c, f1, f2 = traced_crowd(40, f2=5)
    contacts_from_trace(actor=None, scope=ALL, case=c, depth=2)
    stored = dict(Contact.objects.filter(case=c).values_list("person_id", "generation"))
    assert stored == {**dict.fromkeys(f1, 1), **dict.fromkeys(f2, 2)}


def test_a_later_meeting_moves_the_last_exposure_and_raises_the_version() -> None:
    c, f1, _f2 = traced_crowd(20)
    contacts_from_trace(actor=None, scope=ALL, case=c)
    later_visit(c, f1[:5], day=11)
    done = contacts_from_trace(actor=None, scope=ALL, case=c)
    moved = Contact.objects.filter(case=c, person_id__in=f1[:5])
    assert done.updated == 5
    assert {(x.last_exposure_at, x.follow_up_until, x.version) for x in moved} == {
        (at(11, 8, 30), datetime.date(2021, 7, 25), 2)
    }


def test_persons_not_met_again_keep_their_contact_untouched() -> None:
    c, f1, _f2 = traced_crowd(20)
    contacts_from_trace(actor=None, scope=ALL, case=c)
    later_visit(c, f1[:5], day=11)
    contacts_from_trace(actor=None, scope=ALL, case=c)
    assert set(
        Contact.objects.filter(case=c, person_id__in=f1[5:]).values_list("version", flat=True)
    ) == {1}


def test_a_recorded_f2_traced_as_f1_takes_the_smaller_generation_and_its_via() -> None:
    index = person("Nguyễn Văn An")
    c = case(index, isolated_at=at(12, 10))
    friend, neighbour = person("Phạm Thị Dung"), person("Đỗ Văn Em")
    exposure_record(
        actor=None,
        scope=ALL,
        case=c,
        source=index,
        exposed=friend,
        start=at(9, 18),
        end=at(9, 20),
        setting=ExposureSetting.HOUSEHOLD,
    )
    exposure_record(
        actor=None,
        scope=ALL,
        case=c,
        source=friend,
        exposed=neighbour,
        start=at(10, 18),
        end=at(10, 19),
        setting=ExposureSetting.HOUSEHOLD,
    )
    market = venue()
    checkin(index, market, at(9, 7), at(9, 8))
    checkin(neighbour, market, at(9, 7, 30), at(9, 9))
    done = contacts_from_trace(actor=None, scope=ALL, case=c)
    contact = Contact.objects.get(case=c, person=neighbour)
    assert done.updated == 1
    # F1 now, via the case; the later exposure (10/07 19:00) stays the last one
    assert (contact.generation, contact.via_id, contact.last_exposure_at, contact.version) == (
        1,
        index.pk,
        at(10, 19),
        2,
    )


def test_a_traced_person_already_confirmed_is_marked_as_a_case() -> None:
    c, f1, _f2 = traced_crowd(10)
    case(Person.objects.get(pk=f1[3]), confirmed_at=at(13, 9))
    contacts_from_trace(actor=None, scope=ALL, case=c)
    assert Contact.objects.get(case=c, person_id=f1[3]).status == ContactStatus.BECAME_CASE
    assert Contact.objects.get(case=c, person_id=f1[4]).status == ContactStatus.FOLLOWING


def test_the_follow_up_ends_14_days_after_the_last_exposure_local_date() -> None:
    c, f1, _f2 = traced_crowd(3)
    contacts_from_trace(actor=None, scope=ALL, case=c)
    contact = Contact.objects.get(case=c, person_id=f1[0])
    assert contact.follow_up_until == datetime.date(2021, 7, 23)
    assert contact.unit_path == unit_on(IA_BLANG).path


def test_persons_outside_the_units_refuse_the_list_and_nothing_is_written(
    make_user: MakeUser,
) -> None:
    c, _f1, _f2 = traced_crowd(50)
    market = Venue.objects.get(name="Chợ Chư Sê")
    for pid in crowd(3, code=DUN, prefix="Ngoài"):
        checkin(Person.objects.get(pk=pid), market, at(9, 8), None)
    officer = make_user(role=Role.HEALTH_OFFICER, capture=(IA_BLANG,))
    with pytest.raises(AccessDenied) as refused:
        contacts_from_trace(actor=officer, scope=user_scope(user=officer), case=c)
    assert "3" in refused.value.render("en")
    assert not Contact.objects.exists() and not Exposure.objects.exists()


def test_the_same_list_is_granted_to_an_officer_of_the_district(make_user: MakeUser) -> None:
    c, f1, _f2 = traced_crowd(50)
    officer = make_user(role=Role.HEALTH_OFFICER, capture=("633",))
    done = contacts_from_trace(actor=officer, scope=user_scope(user=officer), case=c)
    assert done.created == len(f1)


def test_a_leader_may_not_turn_a_trace_into_contacts(make_user: MakeUser) -> None:
    c, _f1, _f2 = traced_crowd(5)
    leader = make_user(role=Role.LEADER, capture=("633",))
    with pytest.raises(AccessDenied):
        contacts_from_trace(actor=leader, scope=user_scope(user=leader), case=c)
    assert not Contact.objects.exists()
