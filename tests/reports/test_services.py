"""Writing the narrative of a section (reports/services.py): who may, where, and no silent
overwrite."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.errors import AccessDenied, ValidationFailed
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.scope import Scope
from dieuhanh.reports.models import SectionNote
from dieuhanh.reports.services import NoteConflict, section_note_save
from tests.conftest import MakeUser, unit_on


def save(
    user: User,
    section: str = "limitations",
    text: str = "Còn khó khăn.",
    version: int | None = None,
    unit: str = "633",
) -> SectionNote:
    from dieuhanh.accounts.selectors import user_scope

    return section_note_save(
        actor=user,
        role=user.role,
        scope=user_scope(user=user),
        unit_code=unit,
        period_code="2021S1",
        section=section,
        text=text,
        version=version,
    )


def test_a_leader_writes_the_limitations(make_user: MakeUser) -> None:
    note = save(make_user(Role.LEADER, capture=("633",)))
    assert (note.text, note.version) == ("Còn khó khăn.", 1)
    assert AuditEvent.objects.filter(action="reports.note_save").count() == 1


def test_the_second_save_needs_the_current_version(make_user: MakeUser) -> None:
    leader = make_user(Role.LEADER, capture=("633",))
    save(leader)
    assert save(leader, text="Bản sửa.", version=1).version == 2


def test_a_stale_version_is_a_conflict_keeping_both_texts(make_user: MakeUser) -> None:
    leader = make_user(Role.LEADER, capture=("633",))
    save(leader)
    save(leader, text="Bản của người khác.", version=1)
    with pytest.raises(NoteConflict) as info:
        save(leader, text="Bản của tôi.", version=1)
    assert (info.value.theirs, info.value.yours) == ("Bản của người khác.", "Bản của tôi.")
    assert SectionNote.objects.get().text == "Bản của người khác."


def test_two_first_saves_conflict_too(make_user: MakeUser) -> None:
    leader = make_user(Role.LEADER, capture=("633",))
    save(leader)
    with pytest.raises(NoteConflict):
        save(leader, text="Tôi cũng viết.", version=None)


def test_a_health_officer_writes_the_epidemic_section(make_user: MakeUser) -> None:
    officer = make_user(Role.HEALTH_OFFICER, capture=("633",))
    assert save(officer, section="epidemic").section == "epidemic"


def test_a_health_officer_may_not_write_the_security_section(make_user: MakeUser) -> None:
    officer = make_user(Role.HEALTH_OFFICER, capture=("633",))
    with pytest.raises(AccessDenied):
        save(officer, section="security")
    assert not SectionNote.objects.exists()


def test_a_viewer_writes_nothing(make_user: MakeUser) -> None:
    with pytest.raises(AccessDenied):
        save(make_user(Role.VIEWER, view=("633",)))


def test_a_leader_may_not_write_for_a_unit_outside_their_capture(make_user: MakeUser) -> None:
    leader = make_user(Role.LEADER, capture=("23962",))
    with pytest.raises(AccessDenied):
        save(leader, unit="633")
    assert not SectionNote.objects.exists()


def test_a_view_grant_is_not_enough_to_write(make_user: MakeUser) -> None:
    leader = make_user(Role.LEADER, view=("633",))
    with pytest.raises(AccessDenied):
        save(leader)


def test_an_unknown_section_is_refused(make_user: MakeUser) -> None:
    with pytest.raises(ValidationFailed):
        save(make_user(Role.LEADER, capture=("633",)), section="weather")


def test_the_console_scope_writes_anywhere(db: None) -> None:
    from django.contrib.auth.models import AnonymousUser

    note = section_note_save(
        actor=AnonymousUser(),
        role=Role.ADMIN,
        scope=Scope.everything(),
        unit_code="633",
        period_code="2021S1",
        section="directions",
        text="Tập trung chỉ đạo.",
        version=None,
    )
    assert note.unit == unit_on("633")
