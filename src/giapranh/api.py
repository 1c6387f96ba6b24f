"""The REST API at /api/v1/: token auth for machine clients, session auth for the UI."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from giapranh.accounts.services import api_token_authenticate


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


def _register() -> None:
    from giapranh.accounts.api import router as accounts_router
    from giapranh.territory.api import router as territory_router

    api.add_router("", accounts_router)
    api.add_router("", territory_router)


_register()
