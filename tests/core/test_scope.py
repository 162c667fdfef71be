"""Scopes (core/scope.py): path checks by prefix, view without capture, filters of the unit tree."""

from __future__ import annotations

import pytest

from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from tests.conftest import unit_on


def test_scope_path_check_is_by_prefix() -> None:
    scope = Scope(view_paths=("/64:20190101/",))
    assert scope.can_view_path("/64:20190101/633:20190101/")
    assert not scope.can_view_path("/640:20190101/")


def test_view_scope_grants_no_capture() -> None:
    assert not Scope(view_paths=("/64:20190101/",)).can_capture_path("/64:20190101/")


@pytest.mark.django_db
def test_empty_scope_filters_everything_out() -> None:
    assert not OrgUnit.objects.filter(Scope.nothing().view_q()).exists()


@pytest.mark.django_db
def test_scope_filter_keeps_the_subtree_only() -> None:
    scope = Scope(view_paths=(unit_on("633").path,))
    codes = set(OrgUnit.objects.filter(scope.view_q()).values_list("code", flat=True))
    assert len(codes) == 16 and "23965" in codes and "64" not in codes


def test_identity_paths_default_to_the_view_paths() -> None:
    scope = Scope(view_paths=("/1/",))
    assert scope.can_see_identity_path("/1/2/") and not scope.can_see_identity_path("/3/")


def test_identity_paths_narrow_what_the_view_shows() -> None:
    scope = Scope(view_paths=("/1/", "/3/"), identity_paths=("/1/",))
    assert scope.can_view_path("/3/4/") and not scope.can_see_identity_path("/3/4/")
