"""The REST API at /api/v1/: token auth for machine clients, session auth for the UI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from giapranh.accounts.services import api_token_authenticate
from giapranh.core.services import RecordInUse


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="GiapRanh API",
    version="1",
    description="API of the cross-border public-order cluster information system.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Service validation errors name their fields, like ninja's own 422s."""
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": ["body", field], "msg": " ".join(str(m) for e in errors for m in e.messages), "type": "value_error"}
            for field, errors in exc.error_dict.items()
        ]
    else:
        detail = [{"loc": ["body"], "msg": " ".join(exc.messages), "type": "value_error"}]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(RecordInUse)
def _record_in_use(request: HttpRequest, exc: RecordInUse) -> HttpResponse:
    """A delete that other records still depend on: the request conflicts with the data, not malformed."""
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("You may not do this.")}, status=403)


def _register() -> None:
    from giapranh.accounts.api import router as accounts_router
    from giapranh.community.api import router as community_router
    from giapranh.exchange.api import router as exchange_router
    from giapranh.incidents.api import router as incidents_router
    from giapranh.people.api import router as people_router
    from giapranh.reports.api import router as reports_router
    from giapranh.territory.api import router as territory_router

    api.add_router("", accounts_router)
    api.add_router("", territory_router)
    api.add_router("", people_router)
    api.add_router("", incidents_router)
    api.add_router("/reports", reports_router)
    api.add_router("", exchange_router)
    api.add_router("", community_router)


_register()
