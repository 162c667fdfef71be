"""The kernel's access checks: who acts in a request, whether their role reads a module (for
pages and django-ninja endpoints alike), and whether they may write to a unit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from ninja import Router, Schema
from ninja.testing import TestClient

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.permissions import Module, check_write, require_write
from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope
from tests.factories import UserFactory

CHU_SE = "/64:20190101/633:20190101/"
IA_BLANG = CHU_SE + "23962:20190101/"
PLEI_KU = "/64:20190101/622:20190101/"


class EchoIn(Schema):
    """Defined here, in the endpoint's module: ninja must find it through the decorator."""

    text: str


router = Router()


@router.post("/echo")
@module_required(Module.INDICATORS)
def echo(request: HttpRequest, payload: EchoIn) -> dict[str, str]:
    return {"text": payload.text, "by": request_user(request).role}


@module_required(Module.OUTBREAK)
def outbreak_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def user(role: str) -> User:
    built: User = UserFactory.build(role=role)
    return built


def test_an_endpoint_behind_the_check_reads_its_schema_from_its_own_module() -> None:
    response = TestClient(router).post(
        "/echo", json={"text": "Chư Sê"}, user=user(Role.DATA_OFFICER)
    )
    assert response.json() == {"text": "Chư Sê", "by": Role.DATA_OFFICER}


def test_an_endpoint_refuses_a_role_without_the_module() -> None:
    with pytest.raises(AccessDenied):
        TestClient(router).post("/echo", json={"text": "x"}, user=user(Role.SECURITY_OFFICER))


def test_a_page_lets_a_role_with_the_module_in() -> None:
    request = RequestFactory().get("/outbreak/")
    request.user = user(Role.HEALTH_OFFICER)
    assert outbreak_page(request).status_code == 200


def test_a_page_refuses_a_role_without_the_module() -> None:
    request = RequestFactory().get("/outbreak/")
    request.user = user(Role.DATA_OFFICER)
    with pytest.raises(AccessDenied):
        outbreak_page(request)


def test_the_request_user_is_the_logged_in_user() -> None:
    request = RequestFactory().get("/")
    request.user = officer = user(Role.DATA_OFFICER)
    assert request_user(request) is officer


def test_an_anonymous_request_has_no_user() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(AccessDenied):
        request_user(request)


def test_the_system_writes_without_a_role() -> None:
    require_write(None, Module.OUTBREAK)


def test_a_role_must_write_every_module_asked() -> None:
    with pytest.raises(AccessDenied) as caught:
        require_write(user(Role.LEADER), (Module.INDICATORS, Module.OUTBREAK))
    assert "epidemic" in caught.value.render("en")


def test_a_write_inside_the_scope_passes() -> None:
    scope = Scope(view_paths=(CHU_SE,), capture_paths=(CHU_SE,))
    check_write(
        actor=user(Role.DATA_OFFICER), scope=scope, modules=Module.INDICATORS, unit_path=IA_BLANG
    )


def test_a_write_outside_the_scope_names_the_unit() -> None:
    scope = Scope(view_paths=(CHU_SE,), capture_paths=(CHU_SE,))
    with pytest.raises(AccessDenied) as caught:
        check_write(
            actor=user(Role.DATA_OFFICER),
            scope=scope,
            modules=Module.INDICATORS,
            unit_path=PLEI_KU,
            unit_name="Thành phố Pleiku",
        )
    assert "Thành phố Pleiku" in caught.value.render("vi")


def test_a_view_grant_does_not_let_one_write() -> None:
    scope = Scope(view_paths=(CHU_SE,))
    with pytest.raises(AccessDenied):
        check_write(
            actor=user(Role.DATA_OFFICER),
            scope=scope,
            modules=Module.INDICATORS,
            unit_path=IA_BLANG,
        )


def test_the_role_is_checked_before_the_unit() -> None:
    with pytest.raises(AccessDenied) as caught:
        check_write(
            actor=user(Role.VIEWER),
            scope=Scope.nothing(),
            modules=Module.NTM,
            unit_path=IA_BLANG,
        )
    assert "new-rural" in caught.value.render("en")
