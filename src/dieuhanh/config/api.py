"""The REST API (django-ninja) at /api/, with OpenAPI docs at /api/docs. Domain errors map here."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from dieuhanh.accounts.api import api_auth
from dieuhanh.accounts.api import router as accounts_router
from dieuhanh.core.api import router as periods_router
from dieuhanh.core.errors import DomainError, Unauthenticated, ValidationFailed
from dieuhanh.direction.api import router as direction_router
from dieuhanh.indicators.api import router as indicators_router
from dieuhanh.jobs.api import router as jobs_router
from dieuhanh.ntm.api import router as ntm_router
from dieuhanh.orgunits.api import router as orgunits_router
from dieuhanh.outbreak.api import router as outbreak_router
from dieuhanh.reports.api import router as reports_router


class DieuhanhAPI(NinjaAPI):
    """The project's API. Operation ids are `<app>_<endpoint>` (`outbreak_persons_list`), not
    ninja's default of the full module path: a client generated from the OpenAPI schema then
    survives endpoints moving between the modules of their app."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        app = operation.view_func.__module__.split(".")[1]
        return f"{app}_{operation.view_func.__name__}"


class LocalSwagger(Swagger):
    """Swagger UI from ninja's packaged files, never its CDN page. ninja picks the CDN page when
    "ninja" is not in INSTALLED_APPS, and it is not (settings.NINJA_DIR says why)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            # Session-authenticated calls from the page need the token; bearer ones do not.
            "add_csrf": isinstance(api.auth, (list, tuple))
            and any(getattr(a, "csrf", False) for a in api.auth),
        }
        return render(request, self.template, context)


api = DieuhanhAPI(
    title="dieuhanh API",
    version="1",
    description="Điều hành: indicators, outbreak response and direction of a Vietnamese local "
    "government. Authenticate with `Authorization: Bearer TOKEN` (`dieuhanh users token NAME`).",
    auth=api_auth,
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_decorator=login_required,
)
api.add_router("/", accounts_router)
api.add_router("/", orgunits_router)
api.add_router("/", periods_router)
api.add_router("/", indicators_router)
api.add_router("/", ntm_router)
api.add_router("/", outbreak_router)
api.add_router("/", direction_router)
api.add_router("/", reports_router)
api.add_router("/", jobs_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    response = api.create_response(request, exc.as_dict(), status=exc.status_code)
    if exc.status_code == 401:  # RFC 6750: say which scheme authenticates
        response["WWW-Authenticate"] = 'Bearer realm="dieuhanh"'
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """No credentials at all. A bearer token that is refused says why (accounts.services.
    token_use raises Unauthenticated with the reason: unknown, expired, revoked)."""
    return domain_error(
        request, Unauthenticated(_("Authentication required: send Authorization: Bearer TOKEN."))
    )


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    error = ValidationFailed(_("Invalid request: %(detail)s"), detail=_describe(exc.errors))
    return api.create_response(request, {**error.as_dict(), "errors": exc.errors}, status=422)


def _describe(errors: list[dict[str, Any]]) -> str:
    """`errors` as django-ninja gives them (pydantic's error dicts: `loc`, `msg` ...)."""
    parts = []
    for e in errors:
        loc = ".".join(str(x) for x in e.get("loc", ()) if x not in {"query", "path", "body"})
        parts.append(f"{loc}: {e.get('msg')}")
    return "; ".join(parts)
